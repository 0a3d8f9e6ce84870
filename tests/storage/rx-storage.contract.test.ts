import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll } from 'vitest';
import { getRxStorageSqlite } from '../../src-main/db/sqlite-storage/index.js';
import { describeRxStorageContract } from './rx-storage.contract.js';
import { removeTempDirs, tempDir, type AnyStorage } from './storage-test-helpers.js';

/** The RxStorage contract on RxDB's memory storage (the reference behaviour) and on ours. */

const sqliteDirectory = tempDir('contract');
const sqliteStorage = (): AnyStorage => getRxStorageSqlite({ directory: sqliteDirectory });

describeRxStorageContract('memory', () => getRxStorageMemory(), { reopenSupported: false });
describeRxStorageContract('sqlite', sqliteStorage, { reopenSupported: true });

// After every suite of the file: each has closed its instances by then.
afterAll(() => removeTempDirs());
