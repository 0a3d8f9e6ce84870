import { initialMigration } from './001-initial';
import { documentKeysCollateCMigration } from './002-document-keys-collate-c';
import { blobsMigration } from './003-blobs';
import { administrationMigration } from './004-administration';
import type { Migration } from './migration';

/** Every schema step, oldest first. Append only: a released version never changes. */
export const migrations: readonly Migration[] = [
  initialMigration,
  documentKeysCollateCMigration,
  blobsMigration,
  administrationMigration,
];
