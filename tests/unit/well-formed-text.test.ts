import { describe, expect, it } from 'vitest';
import { appRouter } from '../../src-main/app-router';
import { createCallerFactory } from '../../src-main/trpc';
import { createNoteInput } from '../../src-shared/api/notes-api';
import {
  isWellFormedText,
  noteSchema,
  repairNoteText,
  repairText,
  toWellFormedText,
  type Note,
} from '../../src-shared/schema/note';
import { replicatedNoteSchema } from '../../src-shared/sync/protocol';
import { createTestHost } from '../support/test-host';

const createCaller = createCallerFactory(appRouter);

const HIGH = '\ud83d'; // the first half of 😀 (U+1F600)
const LOW = '\ude00'; // its second half

const note = (patch: Partial<Note> = {}): Note => ({
  id: 'n1',
  title: 'Title',
  body: 'Body 😀\n',
  tags: ['a'],
  folder: 'f',
  createdAt: 1,
  updatedAt: 1,
  trashedAt: 0,
  needsReview: false,
  ...patch,
});

describe('R16: well-formed text', () => {
  it('R16: tells lone surrogates from whole pairs', () => {
    expect(isWellFormedText('plain, é, 😀')).toBe(true);
    expect(isWellFormedText(`${HIGH}${LOW}`)).toBe(true);
    for (const bad of [HIGH, LOW, `a${HIGH}`, `${LOW}${HIGH}`, `x${HIGH}y`, `😀${LOW}`]) {
      expect(isWellFormedText(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(toWellFormedText(`a${HIGH}b😀${LOW}`)).toBe('a\ufffdb😀\ufffd');
    expect(repairText(`a\u0000${HIGH}`)).toBe('a\ufffd');
    expect(repairText(42)).toBe(42);
  });

  it.each([
    ['title', note({ title: `half ${HIGH}` })],
    ['body', note({ body: `half ${LOW} of it` })],
    ['tags', note({ tags: ['ok', `t${HIGH}`] })],
    ['folder', note({ folder: `a/${LOW}` })],
  ])('R16: noteSchema refuses a lone surrogate in the %s', (_field, bad) => {
    const result = noteSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/lone UTF-16 surrogate/);
    // The server's schema derives from it (R10: such a row is INVALID_DOCUMENT).
    expect(replicatedNoteSchema.safeParse({ ...bad, _deleted: false }).success).toBe(false);
    expect(noteSchema.safeParse(repairNoteText(bad)).success).toBe(true);
  });

  it('R16: noteSchema still accepts whole emoji pairs', () => {
    expect(noteSchema.safeParse(note({ title: '😀', tags: ['😀'], folder: '😀/x' })).success).toBe(true);
  });

  it('R16: the host input repairs a lone surrogate to U+FFFD instead of refusing it', async () => {
    expect(createNoteInput.parse({ title: `T${HIGH}`, body: `a${LOW}\u0000b` })).toMatchObject({
      title: 'T\ufffd',
      body: 'a\ufffdb',
    });
    const { host, dispose } = await createTestHost('memory');
    try {
      const api = createCaller(host.createContext());
      const created = await api.notes.create({ title: `Pasted ${HIGH}`, body: `half ${LOW} emoji\n` });
      const stored = await api.notes.get({ id: created.id });
      expect({ title: stored.title, body: stored.body }).toEqual({
        title: 'Pasted \ufffd',
        body: 'half \ufffd emoji\n',
      });
    } finally {
      await dispose();
    }
  });
});
