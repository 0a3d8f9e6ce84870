import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHost } from '../support/test-host';
import { useTempDirs } from '../support/temp-dir';

describe('host lifecycle', () => {
  const tempDir = useTempDirs(afterEach);

  it('closes what it opened when a later step of the start fails', async () => {
    const dataDir = tempDir();
    const notADirectory = path.join(dataDir, 'templates.md');
    fs.writeFileSync(notADirectory, '# not a folder');
    await expect(createTestHost('sqlite', { dataDir, templatesDir: notADirectory })).rejects.toThrow(
      /ENOTDIR/,
    );
    // SQLite removes a WAL file when its last connection closes.
    expect(fs.existsSync(path.join(dataDir, 'db', 'search.sqlite-wal'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'db', 'quire.sqlite-wal'))).toBe(false);
    const { dispose } = await createTestHost('sqlite', { dataDir });
    await dispose();
  });

  it('rebuilds a search index file it cannot read instead of refusing to open the vault', async () => {
    const dataDir = tempDir();
    const first = await createTestHost('sqlite', { dataDir });
    const note = await first.host.services.notes.create({ title: 'Fleet', body: 'zeppelin' });
    await first.host.flush();
    await first.dispose();
    fs.writeFileSync(path.join(dataDir, 'db', 'search.sqlite'), 'not a database '.repeat(512));

    const second = await createTestHost('sqlite', { dataDir });
    try {
      const { hits } = await second.host.services.notes.search({ query: 'zeppelin', limit: 10 });
      expect(hits.map((hit) => hit.id)).toEqual([note.id]);
    } finally {
      await second.dispose();
    }
  });
});
