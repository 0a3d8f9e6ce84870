/**
 * `npm run bench:vault -- --notes N --attachments M [--attachment-kb K] [--out FILE.json]`
 *
 * Generates an Obsidian-style folder (N ~1 KB notes with frontmatter and links in nested folders,
 * M attachments of mixed sizes averaging ~200 KB, or all of K KB), then measures in one run:
 * - import into a fresh SQLite vault (`import_ms`, `import_files_per_s`), through the vault service;
 * - export to a fresh folder (`export_ms`, `export_files_per_s`) and whether the tree is identical
 *   byte for byte (`roundtrip_identical`);
 * - the machine's limit on the same folder: a plain `fs.cp` (`disk_copy_mb_per_s`);
 * - attachment bytes through a real sync server process (the `npm run server` bundle, PostgreSQL,
 *   filesystem blob store): the imported vault signs up and uploads every attachment
 *   (`attach_upload_mb_per_s`, from sign-in until the last byte is up), then a fresh device signs
 *   in and downloads them all (`attach_download_mb_per_s`, until every one is local and
 *   verified); `server_rss_mb` is the server's largest RSS, sampled every 50 ms during both.
 * Targets (2 cores, N = 10,000, M = 1,000): import ≥ 5,000 files/s, export ≥ 10,000 files/s,
 * identical, upload and download ≥ 100 MB/s, server RSS ≤ 150 MB.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { createHost, type Host } from '../src-main/host';
import { createMemorySettingsStore } from '../src-main/settings/settings-store';
import { createSyncCounters, type SyncCounters } from '../src-main/sync/sync-stats';
import { createTestDatabase } from '../tests/support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../tests/support/sync-server-process';
import { generateNotes } from './generate-notes';
import { buildServer, serverCommand } from './server-command';

const silent = pino({ level: 'silent' });
const round = (n: number): number => Math.round(n * 100) / 100;
const MB = 1024 * 1024;

/** Deterministic bytes: attachments differ, so none dedupes away. */
function bytesFor(index: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let x = ((index + 1) * 2_654_435_761) >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    buffer[i] = x & 0xff;
  }
  return buffer;
}

/** Sizes from 2 KB to ~1 MB, averaging ~200 KB: many small images, a few large PDFs. */
function attachmentSize(index: number): number {
  const cycle = [2, 20, 60, 120, 180, 240, 300, 700] as const; // KB: mean ≈ 203
  return cycle[index % cycle.length]! * 1024 - (index % 7) * 100;
}

const EXTENSIONS = ['png', 'jpg', 'pdf', 'mp3', 'webp', 'svg', 'canvas', 'csv'] as const;

async function generateVault(
  dir: string,
  notes: number,
  attachments: number,
  /** Every attachment this size instead of the mix (large files: the transfer's bandwidth). */
  fixedKb?: number,
): Promise<{ bytes: number }> {
  let bytes = 0;
  const folders = ['', 'Projects', 'Projects/Quire', 'Journal/2026', 'Reading', 'Areas/Home/Kitchen'];
  for (const folder of folders) await fsp.mkdir(path.join(dir, folder, 'assets'), { recursive: true });
  const generated = generateNotes(notes);
  for (let i = 0; i < generated.length; i += 1) {
    const note = generated[i]!;
    const folder = folders[i % folders.length]!;
    const text = i % 10 === 0 ? `${note.body}\n![[image-${i % Math.max(1, attachments)}.png]]\n` : note.body;
    const file = path.join(dir, folder, `${note.title}.md`);
    await fsp.writeFile(file, text);
    bytes += Buffer.byteLength(text);
  }
  for (let i = 0; i < attachments; i += 1) {
    const folder = folders[i % folders.length]!;
    const ext = EXTENSIONS[i % EXTENSIONS.length]!;
    const name = ext === 'png' ? `image-${i}.png` : `file-${i}.${ext}`;
    const data = bytesFor(i, fixedKb === undefined ? attachmentSize(i) : fixedKb * 1024);
    await fsp.writeFile(path.join(dir, folder, 'assets', name), data);
    bytes += data.length;
  }
  return { bytes };
}

/** Relative path → size for every file under dir. */
async function listTree(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const entry of await fsp.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), (await fsp.stat(full)).size);
  }
  return out;
}

async function identicalTrees(a: string, b: string): Promise<boolean> {
  const [left, right] = [await listTree(a), await listTree(b)];
  if (left.size !== right.size) return false;
  for (const [file, size] of left) {
    if (right.get(file) !== size) return false;
    const [x, y] = await Promise.all([fsp.readFile(path.join(a, file)), fsp.readFile(path.join(b, file))]);
    if (!x.equals(y)) return false;
  }
  return true;
}

/** The server as `npm run server` starts it (scripts/build-server.mjs, then its Node flags). */
async function startServer(databaseUrl: string, dataDir: string): Promise<SyncServerProcess> {
  const command = serverCommand('bench:vault');
  await buildServer(command);
  return startSyncServerProcess({
    database: { url: databaseUrl },
    registration: 'open',
    env: { QUIRE_SERVER_DATA_DIR: dataDir },
    command: { nodeArgs: command.nodeArgs, entry: command.entry },
    echoStderr: true,
    startTimeoutMs: 120_000,
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Polls until `done`, at most `timeoutMs`: a transfer that stalls fails the bench, never hangs it. */
async function until(done: () => boolean | Promise<boolean>, what: () => string, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function allLocal(host: Host, count: number): Promise<boolean> {
  const { items, total } = await host.services.attachments.list({ limit: 500 });
  if (total !== count) return false;
  for (let offset = 0; offset < total; offset += 500) {
    const page = offset === 0 ? items : (await host.services.attachments.list({ offset, limit: 500 })).items;
    if (!page.every((item) => item.local)) return false;
  }
  return true;
}

/** Device A (the imported vault) uploads, a fresh device B downloads, through one server process. */
async function measureTransfer(
  work: string,
  deviceA: Host,
  countersA: SyncCounters,
): Promise<{ upload: number; download: number; serverRss: number; bytes: number }> {
  const records = await deviceA.services.attachments.allLive();
  const bytes = records.reduce((sum, record) => sum + record.size, 0);
  const database = await createTestDatabase();
  const server = await startServer(database.url, path.join(work, 'server'));
  let serverRss = 0;
  const sampler = setInterval(() => {
    const pid = server.pid();
    if (pid !== null) serverRss = Math.max(serverRss, rssMb(pid));
  }, 50);
  const countersB = createSyncCounters();
  let deviceB: Host | null = null;
  try {
    // Records in memory: two SQLite vaults in one process would share RxDB's database name. The
    // bytes, what is measured here, go to disk as on any device.
    deviceB = await createHost({
      dataDir: path.join(work, 'device-b'),
      runtime: 'node',
      storage: 'memory',
      logger: silent,
      settings: createMemorySettingsStore(),
      syncStats: countersB,
    });
    const account = {
      email: `bench-${randomBytes(4).toString('hex')}@example.com`,
      password: 'bench password',
    };
    // Timed from the session grant on: the password hash (argon2id, slow on purpose) is no transfer.
    await deviceA.services.sync.signUp({ serverUrl: server.url, ...account });
    const uploadStarted = performance.now();
    await until(
      () => countersA.read().bytesUploaded >= bytes,
      () => `the upload (${countersA.read().bytesUploaded} of ${bytes} bytes)`,
      600_000,
    );
    const uploadMs = performance.now() - uploadStarted;
    await deviceB.services.sync.signIn({ serverUrl: server.url, ...account });
    const downloadStarted = performance.now();
    const b = deviceB;
    await until(
      async () => countersB.read().bytesDownloaded >= bytes && (await allLocal(b, records.length)),
      () => `the download (${countersB.read().bytesDownloaded} of ${bytes} bytes)`,
      600_000,
    );
    const downloadMs = performance.now() - downloadStarted;
    return {
      upload: bytes / MB / (uploadMs / 1000),
      download: bytes / MB / (downloadMs / 1000),
      serverRss,
      bytes,
    };
  } finally {
    clearInterval(sampler);
    await deviceB?.close();
    await server.stop();
    await database.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string' },
      attachments: { type: 'string' },
      'attachment-kb': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const args = z
    .object({
      notes: z.coerce.number().int().min(1).max(200_000),
      attachments: z.coerce.number().int().min(0).max(20_000),
      attachmentKb: z.coerce
        .number()
        .int()
        .min(1)
        .max(190 * 1024)
        .optional(),
      out: z.string().optional(),
    })
    .parse({
      notes: values.notes ?? '10000',
      attachments: values.attachments ?? '1000',
      attachmentKb: values['attachment-kb'],
      out: values.out,
    });

  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'quire-bench-vault-'));
  try {
    const source = path.join(work, 'source');
    const { bytes } = await generateVault(source, args.notes, args.attachments, args.attachmentKb);
    const files = args.notes + args.attachments;

    const copyStarted = performance.now();
    await fsp.cp(source, path.join(work, 'copy'), { recursive: true });
    const copyMs = performance.now() - copyStarted;

    const dataDir = path.join(work, 'device-a');
    const counters = createSyncCounters();
    const host = await createHost({
      dataDir,
      runtime: 'node',
      logger: silent,
      settings: createMemorySettingsStore(),
      syncStats: counters,
    });
    let result: Record<string, unknown>;
    try {
      const vault = host.services.vault;
      const importStarted = performance.now();
      const imported = await vault.whenFinished((await vault.startImport({ dir: source })).jobId);
      await host.flush();
      const importMs = performance.now() - importStarted;
      if (imported.state !== 'done') throw new Error(`import ended ${imported.state}`);

      const target = path.join(work, 'export');
      const exportStarted = performance.now();
      const exported = await vault.whenFinished((await vault.startExport({ dir: target })).jobId);
      const exportMs = performance.now() - exportStarted;
      if (exported.state !== 'done') throw new Error(`export ended ${exported.state}`);
      const roundtripIdentical = await identicalTrees(source, target);
      const transfer = await measureTransfer(work, host, counters);

      result = {
        notes: imported.notes,
        attachments: imported.attachments,
        bytes,
        import_ms: round(importMs),
        import_files_per_s: round(files / (importMs / 1000)),
        export_ms: round(exportMs),
        export_files_per_s: round(files / (exportMs / 1000)),
        roundtrip_identical: roundtripIdentical,
        disk_copy_mb_per_s: round(bytes / MB / (copyMs / 1000)),
        attachment_bytes: transfer.bytes,
        attach_upload_mb_per_s: round(transfer.upload),
        attach_download_mb_per_s: round(transfer.download),
        server_rss_mb: round(transfer.serverRss),
        device_rss_mb: round(process.memoryUsage().rss / MB),
      };
    } finally {
      await host.close();
    }
    const json = JSON.stringify(result, null, 2);
    process.stdout.write(json + '\n');
    if (args.out) {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(args.out, json + '\n');
    }
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}

await main();
