import type { Migration } from './migration';

/**
 * Accounts, devices, vaults, documents and revisions. Server bookkeeping (seq, device, times)
 * sits in columns beside `data`, never inside it (docs/sync-protocol.md R2).
 */
export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  up: [
    `CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'member')),
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`,
    `CREATE TABLE invites (
      code_hash text PRIMARY KEY,
      email text,
      created_by text REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_by text REFERENCES users(id) ON DELETE SET NULL,
      used_at timestamptz
    )`,
    `CREATE TABLE devices (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`,
    `CREATE INDEX devices_user_idx ON devices (user_id)`,
    `CREATE TABLE vaults (
      id text PRIMARY KEY,
      owner_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      last_seq bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX vaults_owner_idx ON vaults (owner_id)`,
    `CREATE TABLE documents (
      vault_id text NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
      collection text NOT NULL,
      id text NOT NULL,
      data jsonb NOT NULL,
      deleted boolean NOT NULL DEFAULT false,
      seq bigint NOT NULL,
      size_bytes integer NOT NULL,
      device_id text REFERENCES devices(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (vault_id, collection, id)
    )`,
    `CREATE UNIQUE INDEX documents_pull_idx ON documents (vault_id, collection, seq)`,
    `CREATE TABLE revisions (
      id bigserial PRIMARY KEY,
      vault_id text NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,
      collection text NOT NULL,
      document_id text NOT NULL,
      data jsonb NOT NULL,
      deleted boolean NOT NULL,
      seq bigint NOT NULL,
      replaced_at timestamptz NOT NULL DEFAULT now(),
      replaced_by_device text REFERENCES devices(id) ON DELETE SET NULL
    )`,
    `CREATE INDEX revisions_document_idx ON revisions (vault_id, collection, document_id, id DESC)`,
  ],
  down: [
    `DROP TABLE revisions`,
    `DROP TABLE documents`,
    `DROP TABLE vaults`,
    `DROP TABLE devices`,
    `DROP TABLE invites`,
    `DROP TABLE users`,
  ],
};
