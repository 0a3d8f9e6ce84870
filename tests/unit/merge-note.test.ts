import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { NOTE_LIMITS } from '../../src-shared/schema/note';
import {
  conflictMarkerLines,
  mergeNotes as mergeNotesLabelled,
  notesEquivalent,
  type MergeNotesInput,
} from '../../src-shared/sync/merge';
import { replicatedNoteSchema, type ReplicatedNote } from '../../src-shared/sync/protocol';

/** Tests name the rule of docs/sync-protocol.md ("Merging conflicts") they check. */

/** The labels these tests' expected marker lines were written with (M10). */
const LABELS = { ours: 'this device', theirs: 'other device' };
const MARKERS = conflictMarkerLines(LABELS);

function mergeNotes(input: Omit<MergeNotesInput, 'labels'> & { labels?: MergeNotesInput['labels'] }) {
  return mergeNotesLabelled({ labels: LABELS, ...input });
}

const seed = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../resources/templates/system-architecture.md'),
  'utf8',
);

const T0 = 1_700_000_000_000;

function note(body: string, fields: Partial<ReplicatedNote> = {}): ReplicatedNote {
  return {
    id: 'note-1',
    title: 'System Architecture',
    body,
    tags: extractTags(body),
    folder: 'docs',
    createdAt: T0,
    updatedAt: T0 + 1_000,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
    ...fields,
  };
}

/** A note edited on one device: new text, its tags re-derived, a later updatedAt. */
function edit(from: ReplicatedNote, change: (body: string) => string, fields: Partial<ReplicatedNote> = {}) {
  const body = change(from.body);
  return { ...from, body, tags: extractTags(body), updatedAt: from.updatedAt + 1, ...fields };
}

function replaceOnce(body: string, from: string, to: string): string {
  expect(body).toContain(from);
  return body.replace(from, to);
}

const meeting = note(
  [
    '---',
    'tags: [meeting, project-x]',
    'status: draft',
    'updated: 2024-05-01',
    '---',
    '',
    '# Weekly sync',
    '',
    '## Agenda',
    '',
    '- Roadmap',
    '- Hiring',
    '- Budget',
    '',
    '## Notes',
    '',
    'Nothing yet.',
    '',
    '```ts',
    'const answer = 42;',
    '```',
    '',
  ].join('\n'),
);

function validate(result: { merged: ReplicatedNote }): ReplicatedNote {
  expect(replicatedNoteSchema.safeParse(result.merged).success).toBe(true);
  expect(result.merged.tags).toEqual(extractTags(result.merged.body));
  return result.merged;
}

function markerLines(body: string): string[] {
  return body
    .split(/\r?\n/)
    .filter((line) => line === MARKERS.open || line === MARKERS.separator || line === MARKERS.close);
}

describe('mergeNotes', () => {
  it('M1: nothing is lost, nothing is copied — one note with the same id holds both edits', () => {
    const ours = edit(meeting, (b) => replaceOnce(b, '- Roadmap', '- Roadmap (Q3)'), {
      updatedAt: T0 + 5_000,
    });
    const theirs = edit(meeting, (b) => replaceOnce(b, 'Nothing yet.', 'Decided to ship on Friday.'), {
      updatedAt: T0 + 6_000,
    });
    const result = mergeNotes({ base: meeting, ours, theirs });
    const merged = validate(result);
    expect(merged.id).toBe('note-1');
    expect(merged.body).toContain('- Roadmap (Q3)');
    expect(merged.body).toContain('Decided to ship on Friday.');
    expect(result.conflicted).toBe(false);
  });

  it('M2: unchanged sides yield — the result is the other side, exactly', () => {
    const changed = edit(meeting, (b) => `${b}More.\n`, {
      title: 'Weekly',
      folder: 'work',
      trashedAt: T0 + 9,
    });
    expect(mergeNotes({ base: meeting, ours: meeting, theirs: changed })).toEqual({
      merged: changed,
      conflicted: false,
    });
    expect(mergeNotes({ base: meeting, ours: changed, theirs: meeting })).toEqual({
      merged: changed,
      conflicted: false,
    });
    // Even the needsReview flag and timestamps of the changed side are kept.
    const flagged = { ...changed, needsReview: true };
    expect(mergeNotes({ base: meeting, ours: meeting, theirs: flagged }).merged).toEqual(flagged);
  });

  it('M2: both sides made the identical edit — no markers, the shared edit', () => {
    const same = edit(meeting, (b) => replaceOnce(b, '- Hiring', '- Hiring (2 open roles)'));
    const ours = { ...same, updatedAt: T0 + 7_000 };
    const theirs = { ...same, updatedAt: T0 + 8_000 };
    const result = mergeNotes({ base: meeting, ours, theirs });
    expect(result.conflicted).toBe(false);
    expect(result.merged.body).toBe(same.body);
    expect(markerLines(result.merged.body)).toEqual([]);
    // Nothing new was produced, so updatedAt is simply the later one (M8).
    expect(result.merged.updatedAt).toBe(T0 + 8_000);
  });

  it('M3: frontmatter merges key by key — one-side changes, additions and deletions all apply', () => {
    const ours = edit(meeting, (b) =>
      replaceOnce(replaceOnce(b, 'status: draft', 'status: review'), 'updated: 2024-05-01\n', ''),
    );
    const theirs = edit(meeting, (b) =>
      replaceOnce(b, 'updated: 2024-05-01', 'updated: 2024-05-01\nowner: dana'),
    );
    const merged = validate(mergeNotes({ base: meeting, ours, theirs }));
    const { data } = parseFrontmatter(merged.body);
    // status changed by ours only; updated deleted by ours, unchanged by theirs; owner added by theirs.
    expect(data).toEqual({ tags: ['meeting', 'project-x'], status: 'review', owner: 'dana' });
  });

  it('M3: a frontmatter changed on one side only is taken verbatim, comments and spacing included', () => {
    const ours = edit(meeting, (b) => replaceOnce(b, 'status: draft', 'status:   "final"   # signed off'));
    const theirs = edit(meeting, (b) => replaceOnce(b, 'Nothing yet.', 'Budget approved.'));
    const merged = validate(mergeNotes({ base: meeting, ours, theirs }));
    expect(merged.body).toContain('status:   "final"   # signed off\n');
    expect(merged.body).toContain('Budget approved.');
  });

  it("M3: merged frontmatter keeps ours' key order and comments; theirs' new key lands after its neighbour", () => {
    const base = note(
      '---\n# project meta\ntags: [a]\nstatus: draft # see wiki\nupdated: 2024-01-01\n---\nBody\n',
    );
    const ours = edit(base, (b) => replaceOnce(b, 'updated: 2024-01-01', 'updated: 2024-02-02'));
    const theirs = edit(base, (b) =>
      replaceOnce(b, 'status: draft # see wiki', 'status: draft # see wiki\npriority: high'),
    );
    const merged = validate(mergeNotes({ base, ours, theirs }));
    expect(merged.body).toBe(
      '---\n# project meta\ntags: [a]\nstatus: draft # see wiki\npriority: high\nupdated: 2024-02-02\n---\nBody\n',
    );
  });

  it('M3: a key deleted on one side and changed on the other keeps the change (an edit beats a delete)', () => {
    const ours = edit(meeting, (b) => replaceOnce(b, 'status: draft\n', ''));
    const theirs = edit(meeting, (b) => replaceOnce(b, 'status: draft', 'status: done'));
    // Make sure both blocks changed, so the key merge (not "take the changed block") runs.
    const ours2 = edit(ours, (b) => replaceOnce(b, 'updated: 2024-05-01', 'updated: 2024-05-02'));
    const merged = validate(mergeNotes({ base: meeting, ours: ours2, theirs }));
    expect(parseFrontmatter(merged.body).data).toMatchObject({ status: 'done', updated: '2024-05-02' });
  });

  it('M4: tags added on both sides are all kept; a tag removed on one side is removed', () => {
    const base = note('---\ntags: [alpha, beta, gamma]\nstatus: draft\n---\n# Tags\n');
    const ours = edit(base, (b) =>
      replaceOnce(b, 'tags: [alpha, beta, gamma]', 'tags: [alpha, gamma, ours-new]'),
    );
    const theirs = edit(base, (b) =>
      replaceOnce(b, 'tags: [alpha, beta, gamma]', 'tags: [theirs-new, alpha, beta]'),
    );
    const merged = validate(mergeNotes({ base, ours, theirs }));
    // beta removed by ours, gamma removed by theirs; ours' order, then theirs' additions.
    expect(merged.tags).toEqual(['alpha', 'ours-new', 'theirs-new']);
    expect(merged.body).toContain('tags: [alpha, ours-new, theirs-new]\n');
  });

  it('M4: tags written as a block list or a "#a #b" string keep their form', () => {
    const base = note('---\ntags:\n  - alpha\n  - beta\n---\nx\n');
    const ours = edit(base, (b) => replaceOnce(b, '  - beta\n', '  - beta\n  - "#ours"\n'));
    const theirs = edit(base, (b) => replaceOnce(b, '  - alpha\n', ''));
    const merged = validate(mergeNotes({ base, ours, theirs }));
    expect(merged.tags).toEqual(['beta', 'ours']);
    expect(merged.body).toBe('---\ntags:\n  - beta\n  - "#ours"\n---\nx\n');

    const hashed = note('---\ntags: "#alpha #beta"\n---\nx\n');
    const o = edit(hashed, (b) => replaceOnce(b, '#beta', '#beta #mine'));
    const t = edit(hashed, (b) => replaceOnce(b, '#alpha ', '#theirs #alpha '));
    expect(validate(mergeNotes({ base: hashed, ours: o, theirs: t })).tags).toEqual([
      'alpha',
      'beta',
      'mine',
      'theirs',
    ]);
  });

  it('M5: a frontmatter value changed on both sides takes the later updatedAt; a tie goes to theirs', () => {
    const ours = edit(meeting, (b) => replaceOnce(b, 'status: draft', 'status: review'), {
      updatedAt: T0 + 9_000,
    });
    const theirs = edit(meeting, (b) => replaceOnce(b, 'status: draft', 'status: done'), {
      updatedAt: T0 + 8_000,
    });
    const status = (o: ReplicatedNote, t: ReplicatedNote): unknown =>
      parseFrontmatter(validate(mergeNotes({ base: meeting, ours: o, theirs: t })).body).data.status;
    expect(status(ours, theirs)).toBe('review');
    expect(status({ ...ours, updatedAt: T0 + 7_000 }, theirs)).toBe('done');
    expect(status({ ...ours, updatedAt: T0 + 8_000 }, theirs)).toBe('done');
  });

  it('M5: title and folder changed on both sides take the later updatedAt; a tie goes to theirs', () => {
    const ours = { ...meeting, title: 'Sync (ours)', folder: 'work/ours', updatedAt: T0 + 5_000 };
    const theirs = { ...meeting, title: 'Sync (theirs)', folder: 'work/theirs', updatedAt: T0 + 4_000 };
    const later = mergeNotes({ base: meeting, ours, theirs }).merged;
    expect([later.title, later.folder]).toEqual(['Sync (ours)', 'work/ours']);
    const tie = mergeNotes({ base: meeting, ours, theirs: { ...theirs, updatedAt: T0 + 5_000 } }).merged;
    expect([tie.title, tie.folder]).toEqual(['Sync (theirs)', 'work/theirs']);
    // Changed on one side only: that side, whatever the timestamps.
    const one = mergeNotes({
      base: meeting,
      ours: { ...ours, folder: 'docs' },
      theirs: { ...theirs, title: meeting.title },
    });
    expect([one.merged.title, one.merged.folder]).toEqual(['Sync (ours)', 'work/theirs']);
  });

  it('M6: the body merges by lines — edits in different sections of the seed document both apply', () => {
    const base = note(seed, { title: 'System Architecture' });
    const ours = edit(base, (b) => replaceOnce(b, '- Request validation', '- Request validation (zod)'));
    const theirs = edit(base, (b) =>
      replaceOnce(b, '**Technology**: [Framework name]', '**Technology**: Fastify'),
    );
    const result = mergeNotes({ base, ours, theirs });
    const merged = validate(result);
    expect(result.conflicted).toBe(false);
    expect(merged.body).toContain('- Request validation (zod)');
    expect(merged.body).toContain('**Technology**: Fastify');
    // The box drawing inside the code fence is untouched.
    expect(merged.body).toContain('│  │   Browser   │  │   Mobile    │  │    CLI      │         │');
    expect(merged.tags).toEqual(['architecture', 'system']);
  });

  it('M6: both sides changing the same lines keep both texts between markers and flag needsReview', () => {
    const ours = edit(meeting, (b) => replaceOnce(b, 'Nothing yet.', 'We ship Friday.'), {
      updatedAt: T0 + 9_000,
    });
    const theirs = edit(meeting, (b) => replaceOnce(b, 'Nothing yet.', 'We ship Monday.'));
    const result = mergeNotes({ base: meeting, ours, theirs });
    const merged = validate(result);
    expect(result.conflicted).toBe(true);
    expect(merged.needsReview).toBe(true);
    expect(merged.body).toContain(
      '## Notes\n\n<<<<<<< this device\nWe ship Friday.\n=======\nWe ship Monday.\n>>>>>>> other device\n\n```ts',
    );
    // Newer still does not decide body text.
    expect(merged.body).toContain('We ship Monday.');
  });

  it('M6: a code fence edited on both sides is kept whole on both sides of the markers', () => {
    // The same number changed on both sides: a true conflict, so the hunk's whole lines go
    // between the markers (not just the differing words).
    const ours = edit(meeting, (b) =>
      replaceOnce(b, 'const answer = 42;', 'const answer = 41;\nconsole.log(answer);'),
    );
    const theirs = edit(meeting, (b) => replaceOnce(b, 'const answer = 42;', 'const answer = 43;'));
    const merged = validate(mergeNotes({ base: meeting, ours, theirs }));
    expect(merged.body).toContain(
      '```ts\n<<<<<<< this device\nconst answer = 41;\nconsole.log(answer);\n=======\nconst answer = 43;\n>>>>>>> other device\n```\n',
    );
  });

  it('M6: a line added below a line the other side edited merges cleanly, inside a code fence too', () => {
    // Until word merging this was a conflict (the hunks touch); now both changes apply.
    const ours = edit(meeting, (b) =>
      replaceOnce(b, 'const answer = 42;', 'const answer = 42;\nconsole.log(answer);'),
    );
    const theirs = edit(meeting, (b) => replaceOnce(b, 'const answer = 42;', 'const answer = 43;'));
    const result = mergeNotes({ base: meeting, ours, theirs });
    expect(result.conflicted).toBe(false);
    expect(validate(result).body).toBe(
      meeting.body.replace('const answer = 42;', 'const answer = 43;\nconsole.log(answer);'),
    );
  });

  it('M6: a note flagged for review and resolved on one device stays resolved when the other edited elsewhere', () => {
    const flagged = note(`${meeting.body}<<<<<<< this device\nA\n=======\nB\n>>>>>>> other device\n`, {
      needsReview: true,
    });
    const ours = edit(
      flagged,
      (b) => replaceOnce(b, '<<<<<<< this device\nA\n=======\nB\n>>>>>>> other device\n', 'A and B\n'),
      {
        needsReview: false,
      },
    );
    const theirs = edit(flagged, (b) => replaceOnce(b, '- Budget', '- Budget (approved)'));
    const result = mergeNotes({ base: flagged, ours, theirs });
    expect(result.conflicted).toBe(false);
    expect(result.merged.needsReview).toBe(false);
    expect(result.merged.body).toContain('A and B\n');
    expect(result.merged.body).toContain('- Budget (approved)');
  });

  it('M6: frontmatter that is not a YAML mapping is merged as lines of text', () => {
    const base = note('---\ntags: [a\nstatus: draft\n---\nbody\n');
    const ours = edit(base, (b) => replaceOnce(b, 'tags: [a', 'tags: [a, b]'));
    const theirs = edit(base, (b) => replaceOnce(b, 'status: draft', 'status: done'));
    const result = mergeNotes({ base, ours, theirs });
    const merged = validate(result);
    // Adjacent lines changed on both sides: merged word by word (this was a conflict before).
    expect(result.conflicted).toBe(false);
    expect(merged.body).toBe('---\ntags: [a, b]\nstatus: done\n---\nbody\n');

    // The same spot changed on both sides: a text conflict, nothing dropped.
    const other = edit(base, (b) => replaceOnce(b, 'tags: [a', 'tags: [a, c]'));
    const clash = mergeNotes({ base, ours, theirs: other });
    expect(clash.conflicted).toBe(true);
    expect(validate(clash).body).toContain('tags: [a, b]');
    expect(clash.merged.body).toContain('tags: [a, c]');
  });

  it('M6: CRLF notes merge line by line and stay CRLF', () => {
    const base = note(meeting.body.replace(/\n/g, '\r\n'));
    const ours = edit(base, (b) => replaceOnce(b, '- Roadmap', '- Roadmap (Q3)'));
    const theirs = edit(base, (b) =>
      replaceOnce(b, 'status: draft', 'status: done').replace('- Budget\r\n', ''),
    );
    const merged = validate(mergeNotes({ base, ours, theirs }));
    expect(merged.body).toBe(
      meeting.body
        .replace('- Roadmap', '- Roadmap (Q3)')
        .replace('status: draft', 'status: done')
        .replace('- Budget\n', '')
        .replace(/\n/g, '\r\n'),
    );
  });

  it('M6: a device that rewrote every line ending conflicts only where the text differs', () => {
    const ours = edit(meeting, (b) => replaceOnce(b, '- Hiring', '- Hiring!').replace(/\n/g, '\r\n'));
    const theirs = edit(meeting, (b) => replaceOnce(b, 'Nothing yet.', 'Something.'));
    const result = mergeNotes({ base: meeting, ours, theirs });
    expect(result.conflicted).toBe(false);
    // Ours changed the line-ending style and theirs did not, so ours' style wins.
    expect(result.merged.body).toBe(
      meeting.body
        .replace('- Hiring', '- Hiring!')
        .replace('Nothing yet.', 'Something.')
        .replace(/\n/g, '\r\n'),
    );
  });

  it('M6: a trailing newline present on either side stays', () => {
    const base = note('one\ntwo');
    const ours = edit(base, (b) => `${b}\nthree`);
    const theirs = edit(base, (b) => `${replaceOnce(b, 'one', 'ONE')}\n`);
    expect(mergeNotes({ base, ours, theirs }).merged.body).toBe('ONE\ntwo\nthree\n');
  });

  it('M6: a merge that would exceed the note limit keeps ours whole and as much of theirs as fits, flagged', () => {
    const line = `${'x'.repeat(99)}\n`;
    const half = line.repeat(Math.floor(NOTE_LIMITS.bodyMaxLength / 100 / 2) + 10);
    const base = note('start\nend\n');
    const ours = edit(base, (b) => replaceOnce(b, 'start\n', `start\n${half}`));
    const theirs = edit(base, (b) => replaceOnce(b, 'end\n', `${half.replace(/x/g, 'y')}end\n`));
    const result = mergeNotes({ base, ours, theirs });
    const merged = validate(result);
    expect(result.conflicted).toBe(true);
    expect(merged.needsReview).toBe(true);
    expect(merged.body.startsWith(ours.body)).toBe(true);
    expect(merged.body.length).toBeLessThanOrEqual(NOTE_LIMITS.bodyMaxLength);
    expect(markerLines(merged.body)).toEqual([MARKERS.open, MARKERS.separator, MARKERS.close]);
    // Only whole lines of theirs.
    expect(merged.body).toMatch(/\n(?:start|y{99})\n>>>>>>> other device\n$/);
  });

  describe('M6: lines first, then words inside a hunk both sides changed', () => {
    const five = note('line one\nline two\nline three\nline four\nline five');
    const merge = (ours: string, theirs: string, base: ReplicatedNote = five) =>
      mergeNotes({
        base,
        ours: edit(base, () => ours, { updatedAt: T0 + 5_000 }),
        theirs: edit(base, () => theirs, { updatedAt: T0 + 6_000 }),
      });

    it('M6: neighbouring lines edited on both sides both survive', () => {
      const result = merge(
        'line one A0\nline 2 (ours)\nline three\nline four\nline five',
        'line one\nline two\nline 3 (theirs)\nline four\nline five B0',
      );
      expect(result.conflicted).toBe(false);
      expect(validate(result).needsReview).toBe(false);
      expect(result.merged.body).toBe('line one A0\nline 2 (ours)\nline 3 (theirs)\nline four\nline five B0');
    });

    it('M6: different words of the same line edited on both sides both survive', () => {
      const base = note('the quick brown fox');
      const result = merge('the slow brown fox', 'the quick brown cat', base);
      expect(result.conflicted).toBe(false);
      expect(result.merged.body).toBe('the slow brown cat');
      expect(markerLines(result.merged.body)).toEqual([]);
    });

    it('M6: an append at the end of a line and a prepend at the start of the next both survive', () => {
      const result = merge(
        'line one A0\nline two\nline three\nline four\nline five',
        'line one\nB0 line two\nline three\nline four\nline five',
      );
      expect(result.conflicted).toBe(false);
      expect(result.merged.body).toBe('line one A0\nB0 line two\nline three\nline four\nline five');
    });

    it('M6: text typed at the end of one line, merged at every keystroke, keeps both sides', () => {
      const typed = (line: number, text: string): string[] =>
        Array.from({ length: text.length + 1 }, (_, n) => {
          const lines = five.body.split('\n');
          lines[line] += text.slice(0, n);
          return lines.join('\n');
        });
      for (const theirsLine of [1, 2, 3, 4]) {
        for (const [i, ours] of typed(0, ' A0').entries()) {
          for (const [j, theirs] of typed(theirsLine, ' B0').entries()) {
            const result = merge(ours, theirs);
            const expected = five.body.split('\n');
            expected[0] += ' A0'.slice(0, i);
            expected[theirsLine] += ' B0'.slice(0, j);
            expect(result.conflicted, `line ${theirsLine + 1}, ${i}/${j} keys`).toBe(false);
            expect(result.merged.body).toBe(expected.join('\n'));
          }
        }
      }
    });

    it('M6: both sides inserting different text at exactly the same spot conflict', () => {
      const base = note('intro\nthe quick fox\noutro\n');
      const result = merge('intro\nthe quick brown fox\noutro\n', 'intro\nthe quick red fox\noutro\n', base);
      expect(result.conflicted).toBe(true);
      expect(validate(result).needsReview).toBe(true);
      // The markers go around the whole line, not inside it.
      expect(result.merged.body).toBe(
        'intro\n<<<<<<< this device\nthe quick brown fox\n=======\nthe quick red fox\n>>>>>>> other device\noutro\n',
      );
    });

    it('M6: one true word conflict keeps the whole lines of its hunk between markers', () => {
      const base = note('a b\nc d\n');
      const result = merge('a X\nc Y\n', 'a Z\nc d\n', base);
      expect(result.conflicted).toBe(true);
      expect(result.merged.body).toBe(
        '<<<<<<< this device\na X\nc Y\n=======\na Z\nc d\n>>>>>>> other device\n',
      );
    });

    it('M6: a line deleted on one side and edited on the other still conflicts', () => {
      const result = merge(
        'line one\nline three\nline four\nline five',
        'line one\nline two, edited\nline three\nline four\nline five',
      );
      expect(result.conflicted).toBe(true);
      expect(result.merged.body).toContain('line two, edited');
    });

    it('M6: deleting a line and emptying it are different edits', () => {
      const base = note('keep\nx\nkeep too\n');
      const result = merge('keep\nkeep too\n', 'keep\n\nkeep too (theirs)\n', base);
      expect(result.conflicted).toBe(true);
      expect(result.merged.body).toContain('keep too (theirs)');
    });

    // How fast these large merges run is bench/merge.ts's job (`npm run bench:merge`), not a test's.
    it('M6: a long paragraph of distinct words edited at both ends merges', () => {
      const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
      const base = note(`# Title\n${words.join(' ')}\n`);
      const ours = base.body.replace('w3 ', 'w3 ours ');
      const theirs = base.body.replace(' w19996', ' theirs w19996');
      const result = merge(ours, theirs, base);
      expect(result.conflicted).toBe(false);
      expect(result.merged.body).toBe(ours.replace(' w19996', ' theirs w19996'));
    });

    it('M6: a long repetitive paragraph edited at both ends merges', () => {
      const base = note(`${'la '.repeat(20_000)}\n`);
      const ours = base.body.replace('la ', 'ours ');
      const theirs = `${base.body.slice(0, -4)}theirs \n`;
      const result = merge(ours, theirs, base);
      expect(result.conflicted).toBe(false);
      expect(result.merged.body).toBe(`ours ${'la '.repeat(19_998)}theirs \n`);
    });

    it('M6: a long paragraph too repetitive to align word by word keeps both lines between markers', () => {
      // Ours changed the first and the last word: all between is its change, too costly to align.
      const base = note(`${'la '.repeat(20_000)}\n`);
      const ours = `ours ${'la '.repeat(19_998)}ours \n`;
      const theirs = `${'la '.repeat(10_000)}theirs ${'la '.repeat(9_999)}\n`;
      const result = merge(ours, theirs, base);
      expect(result.conflicted).toBe(true);
      expect(result.merged.body).toBe(
        `${MARKERS.open}\n${ours}${MARKERS.separator}\n${theirs}${MARKERS.close}\n`,
      );
    });
  });

  describe('M10: labels name devices', () => {
    const base = note('intro\nWe ship soon.\n');
    const ours = edit(base, (b) => replaceOnce(b, 'soon', 'Friday'), { updatedAt: T0 + 9_000 });
    const theirs = edit(base, (b) => replaceOnce(b, 'soon', 'Monday'));

    it('M10: the markers name the device of each side', () => {
      const result = mergeNotes({
        base,
        ours,
        theirs,
        labels: { ours: 'Alice’s laptop', theirs: 'another device' },
      });
      expect(result.merged.body).toBe(
        'intro\n<<<<<<< Alice’s laptop\nWe ship Friday.\n=======\nWe ship Monday.\n>>>>>>> another device\n',
      );
    });

    it('M10: the same merge made on another device names that device (the text reads right everywhere)', () => {
      const onB = mergeNotes({
        base,
        ours: theirs,
        theirs: ours,
        labels: { ours: 'Bob’s phone', theirs: 'another device' },
      });
      expect(onB.merged.body).toBe(
        'intro\n<<<<<<< Bob’s phone\nWe ship Monday.\n=======\nWe ship Friday.\n>>>>>>> another device\n',
      );
    });

    it('M10: labels are one line, trimmed, at most 60 characters; empty ones get a default', () => {
      expect(conflictMarkerLines({ ours: ' Alice’s\r\nlaptop\t(work) ', theirs: '\n' })).toEqual({
        open: '<<<<<<< Alice’s  laptop (work)',
        separator: '=======',
        close: '>>>>>>> another device',
      });
      expect(conflictMarkerLines({ ours: '', theirs: '  ' })).toEqual({
        open: '<<<<<<< this device',
        separator: '=======',
        close: '>>>>>>> another device',
      });
      const long = conflictMarkerLines({ ours: 'x'.repeat(100), theirs: `${'y'.repeat(59)}😀😀` });
      expect(long.open).toBe(`<<<<<<< ${'x'.repeat(60)}`);
      // Cut by characters, never inside a surrogate pair.
      expect(long.close).toBe(`>>>>>>> ${'y'.repeat(59)}😀`);
    });

    it('M10: marker lines have the shape conflict parsers read', () => {
      const result = mergeNotes({ base, ours, theirs, labels: { ours: 'A\n=======', theirs: '>>>>>>> B' } });
      const lines = result.merged.body.split('\n');
      expect(lines.filter((line) => /^<{7}(?: .*)?$/.test(line))).toEqual(['<<<<<<< A =======']);
      expect(lines.filter((line) => line === '=======')).toHaveLength(1);
      expect(lines.filter((line) => /^>{7}(?: .*)?$/.test(line))).toEqual(['>>>>>>> >>>>>>> B']);
    });

    it('M10: a merge too big for the note limit uses the labels too', () => {
      const line = `${'x'.repeat(99)}\n`;
      const half = line.repeat(Math.floor(NOTE_LIMITS.bodyMaxLength / 100 / 2) + 10);
      const big = note('start\nend\n');
      const result = mergeNotes({
        base: big,
        ours: edit(big, (b) => replaceOnce(b, 'start\n', `start\n${half}`)),
        theirs: edit(big, (b) => replaceOnce(b, 'end\n', `${half.replace(/x/g, 'y')}end\n`)),
        labels: { ours: 'Alice’s laptop', theirs: 'another device' },
      });
      expect(result.conflicted).toBe(true);
      expect(result.merged.body).toContain('\n<<<<<<< Alice’s laptop\n=======\n');
      expect(result.merged.body).toMatch(/\n>>>>>>> another device\n$/);
    });
  });

  describe('M7: an edit beats a delete', () => {
    const edited = edit(meeting, (b) => replaceOnce(b, 'Nothing yet.', 'Important decision.'), {
      updatedAt: T0 + 5_000,
    });
    const trashed = { ...meeting, trashedAt: T0 + 4_000 };
    const deletedForever = { ...meeting, trashedAt: T0 + 3_000, _deleted: true };

    it.each([
      ['trash (ours) vs edit (theirs)', trashed, edited],
      ['edit (ours) vs trash (theirs)', edited, trashed],
      ['delete forever (ours) vs edit (theirs)', deletedForever, edited],
      ['edit (ours) vs delete forever (theirs)', edited, deletedForever],
    ])('M7: %s → live with the edit', (_name, ours, theirs) => {
      const merged = validate(mergeNotes({ base: meeting, ours, theirs }));
      expect(merged._deleted).toBe(false);
      expect(merged.trashedAt).toBe(0);
      expect(merged.body).toContain('Important decision.');
    });

    it('M7: a rename or a move is an edit too', () => {
      const moved = { ...meeting, folder: 'archive', updatedAt: T0 + 5_000 };
      const merged = mergeNotes({ base: meeting, ours: moved, theirs: deletedForever }).merged;
      expect([merged._deleted, merged.trashedAt, merged.folder]).toEqual([false, 0, 'archive']);
    });

    it('M7: an edit made in the trash beats a delete forever of the trashed note', () => {
      const editedInTrash = edit(trashed, (b) => `${b}Late addition.\n`);
      const merged = mergeNotes({ base: trashed, ours: deletedForever, theirs: editedInTrash }).merged;
      expect([merged._deleted, merged.trashedAt]).toEqual([false, 0]);
      expect(merged.body).toContain('Late addition.');
    });

    it('M7: a delete that saw the edit wins, even against a push retried with a stale base', () => {
      // Device X's push of `edited` lost its reply; Y pulled `edited` and deleted it forever; X
      // retries with its old base (`meeting`) and meets Y's tombstone.
      const tombstone = { ...edited, trashedAt: T0 + 6_000, _deleted: true };
      const merged = mergeNotes({ base: meeting, ours: edited, theirs: tombstone }).merged;
      expect(merged._deleted).toBe(true);
      const noBase = mergeNotes({ base: null, ours: edited, theirs: tombstone }).merged;
      expect(noBase._deleted).toBe(true);
    });

    it('M7: both sides deleting stays deleted', () => {
      const merged = mergeNotes({ base: meeting, ours: trashed, theirs: deletedForever }).merged;
      expect(merged._deleted).toBe(true);
      const bothTrashed = mergeNotes({
        base: meeting,
        ours: trashed,
        theirs: { ...trashed, trashedAt: T0 + 4_500 },
      });
      expect([bothTrashed.merged._deleted, bothTrashed.merged.trashedAt]).toEqual([false, T0 + 4_500]);
    });

    it('M7: a delete against an unchanged note stays deleted, even if the other side touched only timestamps', () => {
      const touched = { ...meeting, updatedAt: T0 + 9_999 };
      const forever = mergeNotes({ base: meeting, ours: touched, theirs: deletedForever }).merged;
      expect(forever._deleted).toBe(true);
      const trash = mergeNotes({ base: meeting, ours: trashed, theirs: touched }).merged;
      expect([trash._deleted, trash.trashedAt]).toEqual([false, T0 + 4_000]);
    });
  });

  it('M8: createdAt is the earlier, updatedAt the later — plus one when the merge made something new', () => {
    const ours = edit(meeting, (b) => replaceOnce(b, '- Roadmap', '- Roadmap!'), {
      createdAt: T0 - 50,
      updatedAt: T0 + 5_000,
    });
    const theirs = edit(meeting, (b) => replaceOnce(b, '- Budget', '- Budget!'), { updatedAt: T0 + 6_000 });
    const merged = mergeNotes({ base: meeting, ours, theirs }).merged;
    expect(merged.createdAt).toBe(T0 - 50);
    expect(merged.updatedAt).toBe(T0 + 6_001);

    // The result equals theirs' content (ours only re-saved unchanged text): no +1.
    const resaved = { ...meeting, updatedAt: T0 + 7_000 };
    const same = mergeNotes({ base: meeting, ours: resaved, theirs }).merged;
    expect(same.body).toBe(theirs.body);
    expect(same.updatedAt).toBe(T0 + 7_000);
  });

  it('M9: no base — both bodies are kept, shared lines once, differing lines between markers', () => {
    const ours = note('---\ntags: [daily]\n---\n# 2024-05-01\n\n- Standup\n- Write report\n', {
      updatedAt: T0 + 10,
    });
    const theirs = note(
      '---\ntags: [daily, work]\nmood: good\n---\n# 2024-05-01\n\n- Standup\n- Call Alice\n',
      {
        updatedAt: T0 + 20,
      },
    );
    const result = mergeNotes({ base: null, ours, theirs });
    const merged = validate(result);
    expect(result.conflicted).toBe(true);
    expect(merged.needsReview).toBe(true);
    expect(merged.tags).toEqual(['daily', 'work']);
    expect(parseFrontmatter(merged.body).data).toEqual({ tags: ['daily', 'work'], mood: 'good' });
    expect(parseFrontmatter(merged.body).content).toBe(
      '# 2024-05-01\n\n- Standup\n<<<<<<< this device\n- Write report\n=======\n- Call Alice\n>>>>>>> other device\n',
    );
  });

  it('M9: no base and identical texts merge cleanly', () => {
    const ours = note('# Same\n', { updatedAt: T0 + 1 });
    const theirs = note('# Same\n', { updatedAt: T0 + 2 });
    const result = mergeNotes({ base: null, ours, theirs });
    expect(result.conflicted).toBe(false);
    expect(result.merged.body).toBe('# Same\n');
  });

  // Their speed (node-diff3 alone is quadratic on repeats) is measured by bench/merge.ts.
  it('M6: a long note full of blank lines merges', () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 0 ? '' : `Paragraph ${i}.`));
    const base = note(lines.join('\n'));
    const ours = edit(base, (b) => replaceOnce(b, 'Paragraph 1.\n', 'Paragraph 1 (ours).\n'));
    const theirs = edit(base, (b) => replaceOnce(b, 'Paragraph 11998.', 'Paragraph 11998 (theirs).'));
    const result = mergeNotes({ base, ours, theirs });
    expect(result.conflicted).toBe(false);
    expect(result.merged.body).toBe(
      base.body
        .replace('Paragraph 1.\n', 'Paragraph 1 (ours).\n')
        .replace('Paragraph 11998.', 'Paragraph 11998 (theirs).'),
    );
  });

  it('M6: text too repetitive to align is kept whole from both sides between markers', () => {
    // Ours changed both ends, so everything between is its change too, and too repetitive to
    // align line by line or word by word.
    const base = note('| a | b |\n|---|---|\n'.repeat(4_000));
    const ours = edit(base, (b) => `| ours | x |\n${b}| ours | z |\n`);
    const theirs = edit(base, (b) => `${b}| theirs | y |\n`);
    const result = mergeNotes({ base, ours, theirs });
    expect(result.conflicted).toBe(true);
    expect(result.merged.body).toContain('| ours | x |\n');
    expect(result.merged.body).toContain('| theirs | y |\n');
  });

  it('M6: repetitive text edited only at its two ends merges cleanly', () => {
    // Until word merging this was kept from both sides between markers (too costly to align).
    const base = note('| a | b |\n|---|---|\n'.repeat(4_000));
    const ours = edit(base, (b) => `| ours | x |\n${b}`);
    const theirs = edit(base, (b) => `${b}| theirs | y |\n`);
    const result = mergeNotes({ base, ours, theirs });
    expect(result.conflicted).toBe(false);
    expect(result.merged.body).toBe(`| ours | x |\n${base.body}| theirs | y |\n`);
  });

  it('is deterministic and does not mutate its inputs', () => {
    const base = structuredClone(meeting);
    const ours = edit(meeting, (b) => replaceOnce(b, 'status: draft', 'status: a'), { updatedAt: T0 + 3 });
    const theirs = edit(meeting, (b) =>
      replaceOnce(b, 'status: draft', 'status: b').replace('- Roadmap', '- R'),
    );
    const snapshot = structuredClone({ base, ours, theirs });
    const first = mergeNotes({ base, ours, theirs });
    expect(mergeNotes({ base, ours, theirs })).toEqual(first);
    expect({ base, ours, theirs }).toEqual(snapshot);
  });
});

describe('notesEquivalent', () => {
  it('compares every replicated field, tags in order, and ignores RxDB meta fields', () => {
    const a = note('x');
    expect(notesEquivalent(a, { ...a })).toBe(true);
    const withMeta = { ...a, _meta: { lwt: 1 }, _rev: '1-abc', _attachments: {} } as ReplicatedNote;
    expect(notesEquivalent(a, withMeta)).toBe(true);
    for (const [field, value] of Object.entries({
      id: 'other',
      title: 'Other',
      body: 'y',
      tags: ['t'],
      folder: 'f',
      createdAt: 1,
      updatedAt: 2,
      trashedAt: 3,
      needsReview: true,
      _deleted: true,
    })) {
      expect(notesEquivalent(a, { ...a, [field]: value }), field).toBe(false);
    }
    expect(notesEquivalent({ ...a, tags: ['a', 'b'] }, { ...a, tags: ['b', 'a'] })).toBe(false);
  });

  it('checks every field of the replicated schema (a new field cannot be forgotten)', () => {
    const a = note('x');
    for (const field of Object.keys(replicatedNoteSchema.shape)) {
      const changed = { ...a, [field]: `changed-${field}` };
      expect(notesEquivalent(a, changed), field).toBe(false);
    }
  });
});
