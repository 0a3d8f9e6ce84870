import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import { createTestHost } from '../support/test-host';
import type { Host } from '../../src-main/host';

const createCaller = createCallerFactory(appRouter);

describe('app router', () => {
  let host: Host;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ host, dispose } = await createTestHost('memory'));
  });
  afterEach(async () => {
    await dispose();
  });
  const caller = () => createCaller(host.createContext());

  it('rejects invalid input with BAD_REQUEST and writes nothing', async () => {
    const api = caller();
    await expect(api.notes.create({ title: 'x'.repeat(301) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const existing = await api.notes.create({ title: 'existing' });
    await expect(
      api.notes.update({ id: '../etc/passwd', base: { ...existing, id: '../etc/passwd' }, body: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await api.notes.deleteForever({ id: (await api.notes.trash({ id: existing.id })).id });
    // @ts-expect-error: an unknown view is a type error and a run-time rejection
    await expect(api.notes.list({ view: 'everything' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.notes.list({ limit: 100_000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.notes.create({ body: 'x'.repeat(1_000_001) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await api.notes.list({})).total).toBe(0);
  });

  it('rejects an update that changes nothing', async () => {
    const note = await caller().notes.create({ title: 'a' });
    await expect(caller().notes.update({ id: note.id, base: note })).rejects.toThrow(/Nothing to update/);
  });

  it('maps service failures to tRPC codes with plain messages', async () => {
    const error = await caller()
      .notes.get({ id: 'missing' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no longer exists/) });
    const note = await caller().notes.create({});
    await expect(caller().notes.deleteForever({ id: note.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('creates a note from the built-in System Architecture template with placeholders filled', async () => {
    const templates = await caller().templates.list();
    expect(templates).toContainEqual(
      expect.objectContaining({ id: 'system-architecture', name: 'System Architecture' }),
    );
    const note = await caller().templates.createNote({ templateId: 'system-architecture' });
    expect(note.title).toBe('System Architecture');
    expect(note.tags).toEqual(['architecture', 'system']);
    expect(note.body).toMatch(/^updated: \d{4}-\d{2}-\d{2}$/m);
    expect(note.body).toContain('[[Data Model]]');
    await expect(caller().templates.createNote({ templateId: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers a template’s text filled for the note it goes into, for the slash menu', async () => {
    const text = await caller().templates.text({ templateId: 'system-architecture', title: 'Billing' });
    expect(text).toMatch(/^updated: \d{4}-\d{2}-\d{2}$/m);
    expect(text).not.toContain('YYYY-MM-DD');
    expect(text).toContain('[[Data Model]]');
    await expect(caller().templates.text({ templateId: 'nope', title: '' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('streams note changes to subscribers, starting with the current revision', async () => {
    const iterable = await caller().notes.changes();
    const iterator = iterable[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ ids: [] });
    const created = await caller().notes.create({ title: 'live' });
    const second = await iterator.next();
    expect(second.value).toMatchObject({ ids: [created.id] });
    await iterator.return?.();
  });

  it('reads and updates preferences', async () => {
    expect((await caller().settings.updatePreferences({ previewOpen: true })).previewOpen).toBe(true);
    expect((await caller().settings.preferences()).previewOpen).toBe(true);
    expect(await caller().app.info()).toMatchObject({ runtime: 'node', dataDir: host.dataDir });
  });
});
