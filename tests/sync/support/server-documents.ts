import { replicatedNoteSchema, type ReplicatedNote } from '../../../src-shared/sync/protocol';
import { createSyncAccountStore } from '../../../src-main/sync/account-store';
import { httpClient, syncFields } from '../../support/sync-server';
import type { Device } from './sync-devices';

/** A note with its keys in one fixed order, so two copies compare as JSON text. */
export function canonicalNote(note: ReplicatedNote): ReplicatedNote {
  const { id, title, body, tags, folder, createdAt, updatedAt, trashedAt, needsReview, _deleted } = note;
  return { id, title, body, tags: [...tags], folder, createdAt, updatedAt, trashedAt, needsReview, _deleted };
}

export function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The session a signed-in device holds (its token from its keychain), read the way the device
 * reads it, so a test can ask the server what it stores without signing in once more (argon2).
 */
export async function sessionOf(device: Device): Promise<{ token: string; vaultId: string }> {
  const accounts = createSyncAccountStore({ settings: device.settings, secrets: device.secrets });
  const record = accounts.get();
  if (!record) throw new Error(`${device.name} is not signed in`);
  const token = await accounts.readToken(record);
  if (!token) throw new Error(`${device.name} has no session token`);
  return { token, vaultId: record.vaultId };
}

/** Every document of the vault, tombstones included, as a device pulls it from the beginning (R5). */
export async function pullAll(serverUrl: string, token: string, vaultId: string): Promise<ReplicatedNote[]> {
  const client = httpClient(serverUrl, token);
  const batchSize = 2_000;
  const all: ReplicatedNote[] = [];
  let checkpoint: { seq: number } | null = null;
  for (;;) {
    const output = await client.sync.pull.query({ ...syncFields(vaultId), checkpoint, batchSize });
    all.push(...output.documents.map((doc) => canonicalNote(replicatedNoteSchema.parse(doc))));
    checkpoint = output.checkpoint;
    if (output.documents.length < batchSize) return all.sort(byId);
  }
}
