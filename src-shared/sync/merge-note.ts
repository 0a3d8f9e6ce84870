import { diffComm } from 'node-diff3';
import { isMap, isNode, isScalar, isSeq, parseDocument, visit, Pair, Scalar, YAMLSeq } from 'yaml';
import type { Document, Node as YamlNode, YAMLMap } from 'yaml';
import { extractTags, normalizeTags, parseFrontmatter } from '../markdown/frontmatter';
import { NOTE_LIMITS } from '../schema/note';
import { diff3Regions, LCS_BUDGET, lcsCost, mergeWords, sameItems, uniqueAnchors } from './merge-words';
import { replicatedNoteSchema, type ReplicatedNote } from './protocol';

/**
 * The three-way merge of one note (docs/sync-protocol.md, "Merging conflicts", rules M1–M10).
 * Pure and deterministic: every device that merges the same three versions with the same labels
 * gets the same note, so two devices resolving the same conflict converge instead of ping-ponging.
 */

export interface MergeNotesInput {
  /** The master `ours` was derived from; null when the device never saw one (M9). */
  base: ReplicatedNote | null;
  /** This device's version. */
  ours: ReplicatedNote;
  /** The server's current master. */
  theirs: ReplicatedNote;
  /**
   * Who wrote each side, named in the conflict markers (M10), e.g. `{ ours: 'Alice’s laptop',
   * theirs: 'another device' }`. The merged text replicates to every device, so "this device"
   * would be wrong wherever it is read but here.
   */
  labels: ConflictLabels;
}

export interface ConflictLabels {
  ours: string;
  theirs: string;
}

export interface MergeNotesResult {
  merged: ReplicatedNote;
  /** True when conflict markers were written into the body (M6); merged.needsReview is then set. */
  conflicted: boolean;
}

/**
 * A conflict block is a line starting with CONFLICT_OPEN_PREFIX (then the end of the line, or a
 * space and the label of ours), ours' lines, a line that is exactly CONFLICT_SEPARATOR, theirs'
 * lines, and a line starting with CONFLICT_CLOSE_PREFIX (then the end, or a space and a label).
 */
export const CONFLICT_OPEN_PREFIX = '<<<<<<<';
export const CONFLICT_SEPARATOR = '=======';
export const CONFLICT_CLOSE_PREFIX = '>>>>>>>';

export interface ConflictMarkerLines {
  open: string;
  separator: string;
  close: string;
}

const LABEL_MAX_LENGTH = 60;

/** The three marker lines of a conflict block between ours and theirs (M6, M10). */
export function conflictMarkerLines(labels: ConflictLabels): ConflictMarkerLines {
  return {
    open: `${CONFLICT_OPEN_PREFIX} ${sanitizeLabel(labels.ours, 'this device')}`,
    separator: CONFLICT_SEPARATOR,
    close: `${CONFLICT_CLOSE_PREFIX} ${sanitizeLabel(labels.theirs, 'another device')}`,
  };
}

/** One line (a label with a line break would end the marker early), trimmed, not too long. */
function sanitizeLabel(label: string, fallback: string): string {
  const line = label.replace(/[\r\n\t\v\f\u0085\u2028\u2029]/g, ' ').trim();
  // Cut by code points, so never inside a surrogate pair.
  const cut = Array.from(line).slice(0, LABEL_MAX_LENGTH).join('').trimEnd();
  return cut === '' ? fallback : cut;
}

export function mergeNotes({ base: givenBase, ours, theirs, labels }: MergeNotesInput): MergeNotesResult {
  if (notesEquivalent(ours, theirs)) return { merged: copyNote(theirs), conflicted: false };
  // M9: an empty base makes every line of both sides an addition, so nothing can be dropped.
  const base = givenBase ?? emptyBase(ours.id);
  // M2.
  if (notesEquivalent(ours, base)) return { merged: copyNote(theirs), conflicted: false };
  if (notesEquivalent(theirs, base)) return { merged: copyNote(ours), conflicted: false };

  // M5: the later edit wins scalars changed on both sides; on a tie the server's version, so
  // both devices of a conflict pick the same side.
  const oursWins = ours.updatedAt > theirs.updatedAt;

  const markers = conflictMarkerLines(labels);
  let { text: body, conflicted } = mergeMarkdown(base.body, ours.body, theirs.body, oursWins, markers);
  if (body.length > NOTE_LIMITS.bodyMaxLength) {
    body = overflowBody(ours.body, theirs.body, markers);
    conflicted = true;
  }

  const { _deleted, trashedAt } = mergeLifecycle(base, ours, theirs, oursWins);
  const merged: ReplicatedNote = {
    id: ours.id,
    title: pick3(base.title, ours.title, theirs.title, oursWins),
    body,
    // The field is derived from the text (as on every save), never merged on its own.
    tags: extractTags(body),
    folder: pick3(base.folder, ours.folder, theirs.folder, oursWins),
    // M8.
    createdAt: Math.min(ours.createdAt, theirs.createdAt),
    updatedAt: Math.max(ours.updatedAt, theirs.updatedAt),
    trashedAt,
    // Three-way rather than "either side": a device that marked the note resolved must not see
    // the flag come back because the other side (still flagged) edited something else.
    needsReview: conflicted || pick3(base.needsReview, ours.needsReview, theirs.needsReview, oursWins),
    _deleted,
  };
  // M8: a result neither side had must sort as the newest edit, or a device could take it for
  // an older version of what it already shows.
  const sameContent = (side: ReplicatedNote): boolean =>
    notesEquivalent(merged, { ...side, createdAt: merged.createdAt, updatedAt: merged.updatedAt });
  if (!sameContent(ours) && !sameContent(theirs)) merged.updatedAt += 1;
  return { merged, conflicted };
}

/**
 * Equality of everything that replicates: every field of the note schema plus `_deleted`,
 * read from the schema so a field added later is compared too (ignoring one makes a real
 * change look like "no conflict" and loses it). Extra keys (RxDB's _meta, _rev, _attachments)
 * are ignored. Tags compare in order: the order is the user's text.
 */
export function notesEquivalent(a: ReplicatedNote, b: ReplicatedNote): boolean {
  return REPLICATED_FIELDS.every((field) => deepEqual(a[field], b[field]));
}

const REPLICATED_FIELDS = Object.keys(replicatedNoteSchema.shape) as (keyof ReplicatedNote)[];

function copyNote(note: ReplicatedNote): ReplicatedNote {
  const { id, title, body, tags, folder, createdAt, updatedAt, trashedAt, needsReview, _deleted } = note;
  return { id, title, body, tags: [...tags], folder, createdAt, updatedAt, trashedAt, needsReview, _deleted };
}

function emptyBase(id: string): ReplicatedNote {
  return {
    id,
    title: '',
    body: '',
    tags: [],
    folder: '',
    createdAt: 0,
    updatedAt: 0,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
  };
}

/** A three-way merge of one value: a side that kept the base yields; both changed → M5. */
function pick3<T>(base: T, ours: T, theirs: T, oursWins: boolean): T {
  if (deepEqual(ours, theirs) || deepEqual(theirs, base)) return ours;
  if (deepEqual(ours, base)) return theirs;
  return oursWins ? ours : theirs;
}

/** M7: whether the merged note is live, in the trash, or deleted forever. */
function mergeLifecycle(
  base: ReplicatedNote,
  ours: ReplicatedNote,
  theirs: ReplicatedNote,
  oursWins: boolean,
): { _deleted: boolean; trashedAt: number } {
  // A delete is a step relative to the base: a note already in the trash there was not
  // deleted again by a side that merely left it there.
  const deletedBy = (side: ReplicatedNote): boolean =>
    (side._deleted && !base._deleted) || (side.trashedAt > 0 && base.trashedAt === 0);
  const contentChanged = (side: ReplicatedNote): boolean =>
    side.title !== base.title || side.body !== base.body || side.folder !== base.folder;

  const oursDeleted = deletedBy(ours);
  const theirsDeleted = deletedBy(theirs);
  if (oursDeleted && theirsDeleted) {
    return {
      _deleted: ours._deleted || theirs._deleted,
      trashedAt: Math.max(ours.trashedAt, theirs.trashedAt),
    };
  }
  if (oursDeleted || theirsDeleted) {
    const [deleter, other] = oursDeleted ? [ours, theirs] : [theirs, ours];
    // The deleter's note carries the content it deleted: if that already equals the other side,
    // the delete saw this edit (a push retried after a lost reply has a stale base) and wins.
    const deleteSawEdit =
      other.title === deleter.title && other.body === deleter.body && other.folder === deleter.folder;
    if (contentChanged(other) && !deleteSawEdit) return { _deleted: false, trashedAt: 0 };
    return { _deleted: deleter._deleted, trashedAt: deleter.trashedAt };
  }
  return {
    _deleted: pick3(base._deleted, ours._deleted, theirs._deleted, oursWins),
    trashedAt: pick3(base.trashedAt, ours.trashedAt, theirs.trashedAt, oursWins),
  };
}

// ---------------------------------------------------------------------------------------------
// Body text

interface TextMerge {
  text: string;
  conflicted: boolean;
}

/**
 * Merges the whole Markdown text: the frontmatter block as YAML (M3, M4, M5), the rest by
 * lines (M6). Line endings are compared modulo CR, so a side whose editor rewrote every line
 * ending does not conflict on every line; the result uses one style, merged like a scalar.
 * (A file that mixes styles comes out in one.)
 */
function mergeMarkdown(
  base: string,
  ours: string,
  theirs: string,
  oursWins: boolean,
  markers: ConflictMarkerLines,
): TextMerge {
  if (ours === theirs || theirs === base) return { text: ours, conflicted: false };
  if (ours === base) return { text: theirs, conflicted: false };

  const eol = pickEol(base, ours, theirs, oursWins);
  const [b, o, t] = [base, ours, theirs].map((text) => text.replace(/\r\n/g, '\n')) as [
    string,
    string,
    string,
  ];

  const fb = splitFrontmatter(b);
  const fo = splitFrontmatter(o);
  const ft = splitFrontmatter(t);
  let block: string | null;
  if (fo.block === ft.block || ft.block === fb.block) block = fo.block;
  else if (fo.block === fb.block) block = ft.block;
  else block = mergeFrontmatter(fb, fo, ft, oursWins);

  let merged: TextMerge;
  if (block === null) {
    // Some side's frontmatter is not a plain YAML mapping: its block is just lines of text.
    merged = mergeLines(b, o, t, markers);
  } else {
    const content = mergeLines(fb.content, fo.content, ft.content, markers);
    const joint = block !== '' && !block.endsWith('\n') && content.text !== '' ? '\n' : '';
    merged = { text: block + joint + content.text, conflicted: content.conflicted };
  }
  return {
    text: eol === '\n' ? merged.text : merged.text.replace(/\n/g, eol),
    conflicted: merged.conflicted,
  };
}

type Eol = '\n' | '\r\n';

function eolOf(text: string): Eol | null {
  const all = text.split('\n').length - 1;
  if (all === 0) return null;
  const crlf = text.split('\r\n').length - 1;
  return crlf > all - crlf ? '\r\n' : '\n';
}

function pickEol(base: string, ours: string, theirs: string, oursWins: boolean): Eol {
  // A side without any line break has no style to contribute.
  const o = eolOf(ours);
  const t = eolOf(theirs);
  if (o === null) return t ?? '\n';
  if (t === null) return o;
  return pick3(eolOf(base), o, t, oursWins) ?? '\n';
}

/**
 * M6 on a text split at '\n': lines first, then the words of every stretch whose lines
 * conflict; markers only around the lines of a stretch whose words changed on both sides. The
 * trailing newline is not a line of its own (that would make "added a line at the end" conflict
 * with "added a final newline"); the result ends with one if either side's does.
 */
function mergeLines(base: string, ours: string, theirs: string, markers: ConflictMarkerLines): TextMerge {
  if (ours === theirs || theirs === base) return { text: ours, conflicted: false };
  if (ours === base) return { text: theirs, conflicted: false };
  const toLines = (text: string): string[] =>
    text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');

  const out: string[] = [];
  let conflicted = false;
  // Lines first; a stretch with conflicting lines is merged again word by word (M6).
  for (const region of diff3Regions(toLines(ours), toLines(base), toLines(theirs), mergeWords)) {
    if (region.kind === 'ok') {
      out.push(...region.items);
      continue;
    }
    for (const piece of narrowConflict(region.ours, region.theirs)) {
      if (piece.kind === 'common') {
        out.push(...piece.lines);
      } else {
        conflicted = true;
        out.push(markers.open, ...piece.ours, markers.separator, ...piece.theirs, markers.close);
      }
    }
  }
  const trailing = (ours.endsWith('\n') || theirs.endsWith('\n')) && out.length > 0 ? '\n' : '';
  return { text: out.join('\n') + trailing, conflicted };
}

type ConflictPiece =
  { kind: 'common'; lines: string[] } | { kind: 'conflict'; ours: string[]; theirs: string[] };

/**
 * Lines both sides of a conflict share stay outside the markers, so the user reviews only what
 * really differs; that is what makes M9 (both sides "added" everything) readable. A shared run
 * with no letter or digit (a blank line, a code fence) between two differences is not worth
 * splitting the conflict for: it would scatter one change over several marker blocks.
 */
function narrowConflict(ours: string[], theirs: string[]): ConflictPiece[] {
  const pieces: ConflictPiece[] = [];
  const add = (piece: ConflictPiece): void => {
    const last = pieces[pieces.length - 1];
    if (piece.kind === 'common' && piece.lines.length === 0) return;
    if (last?.kind === 'common' && piece.kind === 'common') last.lines.push(...piece.lines);
    else if (last?.kind === 'conflict' && piece.kind === 'conflict') {
      last.ours.push(...piece.ours);
      last.theirs.push(...piece.theirs);
    } else pieces.push(piece);
  };
  // Same anchoring and cost guard as diff3Regions: this is an LCS of two whole texts under M9.
  let [o0, t0] = [0, 0];
  for (const [o1, t1] of [...uniqueAnchors([ours, theirs]), [ours.length, theirs.length]] as number[][]) {
    if (o1 === undefined || t1 === undefined) continue;
    const a = ours.slice(o0, o1);
    const b = theirs.slice(t0, t1);
    if (sameItems(a, b)) add({ kind: 'common', lines: a });
    else if (a.length === 0 || b.length === 0 || lcsCost(a, b) > LCS_BUDGET)
      add({ kind: 'conflict', ours: a, theirs: b });
    else {
      for (const chunk of diffComm(a, b)) {
        if (chunk.common) add({ kind: 'common', lines: [...chunk.common] });
        else add({ kind: 'conflict', ours: [...chunk.buffer1], theirs: [...chunk.buffer2] });
      }
    }
    if (o1 < ours.length) add({ kind: 'common', lines: [ours[o1] ?? ''] });
    [o0, t0] = [o1 + 1, t1 + 1];
  }

  const merged: ConflictPiece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    const last = merged[merged.length - 1];
    const next = pieces[i + 1];
    if (
      piece?.kind === 'common' &&
      last?.kind === 'conflict' &&
      next?.kind === 'conflict' &&
      !piece.lines.some((line) => /[\p{L}\p{N}]/u.test(line))
    ) {
      last.ours.push(...piece.lines, ...next.ours);
      last.theirs.push(...piece.lines, ...next.theirs);
      i += 1;
    } else if (piece) {
      merged.push(piece);
    }
  }
  return merged;
}

/**
 * When the merged text would exceed the note limit (huge insertions on both sides, or markers
 * around huge hunks), keep this device's text whole and append as much of the other device's
 * text as fits, whole lines, between markers. Ours goes first because it exists nowhere else:
 * writing the result replaces the server's master, which the server keeps as a revision (R11),
 * so the cut part of theirs stays restorable. Only if not even the markers fit is the result
 * ours alone (still flagged for review, the one case where a conflict has no markers).
 */
function overflowBody(ours: string, theirs: string, markers: ConflictMarkerLines): string {
  const eol = eolOf(ours) ?? '\n';
  const head = `${ours === '' || ours.endsWith('\n') ? '' : eol}${markers.open}${eol}${markers.separator}${eol}`;
  const tail = `${markers.close}${eol}`;
  const room = NOTE_LIMITS.bodyMaxLength - ours.length - head.length - tail.length - eol.length;
  if (room < 0) return ours;
  let part = theirs.slice(0, room);
  // Cut at a line break: never mid-line, so never inside a surrogate pair.
  if (part.length < theirs.length) part = part.slice(0, part.lastIndexOf('\n') + 1);
  if (part !== '' && !part.endsWith('\n')) part += eol;
  return ours + head + part + tail;
}

// ---------------------------------------------------------------------------------------------
// Frontmatter

interface FrontmatterSide {
  /** The frontmatter block with its fences, '' when the note has none. */
  block: string;
  raw: string;
  content: string;
  error: string | null;
}

function splitFrontmatter(text: string): FrontmatterSide {
  const { raw, content, error } = parseFrontmatter(text);
  return { block: text.slice(0, text.length - content.length), raw, content, error };
}

interface Mapping {
  doc: Document;
  map: YAMLMap<unknown, unknown>;
  /** Pairs by their key as text, in document order. */
  pairs: Map<string, Pair<unknown, unknown>>;
}

/** null when the block is not a mapping this merge can edit safely. */
function readMapping(side: FrontmatterSide): Mapping | null {
  if (side.error !== null) return null;
  const parsed = parseDocument(side.raw);
  if (parsed.errors.length > 0) return null;
  const doc: Document = parsed;
  if (doc.contents === null) doc.contents = doc.createNode({});
  const map = doc.contents;
  if (!isMap(map)) return null;
  // Aliases point at anchors elsewhere in their own document; moved between documents they dangle.
  let hasAlias = false;
  visit(doc, {
    Alias() {
      hasAlias = true;
      return visit.BREAK;
    },
  });
  if (hasAlias) return null;
  const pairs = new Map<string, Pair<unknown, unknown>>();
  for (const pair of map.items) {
    if (!isScalar(pair.key)) return null;
    const key = String(pair.key.value);
    if (pairs.has(key)) return null;
    pairs.set(key, pair);
  }
  return { doc, map, pairs };
}

function valueOf(mapping: Mapping, key: string): unknown {
  const pair = mapping.pairs.get(key);
  if (!pair) return undefined;
  return isNode(pair.value) ? (pair.value.toJS(mapping.doc) as unknown) : (pair.value ?? null);
}

/** `tags` (or `tag`, as extractTags reads them) is one set, merged by M4, not by M3. */
const TAG_KEYS = ['tags', 'tag'] as const;
const isTagKey = (key: string): boolean => (TAG_KEYS as readonly string[]).includes(key);

function tagsOf(mapping: Mapping): string[] {
  return normalizeTags(valueOf(mapping, 'tags') ?? valueOf(mapping, 'tag'));
}

/**
 * M3–M5 on three frontmatter blocks that all changed. Edits ours' parsed document in place,
 * so ours' key order, comments and quoting survive; returns the new block, or null when some
 * side is not a mapping (the caller then merges the block as text).
 */
function mergeFrontmatter(
  base: FrontmatterSide,
  ours: FrontmatterSide,
  theirs: FrontmatterSide,
  oursWins: boolean,
): string | null {
  const b = readMapping(base);
  const o = readMapping(ours);
  const t = readMapping(theirs);
  if (!b || !o || !t) return null;

  const result = o.map;
  const theirsKeys = [...t.pairs.keys()];
  const resultIndex = (key: string): number =>
    result.items.findIndex((pair) => isScalar(pair.key) && String(pair.key.value) === key);
  /** Puts a pair where theirs has it: after the nearest preceding key the result also has. */
  const insertLikeTheirs = (key: string, pair: Pair<unknown, unknown>): void => {
    let at = 0;
    for (let i = theirsKeys.indexOf(key) - 1; i >= 0; i--) {
      const found = resultIndex(theirsKeys[i] ?? '');
      if (found >= 0) {
        at = found + 1;
        break;
      }
    }
    result.items.splice(at, 0, pair);
  };
  const takeTheirs = (key: string): void => {
    const at = resultIndex(key);
    const theirsPair = t.pairs.get(key);
    if (!theirsPair) {
      if (at >= 0) result.items.splice(at, 1);
    } else if (at >= 0) {
      result.items[at] = theirsPair.clone(o.doc.schema);
    } else {
      insertLikeTheirs(key, theirsPair.clone(o.doc.schema));
    }
  };

  const keys = new Set([...o.pairs.keys(), ...theirsKeys, ...b.pairs.keys()]);
  for (const key of keys) {
    if (isTagKey(key)) continue;
    const bv = valueOf(b, key);
    const ov = valueOf(o, key);
    const tv = valueOf(t, key);
    if (deepEqual(ov, tv) || deepEqual(tv, bv)) continue;
    if (deepEqual(ov, bv)) takeTheirs(key);
    // Deleted on one side, changed on the other: the edit is kept, as an edit beats a delete (M7).
    else if (ov === undefined) takeTheirs(key);
    else if (tv === undefined) continue;
    else if (!oursWins) takeTheirs(key);
  }

  const oursTags = tagsOf(o);
  const theirsTags = tagsOf(t);
  const tags = mergeTagSets(tagsOf(b), oursTags, theirsTags);
  if (deepEqual(tags, oursTags)) {
    // Ours' own text for them stays.
  } else if (deepEqual(tags, theirsTags)) {
    for (const key of TAG_KEYS) takeTheirs(key);
  } else {
    writeTags(o, t, b, tags, insertLikeTheirs);
  }

  const mergedJs = o.doc.toJS() as unknown;
  if (deepEqual(mergedJs, t.doc.toJS())) return theirs.block;
  if (deepEqual(mergedJs, parseDocument(ours.raw).toJS() ?? {})) return ours.block;
  const yaml =
    result.items.length === 0 ? '' : o.doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const fences = fencesOf(ours.block) ?? fencesOf(theirs.block) ?? { open: '---\n', close: '---\n' };
  return fences.open + yaml + fences.close;
}

function fencesOf(block: string): { open: string; close: string } | null {
  if (block === '') return null;
  const lines = block.replace(/\n$/, '').split('\n');
  return { open: `${lines[0] ?? '---'}\n`, close: `${lines[lines.length - 1] ?? '---'}\n` };
}

/** M4: removals on either side apply; ours' order, then theirs' additions. */
function mergeTagSets(base: string[], ours: string[], theirs: string[]): string[] {
  const inBase = new Set(base);
  const inOurs = new Set(ours);
  const inTheirs = new Set(theirs);
  const kept = ours.filter((tag) => !inBase.has(tag) || inTheirs.has(tag));
  const added = theirs.filter((tag) => !inBase.has(tag) && !inOurs.has(tag));
  return [...kept, ...added];
}

/**
 * Writes a tag list neither side had, in the form ours wrote its tags (a YAML list, flow or
 * block, or a "a, b" / "#a #b" string), reusing each tag's own item node where a side has one
 * so "#x" or a quoted tag keeps its spelling.
 */
function writeTags(
  o: Mapping,
  t: Mapping,
  b: Mapping,
  tags: string[],
  insertLikeTheirs: (key: string, pair: Pair<unknown, unknown>) => void,
): void {
  const sourcePair = (m: Mapping): Pair<unknown, unknown> | undefined =>
    m.pairs.get('tags') ?? m.pairs.get('tag');
  const oursPair = sourcePair(o);
  const stylePair = oursPair ?? sourcePair(t) ?? sourcePair(b);
  const style = stylePair?.value;

  const itemNodes = new Map<string, Scalar>();
  for (const m of [o, t, b]) {
    const value = sourcePair(m)?.value;
    if (!isSeq(value)) continue;
    for (const item of value.items) {
      if (!isScalar(item)) continue;
      const [tag] = normalizeTags([item.value]);
      if (tag !== undefined && !itemNodes.has(tag)) itemNodes.set(tag, item);
    }
  }

  let value: YamlNode;
  if (isScalar(style) && typeof style.value === 'string') {
    const hashed = style.value.trim().startsWith('#');
    value = o.doc.createNode(hashed ? tags.map((tag) => `#${tag}`).join(' ') : tags.join(', '));
  } else {
    const seq = new YAMLSeq<YamlNode>(o.doc.schema);
    seq.flow = isSeq(style) ? style.flow === true : true;
    for (const tag of tags) {
      const source = itemNodes.get(tag);
      const item = new Scalar(source ? source.value : tag);
      // Keeps the item's quoting ("#x" must stay quoted to not read as a comment).
      if (source?.type) item.type = source.type;
      seq.items.push(item);
    }
    value = seq;
  }
  if (isNode(oursPair?.value)) value.comment = oursPair.value.comment;

  // One tag key in the result, whichever ours used (extractTags reads `tags` before `tag`).
  const key = oursPair ? String(isScalar(oursPair.key) ? oursPair.key.value : 'tags') : 'tags';
  for (const other of TAG_KEYS) {
    if (other === key) continue;
    const at = o.map.items.indexOf(o.pairs.get(other) as Pair<unknown, unknown>);
    if (at >= 0) o.map.items.splice(at, 1);
  }
  if (oursPair) oursPair.value = value;
  else
    insertLikeTheirs(
      t.pairs.has('tag') && !t.pairs.has('tags') ? 'tag' : 'tags',
      new Pair(o.doc.createNode(key), value),
    );
}

// ---------------------------------------------------------------------------------------------

/** Structural equality of JSON-like values; object key order does not matter, array order does. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const bo = b as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  return ak.every((key) => Object.prototype.hasOwnProperty.call(bo, key) && deepEqual(ao[key], bo[key]));
}
