import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import type { Host } from '../../src-main/host';
import { createTestHost, STORAGE_KINDS } from '../support/test-host';
import { makeTempDir } from '../support/temp-dir';
import {
  dailyFormatProblem,
  dailyNoteDay,
  dailyNotePlace,
  parseDay,
} from '../../src-shared/daily-notes/daily-note-format';

const createCaller = createCallerFactory(appRouter);

/** 3 December 2026, 09:15 in the test process's own time zone. */
const MORNING = new Date(2026, 11, 3, 9, 15).getTime();
const HOUR = 3_600_000;

describe('daily-note paths', () => {
  const day = (text: string) => parseDay(text)!;

  it('turns a day into a folder and title, "/" nesting folders', () => {
    expect(dailyNotePlace({ format: 'YYYY-MM-DD', folder: 'Daily' }, day('2026-12-03'))).toEqual({
      folder: 'Daily',
      title: '2026-12-03',
    });
    expect(dailyNotePlace({ format: 'YYYY/MM/YYYY-MM-DD', folder: 'Daily' }, day('2026-12-03'))).toEqual({
      folder: 'Daily/2026/12',
      title: '2026-12-03',
    });
    expect(dailyNotePlace({ format: 'dddd, MMMM Do YYYY', folder: '' }, day('2026-12-03'))).toEqual({
      folder: '',
      title: 'Thursday, December 3rd 2026',
    });
    expect(
      dailyNotePlace({ format: '[Journal] YYYY.MM.DD', folder: ' Notes / Days ' }, day('2026-01-09')),
    ).toEqual({
      folder: 'Notes/Days',
      title: 'Journal 2026.01.09',
    });
  });

  it('reads a note’s place back into its day, and nothing else', () => {
    const nested = { format: 'YYYY/MM/YYYY-MM-DD', folder: 'Daily' };
    expect(dailyNoteDay(nested, { folder: 'Daily/2026/12', title: '2026-12-03' })?.format('YYYY-MM-DD')).toBe(
      '2026-12-03',
    );
    // In the wrong month's folder, outside the daily folder, or not a date at all: not a daily note.
    expect(dailyNoteDay(nested, { folder: 'Daily/2026/11', title: '2026-12-03' })).toBeNull();
    expect(dailyNoteDay(nested, { folder: 'Other/2026/12', title: '2026-12-03' })).toBeNull();
    expect(dailyNoteDay(nested, { folder: 'Daily/2026/12', title: 'Shopping' })).toBeNull();
    const named = { format: 'ddd D MMM YYYY', folder: '' };
    expect(dailyNoteDay(named, { folder: '', title: 'Thu 3 Dec 2026' })?.format('YYYY-MM-DD')).toBe(
      '2026-12-03',
    );
    // The weekday must be that day's.
    expect(dailyNoteDay(named, { folder: '', title: 'Fri 3 Dec 2026' })).toBeNull();
  });

  it('refuses formats that give an empty or invalid path or do not name the day', () => {
    expect(dailyFormatProblem('YYYY-MM-DD')).toBeNull();
    expect(dailyFormatProblem('YYYY/MM/YYYY-MM-DD')).toBeNull();
    expect(dailyFormatProblem('gggg-[W]ww ddd D MMM YYYY')).toBeNull();
    expect(dailyFormatProblem('')).toMatch(/Enter a date format/);
    expect(dailyFormatProblem('YYYY/MM/')).toMatch(/empty folder or title/);
    expect(dailyFormatProblem('YYYY//MM-DD')).toMatch(/empty folder or title/);
    expect(dailyFormatProblem('HH:mm YYYY-MM-DD')).toMatch(/contains “:”/);
    expect(dailyFormatProblem('YYYY-MM')).toMatch(/does not tell the day/);
    expect(dailyFormatProblem('dddd')).toMatch(/does not tell the day/);
    expect(dailyFormatProblem('[Daily note]')).toMatch(/does not tell the day/);
    expect(dailyFormatProblem('x'.repeat(101))).toMatch(/at most 100/);
  });
});

describe.each(STORAGE_KINDS)('daily notes service on %s storage', (storage) => {
  let host: Host;
  let clock: { now(): number; advance(ms: number): void };
  let dispose: () => Promise<void>;
  let templates: { dir: string; cleanup(): void };

  beforeEach(async () => {
    templates = makeTempDir('quire-templates-');
    fs.writeFileSync(
      path.join(templates.dir, 'daily.md'),
      '---\ncreated: "{{date}}"\n---\n\n# Daily\n\n## {{title}}\n\nStarted at {{time}}.\n',
    );
    ({ host, clock, dispose } = await createTestHost(storage, { templatesDir: templates.dir }));
    clock.advance(MORNING - clock.now());
  });
  afterEach(async () => {
    await dispose();
    templates.cleanup();
  });
  const api = () => createCaller(host.createContext());

  it('opens today’s note from the injected clock, in the local time zone, creating it once', async () => {
    const first = await api().dailyNotes.open({});
    expect(first.created).toBe(true);
    expect(first.note).toMatchObject({ title: '2026-12-03', folder: 'Daily', body: '' });
    clock.advance(14 * HOUR); // 23:15 the same day
    const again = await api().dailyNotes.open({});
    expect(again).toMatchObject({ created: false, note: { id: first.note.id } });
    clock.advance(HOUR); // 00:15 the next day
    expect((await api().dailyNotes.open({})).note.title).toBe('2026-12-04');
    expect((await host.services.notes.list({ view: 'notes', offset: 0, limit: 10 })).total).toBe(2);
  });

  it('never makes two notes for one day, even when asked at the same moment', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => api().dailyNotes.open({ date: '2026-12-03' })));
    expect(new Set(opened.map((o) => o.note.id)).size).toBe(1);
    expect(opened.filter((o) => o.created)).toHaveLength(1);
    expect((await host.services.notes.list({ view: 'notes', offset: 0, limit: 10 })).total).toBe(1);
  });

  it('finds the day’s note by folder and title, whoever made it; a trashed one does not count', async () => {
    const mine = await host.services.notes.create({ title: '2026-12-03', folder: 'Daily', body: 'by hand' });
    expect((await api().dailyNotes.open({})).note).toMatchObject({ id: mine.id, body: 'by hand' });
    await host.services.notes.trash(mine.id);
    const fresh = await api().dailyNotes.open({});
    expect(fresh.created).toBe(true);
    expect(fresh.note.id).not.toBe(mine.id);
  });

  it('nests folders as the format says and fills the template for the note’s day', async () => {
    await api().dailyNotes.setSettings({ format: 'YYYY/MM/YYYY-MM-DD', templateId: 'daily' });
    const { note } = await api().dailyNotes.open({ date: '2026-11-30' });
    expect(note).toMatchObject({ folder: 'Daily/2026/11', title: '2026-11-30' });
    expect(note.body).toBe(
      '---\ncreated: "2026-11-30"\n---\n\n# Daily\n\n## 2026-11-30\n\nStarted at 09:15.\n',
    );
  });

  it('steps to the nearest existing daily note before and after, by the day in its title', async () => {
    await api().dailyNotes.setSettings({ format: 'YYYY/MM/YYYY-MM-DD' });
    const made: Record<string, string> = {};
    // Made out of order, so creation time says nothing about the day.
    for (const date of ['2026-12-03', '2025-12-31', '2026-12-10', '2026-11-28']) {
      made[date] = (await api().dailyNotes.open({ date })).note.id;
    }
    // Not daily notes: another folder, a title that is no date, a note in the wrong month folder.
    await host.services.notes.create({ title: '2026-12-05', folder: 'Elsewhere' });
    await host.services.notes.create({ title: 'Plans', folder: 'Daily/2026/12' });
    await host.services.notes.create({ title: '2026-12-06', folder: 'Daily/2026/11' });
    const adjacent = (id: string, direction: 'previous' | 'next') =>
      api().dailyNotes.adjacent({ id, direction });

    expect(await adjacent(made['2026-12-03']!, 'previous')).toEqual({
      id: made['2026-11-28'],
      title: '2026-11-28',
      date: '2026-11-28',
    });
    expect((await adjacent(made['2026-12-03']!, 'next'))?.date).toBe('2026-12-10');
    expect((await adjacent(made['2026-11-28']!, 'previous'))?.date).toBe('2025-12-31');
    expect(await adjacent(made['2025-12-31']!, 'previous')).toBeNull();
    expect(await adjacent(made['2026-12-10']!, 'next')).toBeNull();
    // A trashed day is skipped.
    await host.services.notes.trash(made['2026-11-28']!);
    expect((await adjacent(made['2026-12-03']!, 'previous'))?.date).toBe('2025-12-31');
    const plans = await host.services.notes.create({ title: 'Plans 2', folder: 'Daily' });
    expect(await adjacent(plans.id, 'next')).toBeNull();
  });

  it('keeps its settings, refusing a bad format, folder or template with a reason', async () => {
    expect(await api().dailyNotes.settings()).toEqual({
      format: 'YYYY-MM-DD',
      folder: 'Daily',
      templateId: null,
    });
    await expect(api().dailyNotes.setSettings({ format: 'YYYY-MM' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/does not tell the day/) as unknown,
    });
    await expect(api().dailyNotes.setSettings({ format: 'MM//DD' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(api().dailyNotes.setSettings({ folder: '../outside' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(api().dailyNotes.setSettings({ templateId: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(api().dailyNotes.open({ date: '2026-02-30' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const saved = await api().dailyNotes.setSettings({ folder: ' Journal / Days/ ', templateId: 'daily' });
    expect(saved).toEqual({ format: 'YYYY-MM-DD', folder: 'Journal/Days', templateId: 'daily' });
    expect(await api().dailyNotes.settings()).toEqual(saved);
    expect(await api().dailyNotes.setSettings({ templateId: null })).toMatchObject({ templateId: null });
  });
});
