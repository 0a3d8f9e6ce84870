import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src-shared/schema/attachment';
import { toReplicatedAttachment } from '../../src-shared/sync/protocol';
import { createAttachmentConflictHandler } from '../../src-main/sync/attachment-conflicts';
import { settlePaths } from '../../src-main/sync/attachment-paths';
import { openQuireDatabase } from '../../src-main/db/database';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';

/** B10's decisions as pure functions, and the collection count the free RxDB allows. */

const HASH = (n: number): string => n.toString(16).padStart(64, '0');

function record(id: string, path: string, hash: number, updatedAt = 1_000): Attachment {
  return {
    id,
    path,
    hash: HASH(hash),
    size: 10,
    mediaType: 'image/png',
    createdAt: 1_000,
    updatedAt,
    deletedAt: 0,
  };
}

describe('attachment path settlement (B10)', () => {
  it('B10: the earlier record keeps the path, later other bytes move to "name N.ext", same bytes merge', () => {
    const { renamed, merged } = settlePaths([
      record('b', 'img/photo.png', 2, 2_000),
      record('a', 'img/photo.png', 1, 1_000),
      record('c', 'img/photo.png', 1, 3_000),
      record('d', 'img/photo 1.png', 9),
      record('e', 'notes.txt', 5),
    ]);
    expect(renamed).toEqual([{ ...record('b', 'img/photo 2.png', 2, 2_000), renamedFrom: 'img/photo.png' }]);
    expect(merged).toEqual([{ ...record('c', 'img/photo.png', 1, 3_000), deletedAt: 3_000 }]);
  });

  it('B10: the same records settle the same way in any order (devices that settle at once agree)', () => {
    const records = [record('x', 'a.pdf', 1), record('y', 'a.pdf', 2), record('z', 'a.pdf', 3)];
    const forward = settlePaths(records);
    const backward = settlePaths([...records].reverse());
    expect(backward).toEqual(forward);
    // A tie on updatedAt is decided by id.
    expect(forward.renamed.map((doc) => [doc.id, doc.path])).toEqual([
      ['y', 'a 1.pdf'],
      ['z', 'a 2.pdf'],
    ]);
  });

  it('B10: deleted records and lone paths are left alone', () => {
    expect(settlePaths([record('a', 'p.png', 1), { ...record('b', 'p.png', 2), deletedAt: 5 }])).toEqual({
      renamed: [],
      merged: [],
    });
  });
});

describe('attachment push conflicts (B10)', () => {
  const resolve = async (
    base: Attachment | null,
    ours: Attachment,
    theirs: Attachment,
  ): Promise<{ merged: Attachment; keptAside: Attachment[] }> => {
    const keptAside: Attachment[] = [];
    const handler = createAttachmentConflictHandler({ keepAside: (doc) => keptAside.push(doc) });
    const merged = await handler.resolve(
      {
        newDocumentState: { ...ours, _deleted: false },
        realMasterState: { ...theirs, _deleted: false },
        ...(base ? { assumedMasterState: { ...base, _deleted: false } } : {}),
      },
      'test',
    );
    return { merged: toReplicatedAttachment(merged), keptAside };
  };

  it('B10: a rename on one side and new bytes on the other both apply', async () => {
    const base = record('a', 'photo.png', 1);
    const { merged, keptAside } = await resolve(
      base,
      { ...base, path: 'moved/photo.png', updatedAt: 2_000 },
      { ...base, hash: HASH(2), size: 20, updatedAt: 3_000 },
    );
    expect(merged).toMatchObject({ path: 'moved/photo.png', hash: HASH(2), size: 20, updatedAt: 3_000 });
    expect(keptAside).toEqual([]);
  });

  it('B10: other bytes on both sides keep the server’s on the record and this device’s aside', async () => {
    const base = record('a', 'photo.png', 1);
    const ours = { ...base, hash: HASH(2), updatedAt: 2_000 };
    const { merged, keptAside } = await resolve(base, ours, { ...base, hash: HASH(3), updatedAt: 3_000 });
    expect(merged.hash).toBe(HASH(3));
    expect(keptAside).toEqual([ours]);
  });

  it('B10: the same change on both sides is no conflict to keep aside', async () => {
    const base = record('a', 'photo.png', 1);
    const both = { ...base, hash: HASH(2), updatedAt: 2_000 };
    const { merged, keptAside } = await resolve(base, both, both);
    expect(merged).toMatchObject({ hash: HASH(2) });
    expect(keptAside).toEqual([]);
  });
});

describe('collections (RxDB 17 free: at most 13 per process)', () => {
  it('the vault database opens two collections; replication meta are not collections', async () => {
    const db = await openQuireDatabase({ name: `count-${Date.now()}`, storage: getRxStorageMemory() });
    try {
      expect(Object.keys(db.collections).sort()).toEqual(['attachments', 'notes']);
    } finally {
      await db.close();
    }
  });
});
