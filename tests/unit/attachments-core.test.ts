import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBlobStore } from '../../src-main/attachments/local-blob-store';
import { attachmentTargets, resolveAttachmentTarget } from '../../src-shared/attachments/attachment-links';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import { createTestHost } from '../support/test-host';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs(afterEach);
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

describe('the local blob store keeps attachment bytes by their SHA-256', () => {
  it('streams a file in, stores identical bytes once, and reads them back from an offset', async () => {
    const store = createLocalBlobStore({ dir: path.join(tempDir(), 'blobs') });
    const source = path.join(tempDir(), 'photo.png');
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    fs.writeFileSync(source, bytes);
    const first = await store.putFile(source);
    const second = await store.putStream(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]));
    expect(first).toEqual({ hash: sha(bytes), size: bytes.length });
    expect(second).toEqual(first);
    expect(fs.readFileSync(store.filePath(first.hash)).equals(bytes)).toBe(true);
    const dirEntries = fs.readdirSync(path.dirname(store.filePath(first.hash)));
    expect(dirEntries).toEqual([first.hash]);
    const tail: Buffer[] = [];
    for await (const chunk of store.openRead(first.hash, { start: 299_990 })) tail.push(chunk as Buffer);
    expect(Buffer.concat(tail).equals(bytes.subarray(299_990))).toBe(true);
  });

  it('refuses bytes that do not hash as expected, or are too many, and keeps nothing of them', async () => {
    const dir = path.join(tempDir(), 'blobs');
    const store = createLocalBlobStore({ dir });
    await expect(
      store.putStream(Readable.from([Buffer.from('abc')]), { expectedHash: sha('abd') }),
    ).rejects.toMatchObject({ reason: 'BLOB_HASH_MISMATCH' });
    await expect(store.putStream(Readable.from([Buffer.alloc(11)]), { maxBytes: 10 })).rejects.toMatchObject({
      reason: 'BLOB_TOO_LARGE',
    });
    expect(await store.has(sha('abc'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    expect(() => store.filePath('../../etc/passwd')).toThrow();
  });
});

describe('attachment links resolve as Obsidian resolves them', () => {
  const paths = [
    'assets/photo.png',
    'Projects/assets/photo.png',
    'Projects/plan one.pdf',
    'top.png',
    'A/B/Deep.PNG',
  ];

  it('finds the targets of embeds and links, not notes or URLs', () => {
    const body =
      '![[photo.png|300]] [[plan one.pdf]] [[Other note]] ![x](assets/photo.png "t") [y](https://e.com/a.png) ![z](<Projects/plan one.pdf>) [n](note.md)';
    expect(attachmentTargets(body).sort()).toEqual(
      ['Projects/plan one.pdf', 'assets/photo.png', 'photo.png', 'plan one.pdf'].sort(),
    );
  });

  it('prefers the note’s own folder, then the exact vault path, then the shortest path; decodes URLs; ignores case last', () => {
    expect(resolveAttachmentTarget(paths, 'Projects', 'assets/photo.png')).toBe('Projects/assets/photo.png');
    expect(resolveAttachmentTarget(paths, '', 'assets/photo.png')).toBe('assets/photo.png');
    expect(resolveAttachmentTarget(paths, 'Journal', 'photo.png')).toBe('assets/photo.png');
    expect(resolveAttachmentTarget(paths, 'Projects/x', '../plan%20one.pdf')).toBe('Projects/plan one.pdf');
    expect(resolveAttachmentTarget(paths, '', 'deep.png')).toBe('A/B/Deep.PNG');
    expect(resolveAttachmentTarget(paths, '', 'missing.png')).toBeNull();
    expect(resolveAttachmentTarget(paths, '', '../../top.png')).toBeNull();
  });
});

describe('the attachments service', () => {
  it('lists attachments with the notes that use them, finds unused ones, and never deletes on a note’s deletion', async () => {
    const env = await createTestHost('memory');
    try {
      const api = createCallerFactory(appRouter)(env.host.createContext());
      const { attachments } = env.host.services;
      const file = path.join(tempDir(), 'a.png');
      fs.writeFileSync(file, 'png bytes');
      const { hash, size } = await attachments.blobs.putFile(file);
      const [used, unused] = await attachments.putRecords([
        { path: 'assets/a.png', hash, size },
        { path: 'assets/b.png', hash, size },
      ]);
      expect(used!.mediaType).toBe('image/png');
      const note = await api.notes.create({ body: '# Trip\n\n![[a.png]]\n' });

      const all = await api.attachments.list({});
      expect(all.items.map((item) => [item.path, item.usedBy, item.local])).toEqual([
        ['assets/a.png', [note.id], true],
        ['assets/b.png', [], true],
      ]);
      expect((await api.attachments.list({ filter: 'unused' })).items.map((item) => item.id)).toEqual([
        unused!.id,
      ]);

      await api.notes.trash({ id: note.id });
      await api.notes.deleteForever({ id: note.id });
      expect((await api.attachments.list({})).total).toBe(2);
      expect(await attachments.blobs.has(hash)).toBe(true);

      const resolved = await api.attachments.resolve({ fromFolder: '', targets: ['a.png', 'nope.png'] });
      expect(resolved['a.png']).toMatchObject({ path: 'assets/a.png', hash, local: true });
      expect(resolved['nope.png']).toBeNull();
    } finally {
      await env.dispose();
    }
  });

  it('makes paths unique, renames without moving bytes, deletes by marking, and names a missing one', async () => {
    const env = await createTestHost('memory');
    try {
      const api = createCallerFactory(appRouter)(env.host.createContext());
      const { attachments } = env.host.services;
      const { hash, size } = await attachments.blobs.putStream(Readable.from([Buffer.from('x')]));
      const [first] = await attachments.putRecords([{ path: 'img.png', hash, size }]);
      expect(await attachments.uniquePath('img.png')).toBe('img 1.png');
      expect(await attachments.uniquePath('other.png')).toBe('other.png');
      await attachments.putRecords([{ path: 'img 1.png', hash, size }]);
      expect(await attachments.uniquePath('img.png')).toBe('img 2.png');
      expect(await attachments.uniquePath('.hidden')).toBe('.hidden');

      const renamed = await api.attachments.rename({ id: first!.id, path: 'pics/img.png' });
      expect(renamed).toMatchObject({ path: 'pics/img.png', hash });
      await api.attachments.delete({ id: first!.id });
      expect(await attachments.byPath('pics/img.png')).toBeNull();
      await expect(api.attachments.get({ id: first!.id })).rejects.toMatchObject({
        cause: { reason: 'ATTACHMENT_NOT_FOUND' },
      });
      await expect(api.attachments.rename({ id: 'x', path: '../up.png' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    } finally {
      await env.dispose();
    }
  });
});
