import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  BlobMeter,
  blobAddress,
  checkMaxBytes,
  checkStart,
  isBlobHash,
  type BlobListEntry,
  type BlobStat,
  type BlobStore,
} from './blob-store';

export interface FsBlobStoreOptions {
  /** The directory blobs live under, e.g. `<QUIRE_SERVER_DATA_DIR>/blobs`; created if missing. */
  root: string;
}

/**
 * Blobs as files: `<root>/<vault>/<hash[0..2]>/<hash>`. A write goes to a temporary file beside
 * its final name (`.<hash>.<random>.tmp`, never a valid hash, so `list` skips it), is fsynced,
 * verified, then renamed into place atomically; any failure removes the temporary file.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const { root } = options;
  const blobPath = (vault: string, hash: string) => join(root, vault, hash.slice(0, 2), hash);

  async function statFile(path: string): Promise<BlobStat | null> {
    try {
      const info = await stat(path);
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  return {
    async has(vault, hash) {
      const address = blobAddress(vault, hash);
      return (await statFile(blobPath(address.vault, address.hash))) !== null;
    },

    async stat(vault, hash) {
      const address = blobAddress(vault, hash);
      return statFile(blobPath(address.vault, address.hash));
    },

    async put(vault, hash, source, { maxBytes }) {
      const address = blobAddress(vault, hash);
      checkMaxBytes(maxBytes);
      const finalPath = blobPath(address.vault, address.hash);
      const dir = join(root, address.vault, address.hash.slice(0, 2));
      await mkdir(dir, { recursive: true });
      const tempPath = join(dir, `.${address.hash}.${randomBytes(8).toString('hex')}.tmp`);
      const meter = new BlobMeter(address.hash, maxBytes);
      const file = await open(tempPath, 'wx');
      let closed = false;
      try {
        // One chunk at a time: each write is awaited before the next chunk is read.
        for await (const chunk of source as AsyncIterable<unknown>) {
          const bytes = meter.add(chunk);
          await file.write(bytes);
        }
        const result = meter.finish();
        await file.sync();
        await file.close();
        closed = true;
        await rename(tempPath, finalPath);
        await syncDirectory(dir);
        return result;
      } catch (error) {
        source.destroy();
        if (!closed) await file.close().catch(() => undefined);
        await unlink(tempPath).catch(() => undefined);
        throw error;
      }
    },

    async get(vault, hash, getOptions) {
      const address = blobAddress(vault, hash);
      const start = checkStart(getOptions?.start);
      const path = blobPath(address.vault, address.hash);
      // Open first, so a missing blob is null rather than a stream that fails later.
      let file;
      try {
        file = await open(path, 'r');
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      const { size } = await file.stat();
      if (start >= size) {
        await file.close();
        return Readable.from([]);
      }
      return createReadStream('', { fd: file, start, autoClose: true });
    },

    async delete(vault, hash) {
      const address = blobAddress(vault, hash);
      await rm(blobPath(address.vault, address.hash), { force: true });
    },

    async *list(vault): AsyncGenerator<BlobListEntry> {
      const address = blobAddress(vault, '0'.repeat(64));
      const vaultDir = join(root, address.vault);
      for (const prefix of await readdirOrEmpty(vaultDir)) {
        if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
        for (const name of await readdirOrEmpty(join(vaultDir, prefix))) {
          if (!isBlobHash(name) || !name.startsWith(prefix)) continue;
          const info = await statFile(join(vaultDir, prefix, name));
          if (info) yield { hash: name, size: info.size };
        }
      }
    },

    async close() {
      // Nothing is held open between calls.
    },

    check: () => checkRoot(root),
  };
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** Makes the rename itself durable (POSIX); platforms that cannot fsync a directory skip it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EPERM on some platforms: the rename is still atomic, only its durability is weaker.
  } finally {
    await handle?.close();
  }
}

/** The root exists (a fresh server has not made it yet) and this process may write in it. */
async function checkRoot(root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await access(root, constants.R_OK | constants.W_OK);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
