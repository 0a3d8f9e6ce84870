import { isMap, isNode, isScalar, isSeq, parseDocument, visit, Pair, Scalar, YAMLSeq } from 'yaml';
import type { Document, Node as YamlNode, YAMLMap } from 'yaml';
import { normalizeTags, parseFrontmatter, TAG_KEYS, tagValueOf } from '../../markdown/frontmatter';
import { jsonEqual } from '../../json-equal';

export interface FrontmatterSide {
  /** The frontmatter block with its fences, '' when the note has none. */
  block: string;
  raw: string;
  content: string;
  error: string | null;
}

export function splitFrontmatter(text: string): FrontmatterSide {
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

/** The tag keys (TAG_KEYS, as extractTags reads them) are one set, merged by M4, not by M3. */
const isTagKey = (key: string): boolean => (TAG_KEYS as readonly string[]).includes(key);

function tagsOf(mapping: Mapping): string[] {
  return normalizeTags(tagValueOf((key) => valueOf(mapping, key)));
}

/**
 * M3–M5 on three frontmatter blocks that all changed. Edits ours' parsed document in place,
 * so ours' key order, comments and quoting survive; returns the new block, or null when some
 * side is not a mapping (the caller then merges the block as text).
 */
export function mergeFrontmatter(
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
    if (jsonEqual(ov, tv) || jsonEqual(tv, bv)) continue;
    if (jsonEqual(ov, bv)) takeTheirs(key);
    // Deleted on one side, changed on the other: the edit is kept, as an edit beats a delete (M7).
    else if (ov === undefined) takeTheirs(key);
    else if (tv === undefined) continue;
    else if (!oursWins) takeTheirs(key);
  }

  const oursTags = tagsOf(o);
  const theirsTags = tagsOf(t);
  const tags = mergeTagSets(tagsOf(b), oursTags, theirsTags);
  if (jsonEqual(tags, oursTags)) {
    // Ours' own text for them stays.
  } else if (jsonEqual(tags, theirsTags)) {
    for (const key of TAG_KEYS) takeTheirs(key);
  } else {
    writeTags(o, t, b, tags, insertLikeTheirs);
  }

  const mergedJs = o.doc.toJS() as unknown;
  if (jsonEqual(mergedJs, t.doc.toJS())) return theirs.block;
  if (jsonEqual(mergedJs, parseDocument(ours.raw).toJS() ?? {})) return ours.block;
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
    TAG_KEYS.map((key) => m.pairs.get(key)).find((pair) => pair !== undefined);
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
  if (isNode(oursPair?.value)) value.comment = oursPair.value.comment ?? null;

  // One tag key in the result, whichever ours used (extractTags reads them in TAG_KEYS order).
  const key = oursPair ? String(isScalar(oursPair.key) ? oursPair.key.value : TAG_KEYS[0]) : TAG_KEYS[0];
  for (const other of TAG_KEYS) {
    if (other === key) continue;
    const at = o.map.items.indexOf(o.pairs.get(other) as Pair<unknown, unknown>);
    if (at >= 0) o.map.items.splice(at, 1);
  }
  if (oursPair) oursPair.value = value;
  else
    insertLikeTheirs(
      TAG_KEYS.find((tagKey) => t.pairs.has(tagKey)) ?? TAG_KEYS[0],
      new Pair(o.doc.createNode(key), value),
    );
}
