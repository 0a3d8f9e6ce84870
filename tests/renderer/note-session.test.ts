import { describe, expect, it } from 'vitest';
import {
  NoteSession,
  type EditorBinding,
  type NoteSessionEvent,
} from '../../src-renderer/src/features/editor/note-session';
import type { NoteVersion, NoteWriteResult } from '../../src-shared/api/notes-api';

const LINES = 'line one\nline two\nline three\n';

function version(revision: number, body: string, patch: Partial<NoteVersion> = {}): NoteVersion {
  return {
    id: 'n1',
    title: 'Plan',
    body,
    tags: [],
    folder: '',
    createdAt: 1,
    updatedAt: 10 + revision,
    trashedAt: 0,
    needsReview: false,
    revision,
    writtenBy: 'sync',
    ...patch,
  };
}

/** A host that answers each write when the test says so, applying it like E2 (no concurrent writer). */
function controllableHost() {
  const pending: {
    input: Parameters<NoteSessionDepsUpdate>[0];
    answer: (result: NoteWriteResult) => void;
  }[] = [];
  let revision = 1;
  const update: NoteSessionDepsUpdate = (input) =>
    new Promise<NoteWriteResult>((resolve) => pending.push({ input, answer: resolve }));
  return {
    update,
    pending,
    /** Answers the oldest write with `body` as what the host stored, at `at` (or the next revision). */
    answer(body?: string, at?: number) {
      const next = pending.shift();
      if (!next) throw new Error('no write out');
      revision = at ?? Math.max(revision, next.input.base.revision) + 1;
      next.answer({
        note: version(revision, body ?? next.input.body ?? next.input.base.body, {
          title: next.input.title ?? next.input.base.title,
          writtenBy: 'local',
        }),
        merge: null,
      });
    },
  };
}
type NoteSessionDepsUpdate = (input: {
  id: string;
  base: NoteVersion;
  title?: string;
  body?: string;
}) => Promise<NoteWriteResult>;

function session(initial: NoteVersion, update: NoteSessionDepsUpdate) {
  const events: NoteSessionEvent['kind'][] = [];
  const s = new NoteSession(initial, { update, deviceName: () => 'Laptop', now: () => 1_000 });
  s.subscribe((event) => events.push(event.kind));
  return { s, events };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('NoteSession (editing rules E4, E8, E9)', () => {
  it('E1: a save sends the text with the version it was typed over, then takes the answer as its base', async () => {
    const host = controllableHost();
    const { s } = session(version(1, LINES), host.update);
    s.edit({ body: `${LINES}line four\n` });
    const saving = s.save();
    expect(host.pending[0]?.input).toMatchObject({ body: `${LINES}line four\n`, base: { revision: 1 } });
    host.answer();
    await saving;
    expect(s.version.revision).toBe(2);
    expect(s.hasUnsavedChanges()).toBe(false);
  });

  it('E4: keystrokes typed while a save is out stay, and are what the next save sends', async () => {
    const host = controllableHost();
    const { s } = session(version(1, LINES), host.update);
    s.edit({ body: LINES.replace('line one', 'line one A') });
    const saving = s.save();
    s.edit({ body: LINES.replace('line one', 'line one AB') });
    host.answer();
    await saving;
    expect(s.text).toBe(LINES.replace('line one', 'line one AB'));
    expect(s.hasUnsavedChanges()).toBe(true);
    const next = s.save();
    expect(host.pending[0]?.input).toMatchObject({
      body: LINES.replace('line one', 'line one AB'),
      base: { revision: 2 },
    });
    host.answer();
    await next;
  });

  it('E4: the host’s merged answer is reconciled against the text that was sent, keeping later typing', async () => {
    const host = controllableHost();
    const { s, events } = session(version(1, LINES), host.update);
    s.edit({ body: LINES.replace('line one', 'line one A') });
    const saving = s.save();
    s.edit({ body: LINES.replace('line one', 'line one AB') });
    // The host merged another device's edit of line three into what was sent.
    host.answer(LINES.replace('line one', 'line one A').replace('line three', 'line three C'));
    await saving;
    expect(s.text).toBe(LINES.replace('line one', 'line one AB').replace('line three', 'line three C'));
    expect(events).toContain('content');
  });

  it('E9: a version stored before the write waits for the answer, which already holds it', async () => {
    const host = controllableHost();
    const { s } = session(version(1, LINES), host.update);
    s.edit({ body: LINES.replace('line one', 'line one A') });
    const saving = s.save();
    // Sync stored revision 5 just before the write reached the host: the change feed tells us.
    s.receive(version(5, LINES.replace('line two', 'line two X')));
    expect(s.text).toBe(LINES.replace('line one', 'line one A'));
    // The host merged our write over revision 5 (E3) and stored revision 6.
    host.answer(LINES.replace('line one', 'line one A').replace('line two', 'line two X'), 6);
    await saving;
    expect(s.text).toBe(LINES.replace('line one', 'line one A').replace('line two', 'line two X'));
    expect(s.version.revision).toBe(6);
  });

  it('E9: a version stored after the write waits for the answer, then is merged on top of it', async () => {
    const host = controllableHost();
    const { s } = session(version(1, LINES), host.update);
    s.edit({ body: LINES.replace('line one', 'line one A') });
    const saving = s.save();
    s.edit({ body: LINES.replace('line one', 'line one AB') });
    // Our write became revision 2; sync then stored revision 3 on top of it.
    s.receive(version(3, LINES.replace('line one', 'line one A').replace('line two', 'line two X')));
    host.answer(LINES.replace('line one', 'line one A'), 2);
    await saving;
    expect(s.text).toBe(LINES.replace('line one', 'line one AB').replace('line two', 'line two X'));
    expect(s.version.revision).toBe(3);
    expect(s.hasUnsavedChanges()).toBe(true);
  });

  it('E9: with no unsaved edits a newer version is adopted; an older or equal one is ignored', () => {
    const { s, events } = session(version(3, LINES), controllableHost().update);
    s.receive(version(2, 'older'));
    s.receive(version(3, 'same revision'));
    expect(s.text).toBe(LINES);
    s.receive(version(4, 'newer'));
    expect(s.text).toBe('newer');
    expect(events).toEqual(['content', 'version']);
    expect(s.hasUnsavedChanges()).toBe(false);
  });

  it('E9: unsaved typing and a newer version are merged, reported, and left to save', () => {
    const { s, events } = session(version(1, LINES), controllableHost().update);
    s.edit({ body: LINES.replace('line one', 'line one A') });
    s.receive(version(2, LINES.replace('line three', 'line three B')));
    expect(s.text).toBe(LINES.replace('line one', 'line one A').replace('line three', 'line three B'));
    expect(events).toEqual(['dirty', 'content', 'version', 'merged', 'dirty']);
    expect(s.hasUnsavedChanges()).toBe(true);
  });

  it('E9/M10: the same words changed on both sides are both kept between markers naming the devices', () => {
    const { s } = session(version(1, 'a\nsame\nz\n'), controllableHost().update);
    s.edit({ body: 'a\nsame mine\nz\n' });
    s.receive(version(2, 'a\nsame theirs\nz\n'));
    expect(s.text).toContain('<<<<<<< Laptop\n');
    expect(s.text).toContain('>>>>>>> another device\n');
    const other = session(version(1, 'a\nsame\nz\n'), controllableHost().update).s;
    other.edit({ body: 'a\nsame mine\nz\n' });
    other.receive(version(2, 'a\nsame other window\nz\n', { writtenBy: 'local' }));
    expect(other.text).toContain('>>>>>>> Laptop (another window)\n');
  });

  it('E9: the editor is read at the moment of the merge and written right after (no keystroke in between)', () => {
    const { s } = session(version(1, LINES), controllableHost().update);
    let onScreen = LINES;
    const editor: EditorBinding = { read: () => onScreen, apply: (text) => void (onScreen = text) };
    s.attach(editor);
    // A keystroke the session has not been told of yet (its change listener had not run).
    onScreen = LINES.replace('line two', 'line two typed');
    s.receive(version(2, LINES.replace('line one', 'line one theirs')));
    expect(onScreen).toBe(LINES.replace('line one', 'line one theirs').replace('line two', 'line two typed'));
    expect(s.text).toBe(onScreen);
  });

  it('E4: the user’s spelling of a title the host only normalised stays while typing', async () => {
    const host = controllableHost();
    const { s } = session(version(1, LINES), host.update);
    s.edit({ title: 'Plan ' });
    expect(s.hasUnsavedChanges()).toBe(false);
    s.edit({ title: 'Plan 2 ' });
    const saving = s.save();
    expect(host.pending[0]?.input.title).toBe('Plan 2');
    host.answer();
    await saving;
    expect(s.title).toBe('Plan 2 ');
  });

  it('a failed save keeps the text unsaved and takes in a version that waited', async () => {
    const failing: NoteSessionDepsUpdate = () => Promise.reject(new Error('offline'));
    const { s } = session(version(1, LINES), failing);
    s.edit({ body: LINES.replace('line one', 'line one A') });
    const saving = s.save();
    s.receive(version(2, LINES.replace('line three', 'line three B')));
    await expect(saving).rejects.toThrow('offline');
    await flush();
    expect(s.text).toBe(LINES.replace('line one', 'line one A').replace('line three', 'line three B'));
    expect(s.version.revision).toBe(2);
    expect(s.hasUnsavedChanges()).toBe(true);
  });
});
