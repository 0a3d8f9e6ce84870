import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallerFactory } from '../../src-main/trpc';
import { appRouter } from '../../src-main/app-router';
import { linkText } from '../../src-main/attachments/attachments-service';
import { UPLOAD_IDLE_MS } from '../../src-main/attachments/uploads';
import { attachmentFolderFor } from '../../src-main/attachments/attachment-settings';
import { createTestHost } from '../support/test-host';
import { reasonOfCall } from '../support/reason-of-call';
import { createFakeScheduler } from '../support/fake-scheduler';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const createCaller = createCallerFactory(appRouter);

describe('uploads of pasted files', () => {
  const hosts: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((dispose) => dispose()));
  });
  const open = async () => {
    const scheduler = createFakeScheduler();
    const env = await createTestHost('memory', { scheduler });
    hosts.push(env.dispose);
    return { env, scheduler, api: createCaller(env.host.createContext()) };
  };

  it('takes chunks in order, stores the bytes once, and links the file in the attachments folder', async () => {
    const { env, api } = await open();
    const bytes = Buffer.from(Array.from({ length: 2_500 }, (_, i) => (i * 7) % 256));
    const send = async (name: string, noteFolder: string) => {
      const { uploadId } = await api.attachments.beginUpload({ name, size: bytes.length, noteFolder });
      for (let offset = 0; offset < bytes.length; offset += 1_000) {
        const data = bytes.subarray(offset, offset + 1_000).toString('base64');
        await api.attachments.uploadChunk({ uploadId, offset, data });
      }
      return api.attachments.finishUpload({ uploadId });
    };

    const first = await send('Screen shot.png', 'journal');
    expect(first.attachment).toMatchObject({
      path: 'attachments/Screen shot.png',
      hash: sha(bytes),
      size: bytes.length,
      mediaType: 'image/png',
    });
    expect(first.link).toBe('![[Screen shot.png]]');
    const second = await send('Screen shot.png', 'journal');
    expect(second.attachment.path).toBe('attachments/Screen shot 1.png');
    expect(second.link).toBe('![[Screen shot 1.png]]');
    const blobDir = path.dirname(env.host.services.attachments.blobs.filePath(sha(bytes)));
    expect(fs.readdirSync(blobDir)).toEqual([sha(bytes)]);
    // Nothing left behind in the upload area.
    expect(fs.readdirSync(path.join(env.host.services.attachments.blobs.dir, 'uploads'))).toEqual([]);

    await api.attachments.setSettings({ folder: './img', linkStyle: 'markdown' });
    expect(await api.attachments.settings()).toEqual({ folder: './img', linkStyle: 'markdown' });
    const third = await send('a b#.png', 'journal/2026');
    expect(third.attachment.path).toBe('journal/2026/img/a b#.png');
    expect(third.link).toBe('![](img/a%20b%23.png)');
  });

  it('refuses a chunk out of order, too many bytes, or an unknown upload; cancel and idle drop it', async () => {
    const { api, scheduler } = await open();
    const { uploadId } = await api.attachments.beginUpload({ name: 'x.bin', size: 4 });
    const data = Buffer.from('ab').toString('base64');
    expect(await reasonOfCall(api.attachments.uploadChunk({ uploadId, offset: 1, data }))).toBe(
      'INVALID_INPUT',
    );
    await api.attachments.uploadChunk({ uploadId, offset: 0, data });
    expect(await reasonOfCall(api.attachments.finishUpload({ uploadId }))).toBe('INVALID_INPUT');
    // A failed finish ends the upload.
    expect(await reasonOfCall(api.attachments.uploadChunk({ uploadId, offset: 2, data }))).toBe(
      'UPLOAD_NOT_FOUND',
    );

    const big = await api.attachments.beginUpload({ name: 'y.bin', size: 1 });
    expect(await reasonOfCall(api.attachments.uploadChunk({ uploadId: big.uploadId, offset: 0, data }))).toBe(
      'INVALID_INPUT',
    );
    await api.attachments.cancelUpload({ uploadId: big.uploadId });
    expect(await reasonOfCall(api.attachments.finishUpload({ uploadId: big.uploadId }))).toBe(
      'UPLOAD_NOT_FOUND',
    );

    const idle = await api.attachments.beginUpload({ name: 'z.bin', size: 2 });
    scheduler.advance(UPLOAD_IDLE_MS + 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      await reasonOfCall(api.attachments.uploadChunk({ uploadId: idle.uploadId, offset: 0, data })),
    ).toBe('UPLOAD_NOT_FOUND');
    expect((await api.attachments.list({})).total).toBe(0);
  });

  it('makes an upload path unique against notes’ paths too', async () => {
    const { api } = await open();
    await api.notes.create({ title: 'Plan', folder: 'attachments' });
    const { uploadId } = await api.attachments.beginUpload({ name: 'Plan.md', size: 0 });
    const done = await api.attachments.finishUpload({ uploadId });
    expect(done.attachment.path).toBe('attachments/Plan 1.md');
  });
});

describe('link text and folders of new attachments', () => {
  it('uses the shortest tail that resolves to the file, else a longer one', () => {
    const settings = { folder: 'attachments', linkStyle: 'wikilink' } as const;
    expect(linkText(settings, ['a/x.png'], '', 'a/x.png')).toBe('![[x.png]]');
    // 'x.png' would name the shorter 'x.png' at the root.
    expect(linkText(settings, ['x.png', 'a/x.png'], '', 'a/x.png')).toBe('![[a/x.png]]');
    expect(
      linkText({ ...settings, linkStyle: 'markdown' }, ['att/x y.png'], 'notes/sub', 'att/x y.png'),
    ).toBe('![](../../att/x%20y.png)');
  });

  it('places the folder in the vault or relative to the note', () => {
    expect(attachmentFolderFor({ folder: 'attachments', linkStyle: 'wikilink' }, 'a/b')).toBe('attachments');
    expect(attachmentFolderFor({ folder: '', linkStyle: 'wikilink' }, 'a/b')).toBe('');
    expect(attachmentFolderFor({ folder: './', linkStyle: 'wikilink' }, 'a/b')).toBe('a/b');
    expect(attachmentFolderFor({ folder: './files', linkStyle: 'wikilink' }, 'a')).toBe('a/files');
  });
});
