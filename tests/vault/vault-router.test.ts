import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appRouter } from '../../src-main/app-router';
import { createCallerFactory } from '../../src-main/trpc';
import type { VaultJob } from '../../src-shared/api/vault-api';
import { createTestHost } from '../support/test-host';
import { reasonOfCall } from '../support/reason-of-call';
import { useTempDirs } from '../support/temp-dir';

const createCaller = createCallerFactory(appRouter);
const tempDir = useTempDirs(afterEach);

describe('vault.* router', () => {
  let env: Awaited<ReturnType<typeof createTestHost>>;
  afterEach(async () => env?.dispose());

  it('imports through startImport, streams jobs, pages the report, names its refusals', async () => {
    env = await createTestHost('memory');
    const api = createCaller(env.host.createContext());
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, 'Hello.md'), 'hello');
    fs.writeFileSync(path.join(dir, 'a:b.md'), 'colon');

    const seen: VaultJob[] = [];
    const stream = await api.vault.jobs();
    const started = await api.vault.startImport({ dir });
    for await (const job of stream) {
      seen.push(job);
      // Leaving the loop ends the subscription.
      if (job.jobId === started.jobId && job.finishedAt !== null) break;
    }
    expect(seen.at(-1)).toMatchObject({ state: 'done', notes: 2, filesDone: 2 });
    expect(await api.vault.job({ jobId: started.jobId })).toMatchObject({ state: 'done' });
    expect(await api.vault.report({ jobId: started.jobId, offset: 1, limit: 1 })).toEqual({
      total: 2,
      entries: [{ path: 'a:b.md', kind: 'ILLEGAL_ON_WINDOWS' }],
    });

    expect(await reasonOfCall(api.vault.job({ jobId: 'nope' }))).toBe('JOB_NOT_FOUND');
    expect(await reasonOfCall(api.vault.startImport({ dir: path.join(dir, 'missing') }))).toBe(
      'IMPORT_DIR_NOT_FOUND',
    );
    expect(await reasonOfCall(api.vault.startExport({ dir }))).toBe('EXPORT_DIR_NOT_EMPTY');
    expect(await reasonOfCall(api.vault.startImport({ dir: '' }))).toBe('INVALID_INPUT');
  });
});
