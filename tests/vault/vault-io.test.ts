import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Host } from '../../src-main/host';
import type { Note } from '../../src-shared/schema/note';
import type { VaultJob } from '../../src-shared/api/vault-api';
import { createTestHost } from '../support/test-host';
import { makeTempDir, useTempDirs } from '../support/temp-dir';
import { editNote } from '../support/edit-note';
import { IMPORT_BATCH } from '../../src-main/vault-io/import-job';
import { generateVault, readTree, sortReport, type GeneratedVault } from './generate-vault';

const tempDir = useTempDirs(afterEach);

async function liveNotes(host: Host): Promise<Note[]> {
  return (await host.db.notes.find({ selector: { trashedAt: 0 } }).exec()).map((doc) => doc.toJSON() as Note);
}

async function importDir(
  host: Host,
  dir: string,
  extra: { includeHidden?: boolean; onExisting?: 'skip' | 'update' | 'keepBoth' } = {},
) {
  const started = await host.services.vault.startImport({ dir, ...extra });
  const job = await host.services.vault.whenFinished(started.jobId);
  const report = host.services.vault.report({ jobId: job.jobId, limit: 1000 });
  return { job, report: sortReport(report.entries) };
}

async function exportTo(host: Host, dir: string): Promise<VaultJob> {
  const started = await host.services.vault.startExport({ dir });
  return host.services.vault.whenFinished(started.jobId);
}

function expectSameTrees(a: string, b: string): void {
  const left = readTree(a);
  const right = readTree(b);
  expect([...right.keys()].sort()).toEqual([...left.keys()].sort());
  for (const [rel, bytes] of left) expect([rel, right.get(rel)?.equals(bytes)]).toEqual([rel, true]);
  const diff = spawnSync('diff', ['-r', '-x', '.obsidian', a, b], { encoding: 'utf8' });
  expect(diff.stdout).toBe('');
  expect(diff.status).toBe(0);
}

describe('vault import and export: the generated vault round trip (sqlite)', () => {
  const source = makeTempDir('quire-vault-src-');
  let vault: GeneratedVault;
  let env: Awaited<ReturnType<typeof createTestHost>>;
  let first: Awaited<ReturnType<typeof importDir>>;

  beforeAll(async () => {
    vault = generateVault(source.dir);
    env = await createTestHost('sqlite');
    first = await importDir(env.host, source.dir);
  }, 120_000);
  afterAll(async () => {
    await env.dispose();
    source.cleanup();
  });

  it('imports every file: ≥ 2,000, each .md that can be a note as one, the rest as attachments', async () => {
    expect(vault.files.length).toBeGreaterThanOrEqual(2000);
    expect(first.job.state).toBe('done');
    expect(first.job.filesDone).toBe(vault.files.length);
    expect(first.job.notes).toBe(vault.notePaths.length);
    expect(first.job.attachments).toBe(vault.files.length - vault.notePaths.length);
    const notes = await liveNotes(env.host);
    const byPath = new Map(
      notes.map((note) => [note.folder === '' ? note.fileName! : `${note.folder}/${note.fileName!}`, note]),
    );
    expect([...byPath.keys()].sort()).toEqual([...vault.notePaths].sort());
    for (const rel of vault.notePaths) {
      const note = byPath.get(rel)!;
      expect(note.body).toBe(fs.readFileSync(path.join(source.dir, rel), 'utf8'));
    }
    expect(byPath.get('bytes/bom.md')!.body.charCodeAt(0)).toBe(0xfeff);
    expect(byPath.get('bytes/crlf.md')!.tags).toEqual(['crlf']);
    expect(byPath.get('odd/  spaced  .md')!.title).toBe('spaced');
    const attachments = await env.host.services.attachments.allLive();
    const latin1 = attachments.find((a) => a.path === 'broken/latin1.md');
    expect(latin1?.size).toBe(fs.statSync(path.join(source.dir, 'broken/latin1.md')).size);
    const logos = attachments.filter((a) => a.path.endsWith('logo.png') || a.path.endsWith('logo copy.png'));
    expect(logos).toHaveLength(2);
    expect(logos[0]!.hash).toBe(logos[1]!.hash);
    expect(attachments.find((a) => a.path === 'docs/manual.pdf')?.mediaType).toBe('application/pdf');
  });

  it('reports exactly the expected entries', () => {
    expect(first.report).toEqual(vault.expectedReport);
  });

  it('exports a tree identical byte for byte (diff -r exits 0), mtimes from updatedAt', async () => {
    const out = tempDir();
    const job = await exportTo(env.host, out);
    expect(job.state).toBe('done');
    expect(job.filesDone).toBe(vault.files.length);
    expectSameTrees(source.dir, out);
    const note = (await liveNotes(env.host)).find((n) => n.fileName === 'bom.md')!;
    expect(Math.round(fs.statSync(path.join(out, 'bytes/bom.md')).mtimeMs)).toBe(note.updatedAt);
    const pdf = await env.host.services.attachments.byPath('docs/manual.pdf');
    expect(Math.round(fs.statSync(path.join(out, 'docs/manual.pdf')).mtimeMs)).toBe(pdf!.updatedAt);
  });

  it('re-importing the unchanged folder with skip writes nothing and reports nothing new', async () => {
    const revision = env.host.services.notes.currentRevision();
    const before = (await env.host.services.attachments.allLive()).length;
    const again = await importDir(env.host, source.dir);
    expect(again.job.state).toBe('done');
    expect(again.job.notes + again.job.attachments).toBe(0);
    expect(again.report).toEqual(vault.expectedReport);
    expect(env.host.services.notes.currentRevision()).toBe(revision);
    expect((await env.host.services.attachments.allLive()).length).toBe(before);
  });

  it('refuses a non-empty target and one inside the data directory', async () => {
    await expect(env.host.services.vault.startExport({ dir: source.dir })).rejects.toMatchObject({
      reason: 'EXPORT_DIR_NOT_EMPTY',
    });
    await expect(
      env.host.services.vault.startExport({ dir: path.join(env.dataDir, 'out') }),
    ).rejects.toMatchObject({ reason: 'EXPORT_DIR_IN_VAULT' });
    expect(() => env.host.services.vault.job('nope')).toThrow(
      expect.objectContaining({ reason: 'JOB_NOT_FOUND' }),
    );
  });
});

describe('vault import: re-import, cancel, hidden folders, edits (memory)', () => {
  let env: Awaited<ReturnType<typeof createTestHost>>;
  afterEach(async () => env?.dispose());

  function smallVault(): string {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'a'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'One.md'), 'one\n');
    fs.writeFileSync(path.join(dir, 'a', 'Two.md'), 'two\n');
    fs.writeFileSync(path.join(dir, 'a', 'img.png'), 'png-1');
    fs.mkdirSync(path.join(dir, '.obsidian'));
    fs.writeFileSync(path.join(dir, '.obsidian', 'app.json'), '{}');
    return dir;
  }

  it('update replaces only what changed; skip reports changed files; keepBoth imports "Name 1.md" and "img 1.png"', async () => {
    env = await createTestHost('memory');
    const dir = smallVault();
    await importDir(env.host, dir);
    fs.writeFileSync(path.join(dir, 'a', 'Two.md'), 'two changed\n');
    fs.writeFileSync(path.join(dir, 'a', 'img.png'), 'png-2');

    const skipped = await importDir(env.host, dir, { onExisting: 'skip' });
    expect(skipped.report.filter((e) => e.kind === 'EXISTING_SKIPPED').map((e) => e.path)).toEqual([
      'a/Two.md',
      'a/img.png',
    ]);
    expect((await liveNotes(env.host)).find((n) => n.title === 'Two')!.body).toBe('two\n');

    const updated = await importDir(env.host, dir, { onExisting: 'update' });
    expect(updated.report.filter((e) => e.kind === 'EXISTING_UPDATED').map((e) => e.path)).toEqual([
      'a/Two.md',
      'a/img.png',
    ]);
    const notes = await liveNotes(env.host);
    expect(notes.map((n) => [n.title, n.body]).sort()).toEqual([
      ['One', 'one\n'],
      ['Two', 'two changed\n'],
    ]);
    const img = await env.host.services.attachments.byPath('a/img.png');
    expect(img?.size).toBe(5);
    expect(await env.host.services.attachments.blobs.has(img!.hash)).toBe(true);

    fs.writeFileSync(path.join(dir, 'a', 'One.md'), 'one, again\n');
    fs.writeFileSync(path.join(dir, 'a', 'img.png'), 'png-three');
    const both = await importDir(env.host, dir, { onExisting: 'keepBoth' });
    expect(both.report.filter((e) => e.kind === 'EXISTING_KEPT_BOTH')).toEqual([
      { path: 'a/One.md', kind: 'EXISTING_KEPT_BOTH', keptAs: 'a/One 1.md' },
      { path: 'a/img.png', kind: 'EXISTING_KEPT_BOTH', keptAs: 'a/img 1.png' },
    ]);
    const after = await liveNotes(env.host);
    expect(after.find((n) => n.fileName === 'One 1.md')?.body).toBe('one, again\n');
    expect(after.find((n) => n.fileName === 'One.md')?.body).toBe('one\n');
    expect((await env.host.services.attachments.byPath('a/img 1.png'))?.size).toBe(9);
  });

  it('includeHidden imports the files of .obsidian', async () => {
    env = await createTestHost('memory');
    const dir = smallVault();
    const { report } = await importDir(env.host, dir, { includeHidden: true });
    expect(report.some((e) => e.kind === 'HIDDEN_SKIPPED')).toBe(false);
    expect((await env.host.services.attachments.byPath('.obsidian/app.json'))?.size).toBe(2);
  });

  it('cancel between batches: every imported note equals its file, counts agree with the vault', async () => {
    // A clock that moves a second per reading: every progress update passes the throttle.
    let time = 1_700_000_000_000;
    env = await createTestHost('memory', { clock: { now: () => (time += 1000) } });
    const dir = tempDir();
    for (let i = 0; i < 1500; i += 1) {
      fs.mkdirSync(path.join(dir, `f${i % 10}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `f${i % 10}`, `n${i}.md`), `note ${i}\r\n${'x'.repeat(i % 300)}`);
    }
    const vault = env.host.services.vault;
    let cancelling: Promise<VaultJob> | null = null;
    const subscription = vault.jobs().subscribe((job) => {
      // Cancelled while the first batch is being counted: the next batch never starts.
      if (job.notes > 0 && cancelling === null) cancelling = vault.cancel(job.jobId);
    });
    const started = await vault.startImport({ dir });
    const finished = await vault.whenFinished(started.jobId);
    subscription.unsubscribe();
    expect(cancelling).not.toBeNull();
    expect(finished.state).toBe('cancelled');
    const notes = await liveNotes(env.host);
    expect(notes.length).toBe(finished.notes);
    expect(finished.notes).toBe(IMPORT_BATCH.files);
    expect(finished.filesDone).toBe(IMPORT_BATCH.files);
    for (const note of notes)
      expect(note.body).toBe(fs.readFileSync(path.join(dir, note.folder, note.fileName!), 'utf8'));
  });

  it('exports an edited note as its current text, a renamed one under its new title, a made-here one by a safe name', async () => {
    env = await createTestHost('memory');
    const dir = smallVault();
    await importDir(env.host, dir);
    const notes = await liveNotes(env.host);
    const one = notes.find((n) => n.title === 'One')!;
    const two = notes.find((n) => n.title === 'Two')!;
    await editNote(env.host.services.notes, { id: one.id, body: 'one edited' });
    await editNote(env.host.services.notes, { id: two.id, title: 'Second' });
    await env.host.services.notes.create({ title: 'a/b:c', body: 'slashes', folder: 'a' });
    await env.host.services.notes.create({ title: '', body: 'untitled' });
    const out = tempDir();
    expect((await exportTo(env.host, out)).state).toBe('done');
    const tree = readTree(out);
    expect([...tree.keys()].sort()).toEqual([
      'Untitled.md',
      'a/One.md',
      'a/Second.md',
      'a/a_b:c.md',
      'a/img.png',
    ]);
    expect(tree.get('a/One.md')!.toString()).toBe('one edited');
    expect(tree.get('a/Second.md')!.toString()).toBe('two\n');
    const edited = (await liveNotes(env.host)).find((n) => n.id === one.id)!;
    expect(Math.round(fs.statSync(path.join(out, 'a/One.md')).mtimeMs)).toBe(edited.updatedAt);
    execFileSync('test', ['-f', path.join(out, 'a', 'img.png')]);
  });
});
