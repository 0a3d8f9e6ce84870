import type { Attachment } from '../../src-shared/schema/attachment';

/**
 * B10: two devices that put an attachment at the same path create two records (their ids
 * differ), and both replicate. Once a device holds both, it settles the clash here, the same way
 * on every device, so that devices doing it at once write identical documents and their pushes
 * are idempotent (R8):
 *
 * - the earlier record (smaller `updatedAt`, then smaller id) keeps the path;
 * - a later one with the same bytes is the same attachment: it is marked deleted;
 * - a later one with other bytes moves to the first free `name N.ext` and records the path it
 *   wanted in `renamedFrom`, which the attachments list shows. Nothing is overwritten.
 *
 * `updatedAt` is left as it was: the settled document must not depend on when a device settled.
 */

export interface PathSettlement {
  /** Moved off a path held by an earlier record with other bytes. */
  renamed: Attachment[];
  /** Duplicates of an earlier record at the same path with the same bytes, now deleted. */
  merged: Attachment[];
}

const later = (a: Attachment, b: Attachment): number =>
  a.updatedAt !== b.updatedAt ? a.updatedAt - b.updatedAt : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function splitExtension(path: string): { stem: string; ext: string } {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? { stem: path.slice(0, dot), ext: path.slice(dot) } : { stem: path, ext: '' };
}

/** Clashes exist only while both records are live; a device holds at most a vault's worth. */
export function settlePaths(live: readonly Attachment[]): PathSettlement {
  const byPath = new Map<string, Attachment[]>();
  for (const record of live) {
    if (record.deletedAt !== 0) continue;
    const group = byPath.get(record.path);
    if (group) group.push(record);
    else byPath.set(record.path, [record]);
  }
  const taken = new Set(byPath.keys());
  const renamed: Attachment[] = [];
  const merged: Attachment[] = [];
  for (const [path, group] of byPath) {
    if (group.length < 2) continue;
    group.sort(later);
    const { stem, ext } = splitExtension(path);
    let n = 1;
    for (const record of group.slice(1)) {
      if (record.hash === group[0]!.hash) {
        merged.push({ ...record, deletedAt: Math.max(1, record.updatedAt) });
        continue;
      }
      // Bounded: each step either returns a free name or skips one of `taken`'s entries.
      while (taken.has(`${stem} ${n}${ext}`)) n += 1;
      const target = `${stem} ${n}${ext}`;
      taken.add(target);
      renamed.push({ ...record, path: target, renamedFrom: record.renamedFrom ?? path });
    }
  }
  return { renamed, merged };
}
