import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { NOTE_LIMITS } from '../../src-shared/schema/note';
import { CONFLICT_MARKERS, mergeNotes, notesEquivalent } from '../../src-shared/sync/merge-note';
import { replicatedNoteSchema, type ReplicatedNote } from '../../src-shared/sync/protocol';

/** Tests name the rule of docs/sync-protocol.md ("Merging conflicts") they check. */

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
    .filter(
      (line) =>
        line === CONFLICT_MARKERS.ours ||
        line === CONFLICT_MARKERS.separator ||
        line === CONFLICT_MARKERS.theirs,
    );
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
    const ours = edit(meeting, (b) =>
      replaceOnce(b, 'const answer = 42;', 'const answer = 42;\nconsole.log(answer);'),
    );
    const theirs = edit(meeting, (b) => replaceOnce(b, 'const answer = 42;', 'const answer = 43;'));
    const merged = validate(mergeNotes({ base: meeting, ours, theirs }));
    expect(merged.body).toContain(
      '```ts\n<<<<<<< this device\nconst answer = 42;\nconsole.log(answer);\n=======\nconst answer = 43;\n>>>>>>> other device\n```\n',
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
    // Adjacent lines changed on both sides: a text conflict, nothing dropped.
    expect(result.conflicted).toBe(true);
    expect(merged.body).toContain('tags: [a, b]');
    expect(merged.body).toContain('status: done');
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
    expect(markerLines(merged.body)).toEqual([
      CONFLICT_MARKERS.ours,
      CONFLICT_MARKERS.separator,
      CONFLICT_MARKERS.theirs,
    ]);
    // Only whole lines of theirs.
    expect(merged.body).toMatch(/\n(?:start|y{99})\n>>>>>>> other device\n$/);
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

  it('M6: a long note full of blank lines merges quickly (node-diff3 alone is quadratic on repeats)', () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 0 ? '' : `Paragraph ${i}.`));
    const base = note(lines.join('\n'));
    const ours = edit(base, (b) => replaceOnce(b, 'Paragraph 1.\n', 'Paragraph 1 (ours).\n'));
    const theirs = edit(base, (b) => replaceOnce(b, 'Paragraph 11998.', 'Paragraph 11998 (theirs).'));
    const started = performance.now();
    const result = mergeNotes({ base, ours, theirs });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.conflicted).toBe(false);
    expect(result.merged.body).toBe(
      base.body
        .replace('Paragraph 1.\n', 'Paragraph 1 (ours).\n')
        .replace('Paragraph 11998.', 'Paragraph 11998 (theirs).'),
    );
  });

  it('M6: text too repetitive to align is kept whole from both sides between markers', () => {
    const base = note('| a | b |\n|---|---|\n'.repeat(4_000));
    const ours = edit(base, (b) => `| ours | x |\n${b}`);
    const theirs = edit(base, (b) => `${b}| theirs | y |\n`);
    const started = performance.now();
    const result = mergeNotes({ base, ours, theirs });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result.conflicted).toBe(true);
    expect(result.merged.body).toContain('| ours | x |\n');
    expect(result.merged.body).toContain('| theirs | y |\n');
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
