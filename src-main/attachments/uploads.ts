import fsp from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDirAsync, PRIVATE_FILE_MODE } from '../vault/private-files';
import { randomBytes } from 'node:crypto';
import type { Scheduler, ScheduledTask } from '../clock';
import { QuireError } from '../errors';
import { UPLOAD_CHUNK_BYTES_MAX } from '../../src-shared/api/attachments-api';
import type { LocalBlobStore } from './local-blob-store';

/** An upload nobody sent a chunk to for this long is dropped with its temporary file. */
export const UPLOAD_IDLE_MS = 10 * 60 * 1000;

export interface UploadInfo {
  name: string;
  size: number;
  mediaType?: string | undefined;
  noteFolder: string;
}

/**
 * Files pasted or dropped into the editor arrive in base64 chunks, in order, into a temporary
 * file; `finish` checks the size and moves the bytes into the blob store.
 */
export interface Uploads {
  begin(info: UploadInfo): Promise<string>;
  chunk(uploadId: string, offset: number, data: string): Promise<void>;
  /** Hashes and stores the bytes; the upload is over whatever happens. */
  finish(uploadId: string): Promise<UploadInfo & { hash: string }>;
  cancel(uploadId: string): Promise<void>;
  close(): Promise<void>;
}

interface Upload {
  info: UploadInfo;
  file: string;
  received: number;
  idle: ScheduledTask;
  /** Chunks of one upload are written one after the other. */
  busy: boolean;
}

export function createUploads(deps: {
  blobs: LocalBlobStore;
  scheduler: Scheduler;
  maxBytes: number;
  idleMs?: number;
}): Uploads {
  const uploads = new Map<string, Upload>();
  const dir = path.join(deps.blobs.dir, 'uploads');
  const idleMs = deps.idleMs ?? UPLOAD_IDLE_MS;

  const drop = async (id: string): Promise<void> => {
    const upload = uploads.get(id);
    if (!upload) return;
    uploads.delete(id);
    upload.idle.cancel();
    await fsp.rm(upload.file, { force: true });
  };
  const armIdle = (id: string): ScheduledTask => deps.scheduler.after(idleMs, () => void drop(id));
  const find = (id: string): Upload => {
    const upload = uploads.get(id);
    if (!upload) throw new QuireError('UPLOAD_NOT_FOUND');
    return upload;
  };

  return {
    async begin(info) {
      if (info.size > deps.maxBytes) throw new QuireError('BLOB_TOO_LARGE');
      await makePrivateDirAsync(dir);
      const id = randomBytes(16).toString('hex');
      const file = path.join(dir, `${id}.part`);
      await fsp.writeFile(file, new Uint8Array(0), { flag: 'wx', mode: PRIVATE_FILE_MODE });
      uploads.set(id, { info, file, received: 0, idle: armIdle(id), busy: false });
      return id;
    },
    async chunk(id, offset, data) {
      const upload = find(id);
      const bytes = Buffer.from(data, 'base64');
      if (upload.busy || offset !== upload.received || bytes.length > UPLOAD_CHUNK_BYTES_MAX)
        throw new QuireError('INVALID_INPUT');
      if (upload.received + bytes.length > upload.info.size) throw new QuireError('INVALID_INPUT');
      upload.busy = true;
      try {
        await fsp.appendFile(upload.file, bytes);
        upload.received += bytes.length;
      } finally {
        upload.busy = false;
      }
      upload.idle.cancel();
      upload.idle = armIdle(id);
    },
    async finish(id) {
      const upload = find(id);
      if (upload.busy) throw new QuireError('INVALID_INPUT');
      try {
        if (upload.received !== upload.info.size) throw new QuireError('INVALID_INPUT');
        const { hash } = await deps.blobs.putFile(upload.file, { maxBytes: deps.maxBytes });
        return { ...upload.info, hash };
      } finally {
        await drop(id);
      }
    },
    cancel: (id) => drop(id),
    async close() {
      await Promise.all([...uploads.keys()].map(drop));
    },
  };
}
