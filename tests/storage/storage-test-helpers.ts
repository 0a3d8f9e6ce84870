/**
 * Shared plumbing of the storage tests (contract suite, differential fuzz, crash writer):
 * creating raw RxStorage instances the way RxDB does, and building write rows and queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRevision,
  fillWithDefaultSettings,
  normalizeMangoQuery,
  now,
  prepareQuery,
  randomToken,
  type BulkWriteRow,
  type MangoQuery,
  type RxAttachmentData,
  type RxAttachmentWriteData,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxStorage,
  type RxStorageInstance,
} from 'rxdb';

/** Any storage under test; options are `{}` for both the memory and the SQLite storage. */
export type AnyStorage = RxStorage<unknown, Record<string, never>>;
export type AnyInstance<T> = RxStorageInstance<T, unknown, Record<string, never>>;

const createdDirectories: string[] = [];

export function tempDir(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), `quire-${prefix}-`));
  createdDirectories.push(directory);
  return directory;
}

/** Deletes every directory tempDir() made in this process (call after closing the storages). */
export function removeTempDirs(): void {
  for (const directory of createdDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** The schema as RxDB hands it to storages (meta fields, `_deleted` index prefix, pk suffix). */
export function filledSchema<T>(schema: RxJsonSchema<T>): RxJsonSchema<RxDocumentData<T>> {
  return fillWithDefaultSettings(schema);
}

export async function createInstance<T>(
  storage: AnyStorage,
  schema: RxJsonSchema<RxDocumentData<T>>,
  databaseName: string,
  collectionName = 'docs',
): Promise<AnyInstance<T>> {
  return storage.createStorageInstance<T>({
    databaseInstanceToken: randomToken(10),
    databaseName,
    collectionName,
    schema,
    options: {},
    multiInstance: false,
    devMode: false,
  });
}

const TOKEN = randomToken(10);

/** A full document as RxDB would write it: new revision on top of `previous`, fresh lwt. */
export function toStoredDoc<T extends object>(
  data: T,
  previous?: RxDocumentData<T>,
  extra: {
    deleted?: boolean;
    lwt?: number;
    attachments?: Record<string, RxAttachmentData | RxAttachmentWriteData>;
  } = {},
): RxDocumentData<T> {
  const doc = {
    ...data,
    _deleted: extra.deleted ?? false,
    _attachments: extra.attachments ?? {},
    _meta: { lwt: extra.lwt ?? now() },
    _rev: '',
  } as RxDocumentData<T>;
  doc._rev = createRevision(TOKEN, previous);
  return doc;
}

export function insertRow<T extends object>(
  data: T,
  extra?: Parameters<typeof toStoredDoc<T>>[2],
): BulkWriteRow<T> {
  return { document: toStoredDoc(data, undefined, extra) };
}

export function updateRow<T extends object>(
  previous: RxDocumentData<T>,
  data: T,
  extra?: Parameters<typeof toStoredDoc<T>>[2],
): BulkWriteRow<T> {
  return { previous, document: toStoredDoc(data, previous, extra) };
}

/** What RxQuery sends to a storage: normalized, `_deleted: false` added, planned. */
export function prepare<T>(schema: RxJsonSchema<RxDocumentData<T>>, query: MangoQuery<T>): PreparedQuery<T> {
  const normalized = normalizeMangoQuery<T>(schema, query);
  (normalized.selector as Record<string, unknown>)._deleted = { $eq: false };
  return prepareQuery<T>(schema, normalized);
}

export function idsOf<T>(docs: readonly RxDocumentData<T>[], primaryPath = 'id'): string[] {
  return docs.map((doc) => (doc as Record<string, unknown>)[primaryPath] as string);
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
