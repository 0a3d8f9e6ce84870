import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractTags, normalizeTags, parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import {
  conflictMarkerLines,
  mergeNotes as mergeNotesLabelled,
  type MergeNotesInput,
} from '../../src-shared/sync/merge';
import { tokenize } from '../../src-shared/sync/merge/merge-words';
import { replicatedNoteSchema, type ReplicatedNote } from '../../src-shared/sync/protocol';

/**
 * Random three-way merges of notes with frontmatter (docs/sync-protocol.md M2–M6, M9). Base
 * lines and inserted lines are unique, so "is this line in the result" names one edit; a few
 * repeated filler lines (blank lines, fences) keep diff3's alignment honest.
 */

const LABELS = { ours: 'this device', theirs: 'other device' };
const MARKERS = conflictMarkerLines(LABELS);

function mergeNotes(input: Omit<MergeNotesInput, 'labels'>) {
  return mergeNotesLabelled({ ...input, labels: LABELS });
}

const KEYS = ['status', 'priority', 'owner', 'due'] as const;
/** Raw YAML values; the expectations compare parsed values, so quoting does not matter. */
const VALUES = ['draft', 'done', '1', '2024-05-01', '"with: colon"', '[x, y]', 'null'] as const;
const TAGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'] as const;
const FILLERS = ['', '```', '- [ ] todo'] as const;

interface Front {
  keys: [string, string][];
  tags: string[];
}

interface LineOp {
  op: 'keep' | 'delete' | 'replace';
  /** New lines inserted after this base line. */
  insert: number;
}

interface Side {
  front: { ops: { key: string; value: string | null }[]; addTags: string[]; removeTags: string[] };
  /** New lines before the first base line, then one op per base line. */
  insertAtStart: number;
  lines: LineOp[];
  toggleTrailingNewline: boolean;
  updatedAt: number;
}

const frontArb: fc.Arbitrary<Front> = fc.record({
  keys: fc
    .subarray([...KEYS])
    .chain((keys) =>
      fc.tuple(...keys.map((key) => fc.constantFrom(...VALUES).map((v): [string, string] => [key, v]))),
    ),
  tags: fc.subarray([...TAGS]),
});

const baseLinesArb = fc.array(
  fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, fc.constantFrom(...FILLERS)),
  {
    maxLength: 14,
  },
);

const lineOpArb: fc.Arbitrary<LineOp> = fc.record({
  op: fc.oneof(
    { weight: 6, arbitrary: fc.constant('keep' as const) },
    { weight: 1, arbitrary: fc.constant('delete' as const) },
    { weight: 1, arbitrary: fc.constant('replace' as const) },
  ),
  insert: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 2 })),
});

const sideArb = (lineCount: number): fc.Arbitrary<Side> =>
  fc.record({
    front: fc.record({
      ops: fc.array(
        fc.record({
          key: fc.constantFrom(...KEYS),
          value: fc.oneof(fc.constant(null), fc.constantFrom(...VALUES)),
        }),
        { maxLength: 3 },
      ),
      addTags: fc.subarray([...TAGS], { maxLength: 2 }),
      removeTags: fc.subarray([...TAGS], { maxLength: 2 }),
    }),
    insertAtStart: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, fc.constant(1)),
    lines: fc.array(lineOpArb, { minLength: lineCount, maxLength: lineCount }),
    toggleTrailingNewline: fc.boolean(),
    updatedAt: fc.integer({ min: 101, max: 103 }),
  });

interface BaseSpec {
  front: Front;
  /** null: a unique line; a string: a filler that may repeat. */
  lines: (string | null)[];
  trailingNewline: boolean;
  crlf: boolean;
}

const scenarioArb = fc
  .record<BaseSpec>({
    front: frontArb,
    lines: baseLinesArb,
    trailingNewline: fc.boolean(),
    crlf: fc.boolean(),
  })
  .chain((base) =>
    fc.record({
      base: fc.constant(base),
      ours: sideArb(base.lines.length),
      theirs: sideArb(base.lines.length),
    }),
  );

function frontText(front: Front): string {
  const tags = front.tags.length > 0 ? `tags: [${front.tags.join(', ')}]\n` : '';
  return `---\n${tags}${front.keys.map(([k, v]) => `${k}: ${v}\n`).join('')}---\n`;
}

function applyFront(front: Front, edit: Side['front']): Front {
  const keys = front.keys.map(([k, v]): [string, string] => [k, v]);
  for (const { key, value } of edit.ops) {
    const at = keys.findIndex(([k]) => k === key);
    if (value === null) {
      if (at >= 0) keys.splice(at, 1);
    } else if (at >= 0) keys[at] = [key, value];
    else keys.push([key, value]);
  }
  const tags = front.tags.filter((t) => !edit.removeTags.includes(t));
  for (const t of edit.addTags) if (!tags.includes(t)) tags.push(t);
  return { keys, tags };
}

interface Built {
  note: ReplicatedNote;
  /** Content lines (below the frontmatter). */
  lines: string[];
  inserted: string[];
  /** Unique base lines this side deleted or replaced. */
  removed: Set<string>;
}

function toText(front: Front, lines: string[], trailingNewline: boolean, crlf: boolean): string {
  const text = frontText(front) + lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

function makeNote(body: string, updatedAt: number): ReplicatedNote {
  return {
    id: 'prop-note',
    title: 'Property',
    body,
    tags: extractTags(body),
    folder: '',
    createdAt: 1,
    updatedAt,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
  };
}

function baseLines(lines: (string | null)[]): string[] {
  return lines.map((line, i) => line ?? `base line ${i}`);
}

function buildSide(name: string, base: BaseSpec, side: Side): Built {
  const original = baseLines(base.lines);
  const lines: string[] = [];
  const inserted: string[] = [];
  const removed = new Set<string>();
  let counter = 0;
  const insert = (count: number): void => {
    for (let i = 0; i < count; i++) {
      const line = `${name} added ${counter++}`;
      lines.push(line);
      inserted.push(line);
    }
  };
  insert(side.insertAtStart);
  original.forEach((line, i) => {
    const op = side.lines[i]!;
    if (op.op === 'keep') lines.push(line);
    else {
      if (base.lines[i] === null) removed.add(line);
      if (op.op === 'replace') insert(1);
    }
    insert(op.insert);
  });
  const trailing = side.toggleTrailingNewline ? !base.trailingNewline : base.trailingNewline;
  const body = toText(applyFront(base.front, side.front), lines, trailing, base.crlf);
  return { note: makeNote(body, side.updatedAt), lines, inserted, removed };
}

const contentLines = (body: string): string[] =>
  parseFrontmatter(body.replace(/\r\n/g, '\n')).content.split('\n');
const markerCount = (body: string): number =>
  body.split(/\r?\n/).filter((l) => l === MARKERS.open || l === MARKERS.separator || l === MARKERS.close)
    .length;

/** The expected value of one frontmatter key (M3, M5; a delete loses to an edit). */
function expectedValue(b: unknown, o: unknown, t: unknown, oursWins: boolean): unknown {
  const eq = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);
  if (eq(o, t) || eq(t, b)) return o;
  if (eq(o, b) || o === undefined) return t;
  if (t === undefined) return o;
  return oursWins ? o : t;
}

function expectedTags(b: string[], o: string[], t: string[]): string[] {
  return [
    ...o.filter((x) => !b.includes(x) || t.includes(x)),
    ...t.filter((x) => !b.includes(x) && !o.includes(x)),
  ];
}

const RUNS = 400;

describe('mergeNotes properties', () => {
  it('M6: no edit is lost, untouched lines stay, markers ⇔ conflicted; M3/M4 frontmatter; deterministic; valid', () => {
    // The generator must reach the interesting cases, or the properties prove little.
    const seen = { conflicted: 0, clean: 0, bothFrontmattersChanged: 0 };
    fc.assert(
      fc.property(scenarioArb, ({ base: baseSpec, ours: oursSpec, theirs: theirsSpec }) => {
        const original = baseLines(baseSpec.lines);
        const base = makeNote(toText(baseSpec.front, original, baseSpec.trailingNewline, baseSpec.crlf), 100);
        const ours = buildSide('ours', baseSpec, oursSpec);
        const theirs = buildSide('theirs', baseSpec, theirsSpec);
        const result = mergeNotes({ base, ours: ours.note, theirs: theirs.note });
        const { merged, conflicted } = result;
        seen[conflicted ? 'conflicted' : 'clean'] += 1;
        const block = (n: ReplicatedNote): string => n.body.slice(0, n.body.indexOf('---', 3));
        if (
          block(ours.note) !== block(base) &&
          block(theirs.note) !== block(base) &&
          block(ours.note) !== block(theirs.note)
        ) {
          seen.bothFrontmattersChanged += 1;
        }

        expect(replicatedNoteSchema.safeParse(merged).success).toBe(true);
        expect(merged.tags).toEqual(extractTags(merged.body));
        expect(mergeNotes({ base, ours: ours.note, theirs: theirs.note })).toEqual(result);

        const out = contentLines(merged.body);
        for (const line of [...ours.inserted, ...theirs.inserted]) expect(out).toContain(line);
        // Unique base lines both sides kept are there, in their order.
        const keptByBoth = original.filter(
          (line, i) => baseSpec.lines[i] === null && !ours.removed.has(line) && !theirs.removed.has(line),
        );
        expect(out.filter((line) => keptByBoth.includes(line))).toEqual(keptByBoth);
        if (!conflicted) {
          for (const line of [...ours.removed, ...theirs.removed]) expect(out).not.toContain(line);
        }
        expect(conflicted).toBe(markerCount(merged.body) > 0);
        expect(merged.needsReview).toBe(conflicted);

        // Frontmatter: key by key, tags as a set.
        const data = (n: ReplicatedNote): Record<string, unknown> => parseFrontmatter(n.body).data;
        const [bd, od, td, md] = [data(base), data(ours.note), data(theirs.note), data(merged)];
        const oursWins = ours.note.updatedAt > theirs.note.updatedAt;
        for (const key of KEYS) {
          expect(md[key], key).toEqual(expectedValue(bd[key], od[key], td[key], oursWins));
        }
        expect(new Set(merged.tags)).toEqual(
          new Set(expectedTags(normalizeTags(bd.tags), normalizeTags(od.tags), normalizeTags(td.tags))),
        );

        // CRLF notes stay CRLF.
        if (baseSpec.crlf && merged.body.includes('\n')) expect(merged.body).not.toMatch(/[^\r]\n/);
      }),
      { numRuns: RUNS },
    );
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(RUNS / 20);
  });

  it('M2: merge(base, base, theirs) = theirs, merge(base, ours, base) = ours, merge(base, x, x) = x', () => {
    fc.assert(
      fc.property(scenarioArb, ({ base: baseSpec, ours: oursSpec, theirs: theirsSpec }) => {
        const base = makeNote(
          toText(baseSpec.front, baseLines(baseSpec.lines), baseSpec.trailingNewline, baseSpec.crlf),
          100,
        );
        const ours = buildSide('ours', baseSpec, oursSpec).note;
        const theirs = buildSide('theirs', baseSpec, theirsSpec).note;
        expect(mergeNotes({ base, ours: base, theirs })).toEqual({ merged: theirs, conflicted: false });
        expect(mergeNotes({ base, ours, theirs: base })).toEqual({ merged: ours, conflicted: false });
        expect(mergeNotes({ base, ours, theirs: { ...ours } })).toEqual({ merged: ours, conflicted: false });
      }),
      { numRuns: RUNS },
    );
  });

  it('M9: without a base every line of both sides is kept', () => {
    fc.assert(
      fc.property(scenarioArb, ({ base: baseSpec, ours: oursSpec, theirs: theirsSpec }) => {
        const ours = buildSide('ours', baseSpec, oursSpec);
        const theirs = buildSide('theirs', baseSpec, theirsSpec);
        const result = mergeNotes({ base: null, ours: ours.note, theirs: theirs.note });
        expect(replicatedNoteSchema.safeParse(result.merged).success).toBe(true);
        const out = contentLines(result.merged.body);
        // (A lone empty last line without a final newline is no line at all in the text.)
        for (const line of [...ours.lines, ...theirs.lines]) if (line !== '') expect(out).toContain(line);
        expect(result.conflicted).toBe(markerCount(result.merged.body) > 0);
        // Tags added on either side (all of them, against an empty base) are kept.
        expect(new Set(result.merged.tags)).toEqual(new Set([...ours.note.tags, ...theirs.note.tags]));
      }),
      { numRuns: RUNS },
    );
  });

  it('M6: words inserted or replaced at different places on both sides are all kept, once, without markers', () => {
    const seen = { multiLineHunks: 0, sameLine: 0, distinctLines: 0 };
    fc.assert(
      fc.property(wordScenarioArb, ({ lines, trailingNewline, plan }) => {
        const ours = applyWordPlan(lines, plan, 'ours');
        const theirs = applyWordPlan(lines, plan, 'theirs');
        const both = applyWordPlan(lines, plan, 'both');
        const text = (ls: string[]): string => ls.join('\n') + (trailingNewline ? '\n' : '');
        const base = makeNote(text(lines), 100);
        const [oursText, theirsText] = [text(ours.lines), text(theirs.lines)];
        const result = mergeNotes({ base, ours: makeNote(oursText, 101), theirs: makeNote(theirsText, 102) });

        expect(markerCount(result.merged.body)).toBe(0);
        expect(result.conflicted).toBe(false);
        expect(result.merged.needsReview).toBe(false);
        const tokens = tokenize(result.merged.body);
        for (const word of [...ours.words, ...theirs.words]) {
          expect(
            tokens.filter((token) => token === word),
            word,
          ).toHaveLength(1);
        }
        // Nothing else changed: exactly both sides' edits applied to the base, ending with a
        // newline if either side's text does (a last empty line without one reads as that).
        // Only when no base word repeats: "line line" with a word put before one of them can be
        // read either way, so the right merge is not unique.
        const baseWords = tokenize(base.body).filter((token) => /[\p{L}\p{N}]/u.test(token));
        if (new Set(baseWords).size === baseWords.length) {
          seen.distinctLines += 1;
          const expected = text(both.lines);
          const bothChanged = oursText !== base.body && theirsText !== base.body;
          const newline =
            bothChanged && !expected.endsWith('\n') && (oursText.endsWith('\n') || theirsText.endsWith('\n'));
          expect(result.merged.body).toBe(newline ? `${expected}\n` : expected);
        }

        const touched = (side: 'ours' | 'theirs'): Set<number> =>
          new Set(plan.flatMap((p, line) => (p.some((op) => op.side === side) ? [line] : [])));
        const [o, t] = [touched('ours'), touched('theirs')];
        if ([...o].some((line) => t.has(line))) seen.sameLine += 1;
        if ([...o].some((line) => t.has(line - 1) || t.has(line + 1))) seen.multiLineHunks += 1;
      }),
      { numRuns: RUNS },
    );
    for (const count of Object.values(seen)) expect(count).toBeGreaterThan(RUNS / 20);
  });
});

/**
 * Word edits for the property above. Slot 2k of a line is "before its word k", slot 2k+1
 * "replace word k", the last slot "at the end of the line". Every slot is owned by one side at
 * most, and a replaced word is never next to the other side's insertion (that would touch the
 * same space token: a true conflict), so any two edits of different sides are separated by at
 * least one token neither changed.
 */
const WORDS = ['the', 'fox', 'line', 'one', 'a', 'jumps,', 'over.', '(note)', 'é', '日本'] as const;

type WordSide = 'ours' | 'theirs';
interface WordOp {
  slot: number;
  side: WordSide;
}

const wordScenarioArb = fc
  .record({
    lines: fc.array(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), { minLength: 1, maxLength: 8 }),
    trailingNewline: fc.boolean(),
    distinct: fc.boolean(),
  })
  // Without a final newline an empty last line is no line at all in the text (it reads as the
  // previous line's newline), so a word "typed into it" would really be a new line. And which of
  // two equal lines (blank ones) a side edited is ambiguous to the line merge, which may then
  // pair them so that the edits overlap (conflicts, nothing lost: the property above).
  .filter(
    ({ lines, trailingNewline }) =>
      (trailingNewline || lines[lines.length - 1]?.length !== 0) &&
      new Set(lines.map((words) => words.join(' '))).size === lines.length,
  )
  .chain(({ lines, trailingNewline, distinct }) =>
    fc.record({
      // Repeated words make some edits ambiguous ("line line": which one got a word before
      // it?); numbered words are all different, so only one merge is right.
      lines: fc.constant(
        lines.map((words, l) =>
          words
            .map((word, k) => (distinct ? word.replace(/[\p{L}\p{N}]+/u, (w) => `${w}${l}${k}`) : word))
            .join(' '),
        ),
      ),
      trailingNewline: fc.constant(trailingNewline),
      plan: fc.tuple(
        ...lines.map((words) =>
          fc
            .array(
              fc.record({
                slot: fc.integer({ min: 0, max: 2 * words.length }),
                side: fc.constantFrom<WordSide>('ours', 'theirs'),
              }),
              { maxLength: 4 },
            )
            .map((ops) => ownedSlots(ops)),
        ),
      ),
    }),
  );

/** One side per slot (the first op wins), and no replaced word next to the other side's insertion. */
function ownedSlots(ops: WordOp[]): WordOp[] {
  const owner = new Map<number, WordSide>();
  for (const op of ops) if (!owner.has(op.slot)) owner.set(op.slot, op.side);
  for (const [slot, side] of [...owner]) {
    // Only a replaced word that is still owned (an earlier pass may have dropped it).
    if (slot % 2 === 0 || owner.get(slot) !== side) continue;
    // Insertions before this word and before the next one (or at the end of the line).
    for (const neighbour of [slot - 1, slot + 1]) {
      if (owner.has(neighbour) && owner.get(neighbour) !== side) owner.delete(neighbour);
    }
  }
  return [...owner].map(([slot, side]) => ({ slot, side })).sort((a, b) => a.slot - b.slot);
}

function applyWordPlan(
  lines: string[],
  plan: WordOp[][],
  who: WordSide | 'both',
): { lines: string[]; words: string[] } {
  const words: string[] = [];
  // Named by side, line and slot: unique, and the same in every call on one plan.
  const out = lines.map((line, l) => {
    const lineWords = line === '' ? [] : line.split(' ');
    const ops = new Map((plan[l] ?? []).map((op) => [op.slot, op.side]));
    const wordFor = (slot: number): string | null => {
      const side = ops.get(slot);
      if (side === undefined || (who !== 'both' && side !== who)) return null;
      const word = `${side === 'ours' ? 'A' : 'B'}${l}x${slot}`;
      words.push(word);
      return word;
    };
    const parts: string[] = [];
    lineWords.forEach((word, k) => {
      const before = wordFor(2 * k);
      if (before !== null) parts.push(before);
      parts.push(wordFor(2 * k + 1) ?? word);
    });
    const end = wordFor(2 * lineWords.length);
    if (end !== null) parts.push(end);
    return parts.join(' ');
  });
  return { lines: out, words };
}
