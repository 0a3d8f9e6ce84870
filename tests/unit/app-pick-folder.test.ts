import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallerFactory, reasonOf } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import type { FolderPicker } from '../../src-main/app/folder-picker';
import { createTestHost } from '../support/test-host';
import type { Host } from '../../src-main/host';
import { TRPCError } from '@trpc/server';

const createCaller = createCallerFactory(appRouter);

describe('app.capabilities, app.pickFolder and app.shellCommands', () => {
  let host: Host;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ host, dispose } = await createTestHost('memory'));
  });
  afterEach(async () => {
    await dispose();
  });

  it('without a shell folder dialog (web mode, tests) says so, and refuses to pick', async () => {
    const api = createCaller(host.createContext());
    expect(await api.app.capabilities()).toEqual({ folderPicker: false });
    const failure = await api.app.pickFolder({ purpose: 'import' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TRPCError);
    expect(reasonOf(failure as TRPCError)).toBe('INVALID_INPUT');
  });

  it('with one, answers the chosen folder or that the dialog was cancelled', async () => {
    const pick = vi.fn<FolderPicker['pick']>().mockResolvedValueOnce({ path: '/home/ada/Notes' });
    pick.mockResolvedValueOnce({ cancelled: true });
    const api = createCaller({ ...host.createContext(), folderPicker: { pick } });
    expect(await api.app.capabilities()).toEqual({ folderPicker: true });
    expect(await api.app.pickFolder({ purpose: 'import' })).toEqual({ path: '/home/ada/Notes' });
    expect(await api.app.pickFolder({ purpose: 'export' })).toEqual({ cancelled: true });
    expect(pick.mock.calls).toEqual([['import'], ['export']]);
    // @ts-expect-error: only import and export have a folder to choose
    await expect(api.app.pickFolder({ purpose: 'anything' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("passes the shell menu's items to a subscribed window, in order (app.shellCommands)", async () => {
    const iterator = (await createCaller(host.createContext()).app.shellCommands())[Symbol.asyncIterator]();
    const first = iterator.next();
    // The subscription starts on the first `next` (promise work only); a macrotask later it is on.
    await new Promise((resolve) => setTimeout(resolve, 20));
    host.shellCommands.send('importFolder');
    host.shellCommands.send('openAttachments');
    expect((await first).value).toBe('importFolder');
    expect((await iterator.next()).value).toBe('openAttachments');
    await iterator.return?.();
  });
});
