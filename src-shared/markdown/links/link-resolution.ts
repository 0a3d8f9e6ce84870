/**
 * Which note a link names, as Obsidian's `metadataCache.getFirstLinkpathDest` decides it, so an
 * imported vault's links resolve as they did there. A note's path is `folder/title` (the file
 * name without `.md`). Lookups ignore case (Unicode NFC, lower-cased), as Obsidian's do.
 *
 * For a target `t` written in a note in folder `s`:
 *  1. `./t` and `../t` are relative to `s` only; a leading `/` is from the vault root only.
 *  2. Markdown links (`[x](t.md)`) try the path relative to `s` first, as they are written.
 *  3. The exact vault path wins (`[[b/Note]]` is `b/Note`, `[[Note]]` the root's `Note`), even
 *     over a note beside the source (observed on Obsidian 1.13).
 *  4. Otherwise every note whose path ends with `t` (`[[Note]]` by name, `[[b/Note]]` by the
 *     path's end): the one in `s` itself wins (an ancestor folder counts for nothing), else the
 *     shortest path string (`a/b/Note` over `zzzz/Note`), then the smaller path, then the id.
 *  5. Only when no note has that name: an alias (frontmatter `aliases:`), by the same tie-break.
 * Two notes at paths differing only in case: the one written with that case, else the tie-break.
 * A `.md` suffix is ignored; Markdown targets arrive percent-decoded from `parseLinks`.
 * Indexed by every path suffix (depth ≤ a few segments), so a resolve is a few map lookups.
 */
import type { LinkKind } from './link-syntax';

export interface LinkableNote {
  id: string;
  title: string;
  /** '' is the vault root; 'a/b' nested. */
  folder: string;
  aliases: readonly string[];
}

export interface LinkResolver {
  /** The id of the note `target` names from a note in `sourceFolder`, or null. */
  resolve(target: string, sourceFolder: string, kind?: LinkKind): string | null;
  /** The note with that id, as the resolver knows it. */
  note(id: string): LinkableNote | undefined;
}

/** A resolver kept in step with the vault, one note at a time. */
export interface MutableLinkResolver extends LinkResolver {
  upsert(note: LinkableNote): void;
  remove(id: string): void;
  readonly size: number;
  notes(): IterableIterator<LinkableNote>;
}

interface Entry {
  note: LinkableNote;
  path: string;
  pathKey: string;
  folderKey: string;
  suffixKeys: string[];
  aliasKeys: string[];
}

/** How names are compared: NFC, lower case. */
export function linkKey(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

export function notePath(note: { title: string; folder: string }): string {
  return note.folder === '' ? note.title : `${note.folder}/${note.title}`;
}

/** `a/./b/../c` → `a/c`; null when it climbs above the vault root. */
export function normalizeVaultPath(path: string): string | null {
  // Most targets are a plain name or path: nothing to drop, so no split and join per resolve.
  if (!path.includes('.') && !path.includes('//') && !path.startsWith('/') && !path.endsWith('/'))
    return path;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

function joinPath(folder: string, path: string): string {
  return folder === '' ? path : `${folder}/${path}`;
}

/** Tie-break order: shorter path string, then smaller path, then id (the same on every device). */
function compareEntries(a: Entry, b: Entry): number {
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.note.id < b.note.id ? -1 : a.note.id > b.note.id ? 1 : 0;
}

/** Buckets of entries kept in tie-break order (most hold one entry). */
class Buckets {
  private readonly map = new Map<string, Entry[]>();
  get(key: string): readonly Entry[] | undefined {
    return this.map.get(key);
  }
  add(key: string, entry: Entry): void {
    const bucket = this.map.get(key);
    if (!bucket) {
      this.map.set(key, [entry]);
      return;
    }
    let low = 0;
    let high = bucket.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareEntries(bucket[mid]!, entry) < 0) low = mid + 1;
      else high = mid;
    }
    bucket.splice(low, 0, entry);
  }
  delete(key: string, entry: Entry): void {
    const bucket = this.map.get(key);
    if (!bucket) return;
    const index = bucket.indexOf(entry);
    if (index !== -1) bucket.splice(index, 1);
    if (bucket.length === 0) this.map.delete(key);
  }
}

function suffixKeysOf(pathKey: string): string[] {
  const keys = [pathKey];
  for (let i = pathKey.indexOf('/'); i !== -1; i = pathKey.indexOf('/', i + 1))
    keys.push(pathKey.slice(i + 1));
  return keys;
}

export function createLinkResolver(notes: Iterable<LinkableNote> = []): MutableLinkResolver {
  const entries = new Map<string, Entry>();
  const byPath = new Buckets();
  const bySuffix = new Buckets();
  const byAlias = new Buckets();

  const remove = (id: string): void => {
    const entry = entries.get(id);
    if (!entry) return;
    entries.delete(id);
    byPath.delete(entry.pathKey, entry);
    for (const key of entry.suffixKeys) bySuffix.delete(key, entry);
    for (const key of entry.aliasKeys) byAlias.delete(key, entry);
  };

  const upsert = (note: LinkableNote): void => {
    remove(note.id);
    const path = notePath(note);
    const pathKey = linkKey(path);
    const aliasKeys = [
      ...new Set(note.aliases.map((alias) => linkKey(alias.trim())).filter((key) => key !== '')),
    ];
    const entry: Entry = {
      note,
      path,
      pathKey,
      folderKey: linkKey(note.folder),
      suffixKeys: suffixKeysOf(pathKey),
      aliasKeys,
    };
    entries.set(note.id, entry);
    byPath.add(pathKey, entry);
    for (const key of entry.suffixKeys) bySuffix.add(key, entry);
    for (const key of aliasKeys) byAlias.add(key, entry);
  };

  /** `key` is `linkKey(path)` when the caller has it already (it costs a normalisation). */
  const exact = (path: string | null, key?: string): string | null => {
    if (path === null || path === '') return null;
    const bucket = byPath.get(key ?? linkKey(path));
    if (!bucket || bucket.length === 0) return null;
    // Two notes whose paths differ only in case: the one written exactly, else the tie-break.
    if (bucket.length > 1) {
      const written = path.normalize('NFC');
      const same = bucket.find((entry) => entry.path.normalize('NFC') === written);
      if (same) return same.note.id;
    }
    return bucket[0]!.note.id;
  };

  const resolve = (rawTarget: string, sourceFolder: string, kind: LinkKind = 'wikilink'): string | null => {
    let target = rawTarget.trim();
    if (/\.md$/i.test(target)) target = target.slice(0, -3);
    if (target === '' || target.endsWith('/')) return null;
    if (target.startsWith('./') || target.startsWith('../')) {
      return exact(normalizeVaultPath(joinPath(sourceFolder, target)));
    }
    if (target.startsWith('/')) return exact(normalizeVaultPath(target));
    if (kind === 'markdown') {
      const relative = exact(normalizeVaultPath(joinPath(sourceFolder, target)));
      if (relative !== null) return relative;
    }
    const path = normalizeVaultPath(target);
    if (path === null || path === '') return null;
    const key = linkKey(path);
    const atPath = exact(path, key);
    if (atPath !== null) return atPath;
    const candidates = bySuffix.get(key);
    if (candidates && candidates.length > 0) {
      const slash = path.lastIndexOf('/');
      const beside = byPath.get(linkKey(joinPath(sourceFolder, path.slice(slash + 1))));
      const own = beside?.find((entry) => entry.pathKey === key || entry.pathKey.endsWith(`/${key}`));
      return (own ?? candidates[0]!).note.id;
    }
    if (path.includes('/')) return null;
    const aliased = byAlias.get(key);
    if (!aliased || aliased.length === 0) return null;
    const folderKey = linkKey(sourceFolder);
    return (aliased.find((entry) => entry.folderKey === folderKey) ?? aliased[0]!).note.id;
  };

  for (const note of notes) upsert(note);

  return {
    resolve,
    note: (id) => entries.get(id)?.note,
    upsert,
    remove,
    get size() {
      return entries.size;
    },
    *notes() {
      for (const entry of entries.values()) yield entry.note;
    },
  };
}
