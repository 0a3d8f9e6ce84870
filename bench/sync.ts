/**
 * `npm run bench:sync -- --notes N [--notes-file FILE.jsonl] [--database-url URL] --out FILE.json`
 *
 * Three processes, as users run them: the sync server (as `npm run server` runs it) on PostgreSQL,
 * device A and device B (bench/sync-device.ts, each a real host on its own SQLite vault).
 * 1. push: A imports N notes offline, then signs up; `push_ms` runs from the sign-up call until
 *    A has pushed every note and is idle.
 * 2. pull: a fresh B signs in; `pull_ms` runs until B holds all N notes and is idle.
 * 3. live: A makes 200 sequential single-note edits, 50 ms apart (the first 5 are warm-up and
 *    discarded); each sample is the time from A's save to the edit being readable in B's
 *    database (`live_p50_ms`, `live_p95_ms`, `live_max_ms`).
 * Also `server_rss_mb` after the pull. Without --database-url a fresh database is created on
 * postgres://127.0.0.1:5432 and dropped afterwards.
 * Targets: push and pull ≥ 10× faster than PouchDB 9 + express-pouchdb (10k: 7.1 s / 9.1 s),
 * live p95 ≤ 15 ms, server RSS ≤ 120 MB after 10k.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSyncServerProcess, type SyncServerProcess } from '../tests/support/sync-server-process';
import type { BenchCommand, BenchReply } from './sync-messages';
import { createBenchDatabase } from './bench-database';
import { buildServer, serverCommand } from './server-command';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIVE_EDITS = 200;
const LIVE_WARMUP = 5;
const LIVE_INTERVAL_MS = 50;
const PASSWORD = 'bench-password-1';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (n: number): number => Math.round(n * 100) / 100;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Device {
  call<T extends BenchReply['type']>(
    command: BenchCommand,
    expect: T,
  ): Promise<Extract<BenchReply, { type: T }>>;
  process: ChildProcess;
}

function startDevice(name: string): Device {
  const child = fork(path.join(root, 'bench/sync-device.ts'), [], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_DEVICE_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, QUIRE_LOG_LEVEL: 'silent' },
  });
  let seq = 0;
  const pending = new Map<number, (reply: BenchReply) => void>();
  child.on('message', (message: { seq: number; reply: BenchReply }) => {
    pending.get(message.seq)?.(message.reply);
    pending.delete(message.seq);
  });
  child.on('exit', (code) => {
    for (const resolve of pending.values()) resolve({ type: 'error', message: `${name} exited (${code})` });
  });
  return {
    process: child,
    call(command, expect) {
      seq += 1;
      const id = seq;
      return new Promise((resolve, reject) => {
        pending.set(id, (reply) => {
          if (reply.type === expect) resolve(reply as Extract<BenchReply, { type: typeof expect }>);
          else reject(new Error(`${name}: ${reply.type === 'error' ? reply.message : reply.type}`));
        });
        child.send({ seq: id, command });
      });
    },
  };
}

/** BENCH_SERVER_NODE_OPTIONS come after the server script's own flags, so they can override them. */
async function startServer(databaseUrl: string): Promise<SyncServerProcess> {
  const command = serverCommand('bench:sync');
  await buildServer(command);
  const extraArgs = process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  return startSyncServerProcess({
    database: { url: databaseUrl },
    registration: 'open',
    command: { nodeArgs: [...command.nodeArgs, ...extraArgs], entry: command.entry },
    echoStderr: true,
    startTimeoutMs: 120_000,
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string', default: '10000' },
      'notes-file': { type: 'string' },
      'database-url': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const count = Number(values.notes);
  if (!Number.isInteger(count) || count < 1) throw new Error('--notes must be a positive integer');

  const database = values['database-url']
    ? { url: values['database-url'], drop: () => Promise.resolve() }
    : await createBenchDatabase('quire_bench');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-sync-'));
  const server = await startServer(database.url);
  const a = startDevice('device A');
  const b = startDevice('device B');
  try {
    const email = `bench-${Date.now()}@example.com`;
    await a.call({ type: 'init', dataDir: path.join(workDir, 'a'), deviceName: 'bench A' }, 'ok');
    await b.call({ type: 'init', dataDir: path.join(workDir, 'b'), deviceName: 'bench B' }, 'ok');

    const imported = await a.call({ type: 'import', count, notesFile: values['notes-file'] }, 'imported');
    console.error(`A imported ${imported.count} notes in ${Math.round(imported.ms)} ms; pushing…`);
    const push = await a.call(
      {
        type: 'signUp',
        serverUrl: server.url,
        email,
        password: PASSWORD,
        expectPushed: imported.count,
        expectNotes: null,
      },
      'synced',
    );
    console.error(`push ${Math.round(push.ms)} ms; B pulling…`);
    const pull = await b.call(
      {
        type: 'signIn',
        serverUrl: server.url,
        email,
        password: PASSWORD,
        expectPushed: 0,
        expectNotes: imported.count,
      },
      'synced',
    );
    const serverRss = rssMb(server.pid()!);
    console.error(`pull ${Math.round(pull.ms)} ms; live edits…`);

    const savedAt: number[] = [];
    for (let i = 0; i < LIVE_EDITS; i += 1) {
      const id = imported.ids[i % Math.min(50, imported.ids.length)]!;
      savedAt.push((await a.call({ type: 'edit', id, marker: i }, 'edited')).savedAt);
      await sleep(LIVE_INTERVAL_MS);
    }
    await sleep(500);
    const { seen } = await b.call({ type: 'markers' }, 'markers');
    const samples: number[] = [];
    let missing = 0;
    for (let i = LIVE_WARMUP; i < LIVE_EDITS; i += 1) {
      const visibleAt = seen[String(i)];
      if (visibleAt === undefined) missing += 1;
      else samples.push(visibleAt - savedAt[i]!);
    }
    samples.sort((x, y) => x - y);

    const result = {
      benchmark: 'sync',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
      notes: imported.count,
      notes_file: values['notes-file'] ?? null,
      import_ms: round(imported.ms),
      push_ms: round(push.ms),
      pull_ms: round(pull.ms),
      live_samples: samples.length,
      live_missing: missing,
      live_p50_ms: round(percentile(samples, 50)),
      live_p95_ms: round(percentile(samples, 95)),
      live_max_ms: round(samples[samples.length - 1] ?? NaN),
      server_rss_mb: serverRss,
      push_stats: push.stats,
      pull_stats: pull.stats,
    };
    console.log(JSON.stringify(result, null, 2));
    if (values.out) {
      fs.mkdirSync(path.dirname(values.out), { recursive: true });
      fs.writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
    }
  } finally {
    await Promise.allSettled([a.call({ type: 'close' }, 'ok'), b.call({ type: 'close' }, 'ok')]);
    a.process.kill();
    b.process.kill();
    await server.stop();
    await database.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
