import type { Migration } from './migration';

/** What each vault has stored in the BlobStore: usage totals and garbage collection read it. */
export const blobsMigration: Migration = {
  version: 3,
  name: 'blobs',
  up: [
    `CREATE TABLE blobs (
      vault_id text COLLATE "C" NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
      hash text COLLATE "C" NOT NULL,
      size bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (vault_id, hash)
    )`,
  ],
  down: [`DROP TABLE blobs`],
};
