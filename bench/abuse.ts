/**
 * `npm run bench:abuse -- [--seconds S] [--out FILE.json]`
 *
 * Issue 12's abuse attacks (docs/sync-protocol.md L1–L11), each for S seconds (default 5, at
 * most 60) against one sync server process on a fresh PostgreSQL database, while a legitimate
 * device on its own WebSocket pulls and pushes one note in a loop and times each round trip.
 * Per attack: `legit_p50_ms`, `legit_p95_ms`, `legit_errors`, `legit_calls`, `server_rss_mb_max`
 * (sampled every 100 ms from /proc), plus what the attack met (`attack_refusals`,
 * `attack_closes`) and, for the baseline and the idle streams, `idle_tx_per_s`: the database's
 * commits per second over 2 s in which the legit device pauses too (pg_stat_database; this
 * includes the server's own background work, so compare the two).
 * Target (issue 12): a legitimate client's p95 under 100 ms through every attack.
 * The server runs under tsx (as the tests run it), so its RSS includes the TypeScript loader.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import pg from 'pg';
import WebSocket from 'ws';
import { SYNC_PROTOCOL_VERSION, type ReplicatedNote } from '../src-shared/sync/protocol';
import type { SyncServerRouter } from '../sync-server/router';
import { startSyncServerProcess } from '../tests/support/sync-server-process';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SAMPLE_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
const round = (n: number): number => Math.round(n * 10) / 10;

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

function note(id: string, body: string): ReplicatedNote {
  return {
    id,
    title: `Note ${id}`,
    body,
    tags: [],
    folder: '',
    createdAt: 1_700_000_000_000,
    updatedAt: Date.now(),
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
  };
}

const fields = (vaultId: string) => ({
  protocolVersion: SYNC_PROTOCOL_VERSION,
  vaultId,
  collection: 'notes' as const,
});

function deviceClient(url: string, token: string) {
  const socket = createWSClient({
    url: `${url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
  });
  return {
    client: createTRPCClient<SyncServerRouter>({ links: [wsLink({ client: socket })] }),
    close: () => socket.close(),
  };
}

/** An attacker's socket: raw frames, answers counted, never more than it needs. */
async function rawSocket(url: string, token: string | null, counters: AttackCounters): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
  ws.on('message', (data: Buffer) => {
    if (data.length < 4096 && data.includes('"error"')) counters.refusals += 1;
  });
  ws.on('error', () => undefined);
  ws.once('close', () => {
    counters.closes += 1;
  });
  await new Promise<void>((resolve) => {
    ws.once('open', () => resolve());
    ws.once('error', () => resolve());
  });
  if (ws.readyState === WebSocket.OPEN)
    ws.send(JSON.stringify({ method: 'connectionParams', data: token ? { token } : {} }));
  return ws;
}

interface AttackCounters {
  refusals: number;
  closes: number;
}

interface Attack {
  name: string;
  /** Runs until `until`; bounded by the caller's deadline. */
  run(ctx: {
    url: string;
    token: string;
    vaultId: string;
    until: number;
    counters: AttackCounters;
  }): Promise<void>;
}

const pullCall = (id: number, vaultId: string, batchSize = 2_000) => ({
  id,
  method: 'query',
  params: { path: 'sync.pull', input: { ...fields(vaultId), checkpoint: null, batchSize } },
});

/** One 31 MB buffer for every request: the bench must not spend its own time allocating. */
const BIG_BODY = Buffer.alloc(31 * 1024 * 1024, 0x20);

function bigPost(url: string, path: string, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(`${url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(bytes) },
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve());
    });
    req.once('error', () => resolve());
    req.end(bytes === BIG_BODY.length ? BIG_BODY : Buffer.alloc(bytes, 0x20));
  });
}

const ATTACKS: Attack[] = [
  { name: 'none (baseline)', run: async ({ until }) => sleep(until - Date.now()) },
  {
    name: 'one frame of 20,000 sync.pull calls, repeated',
    async run({ url, token, vaultId, until, counters }) {
      const frame = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => pullCall(i + 1, vaultId)));
      let ws = await rawSocket(url, token, counters);
      while (Date.now() < until) {
        if (ws.readyState !== WebSocket.OPEN) ws = await rawSocket(url, token, counters);
        ws.send(frame);
        await sleep(250);
      }
      ws.close();
    },
  },
  {
    name: '100,000 unauthenticated hello calls in one 10 MB frame, repeated',
    async run({ url, until, counters }) {
      const call = (id: number) => ({
        id,
        method: 'query',
        params: {
          path: 'hello',
          input: { protocolVersion: SYNC_PROTOCOL_VERSION, clientVersion: 'x'.repeat(20) },
        },
      });
      const frame = JSON.stringify(Array.from({ length: 100_000 }, (_, i) => call(i + 1)));
      let ws = await rawSocket(url, null, counters);
      while (Date.now() < until) {
        if (ws.readyState !== WebSocket.OPEN) ws = await rawSocket(url, null, counters);
        ws.send(frame);
        await sleep(500);
      }
      ws.close();
    },
  },
  {
    name: '5,000 sync.stream subscriptions on one socket, then idle',
    async run({ url, token, vaultId, until, counters }) {
      const ws = await rawSocket(url, token, counters);
      for (let sent = 0; sent < 5_000 && Date.now() < until; sent += 20) {
        const batch = Array.from({ length: 20 }, (_, i) => ({
          id: sent + i + 1,
          method: 'subscription',
          params: { path: 'sync.stream', input: fields(vaultId) },
        }));
        ws.send(JSON.stringify(batch));
        // Inside the message rate (L7): this attack is about the streams, not the rate.
        await sleep(15);
      }
      await sleep(until - Date.now());
      ws.close();
    },
  },
  {
    name: '70 concurrent 31 MB sign-in bodies, repeated',
    async run({ url, until }) {
      while (Date.now() < until) {
        await Promise.all(Array.from({ length: 70 }, () => bigPost(url, 'auth.signIn', BIG_BODY.length)));
        await sleep(50);
      }
    },
  },
  {
    name: 'a client that never reads its pull answers',
    async run({ url, token, vaultId, until, counters }) {
      let ws = await rawSocket(url, token, counters);
      ws.pause();
      let id = 1;
      while (Date.now() < until) {
        if (ws.readyState !== WebSocket.OPEN) {
          ws = await rawSocket(url, token, counters);
          ws.pause();
        }
        ws.send(JSON.stringify([1, 2, 3, 4].map(() => pullCall(id++, vaultId))));
        await sleep(100);
      }
      ws.terminate();
    },
  },
];

interface AttackerArgs {
  url: string;
  token: string;
  vaultId: string;
  seconds: number;
}

/** Starts the attack in its own process; `started` resolves when it begins (after its startup). */
function runAttackerProcess(
  index: number,
  args: AttackerArgs,
): { started: Promise<void>; done: Promise<AttackCounters> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--attacker', JSON.stringify({ index, ...args })],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('STARTED\n')) markStarted();
  });
  const done = new Promise<AttackCounters>((resolve) => {
    child.once('exit', () => {
      markStarted();
      try {
        resolve(JSON.parse(out.slice(out.indexOf('STARTED\n') + 8)) as AttackCounters);
      } catch {
        resolve({ refusals: -1, closes: -1 });
      }
    });
  });
  return { started, done };
}

async function attackerMain(spec: string): Promise<void> {
  const { index, ...args } = JSON.parse(spec) as AttackerArgs & { index: number };
  const attack = ATTACKS[index];
  if (!attack) throw new Error(`no attack ${index}`);
  const counters: AttackCounters = { refusals: 0, closes: 0 };
  // Bounded: the attack's own deadline, and a hard stop 5 s after it.
  const until = Date.now() + args.seconds * 1000;
  const hardStop = setTimeout(() => process.exit(0), args.seconds * 1000 + 5_000);
  hardStop.unref();
  process.stdout.write('STARTED\n');
  await attack.run({ ...args, until, counters }).catch(() => undefined);
  process.stdout.write(JSON.stringify(counters));
  process.exit(0);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string' }, out: { type: 'string' }, attacker: { type: 'string' } },
  });
  if (values.attacker) return attackerMain(values.attacker);
  const seconds = Number(values.seconds ?? '5');
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) throw new Error('--seconds must be 1 to 60');

  const name = `quire_bench_abuse_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${name}`;
  const server = await startSyncServerProcess({ database: { url: databaseUrl }, registration: 'open' });
  const stats = new pg.Client({ connectionString: databaseUrl });
  await stats.connect();
  try {
    const pid = server.pid();
    if (pid === null) throw new Error('the server did not start');
    const anonymous = createTRPCClient<SyncServerRouter>({
      links: [httpLink({ url: `${server.url}/trpc` })],
    });
    const signUp = (who: string) =>
      anonymous.auth.signUp.mutate({
        email: `${who}-${Date.now()}@example.com`,
        password: 'correct horse battery',
        deviceName: who,
      });
    const legit = await signUp('legit');
    const attacker = await signUp('attacker');
    // The attacker's vault: 2,000 notes of ~2 KB, so one whole pull answers ~4 MB.
    const seeder = deviceClient(server.url, attacker.token);
    await seeder.client.sync.push.mutate({
      ...fields(attacker.account.vaultId),
      rows: Array.from({ length: 2_000 }, (_, i) => ({
        assumedMasterState: null,
        newDocumentState: note(`a${i}`, 'x'.repeat(2_000)),
      })),
    });
    void seeder.close();

    const device = deviceClient(server.url, legit.token);
    const results: object[] = [];
    let writes = 0;
    for (const attack of ATTACKS) {
      const counters: AttackCounters = { refusals: 0, closes: 0 };
      // The attacker is a process of its own: its frames and bodies must not stall the legit
      // client's event loop here, or the figures would measure this bench, not the server.
      const attackerRun = runAttackerProcess(ATTACKS.indexOf(attack), {
        url: server.url,
        token: attacker.token,
        vaultId: attacker.account.vaultId,
        seconds,
      });
      await attackerRun.started;
      const until = Date.now() + seconds * 1000;
      let rssMax = rssMb(pid);
      const sampler = setInterval(() => {
        try {
          rssMax = Math.max(rssMax, rssMb(pid));
        } catch {
          // The process is gone: the next call fails and says so.
        }
      }, SAMPLE_MS);
      const commits = async (): Promise<number> =>
        Number(
          (
            await stats.query<{ n: string }>(
              'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
            )
          ).rows[0]?.n ?? 0,
        );
      const attackRun = attackerRun.done.then((met) => Object.assign(counters, met));

      // The legitimate device: one pull and one single-note push per round, sequentially.
      const latencies: number[] = [];
      let errors = 0;
      let idleTxPerS: number | undefined;
      while (Date.now() < until) {
        if (
          idleTxPerS === undefined &&
          (attack.name.startsWith('5,000') || attack.name.startsWith('none')) &&
          Date.now() > until - (seconds * 1000) / 2
        ) {
          // The legit device pauses too: what commits now is the streams' (and the server's own).
          const from = { at: Date.now(), commits: await commits() };
          await sleep(Math.min(2_000, until - Date.now()));
          idleTxPerS = round(((await commits()) - from.commits) / ((Date.now() - from.at) / 1000));
        }
        const started = performance.now();
        try {
          await device.client.sync.pull.query({
            ...fields(legit.account.vaultId),
            checkpoint: null,
            batchSize: 10,
          });
          writes += 1;
          await device.client.sync.push.mutate({
            ...fields(legit.account.vaultId),
            rows: [{ assumedMasterState: null, newDocumentState: note(`legit-${writes}`, 'hello') }],
          });
          latencies.push((performance.now() - started) / 2);
        } catch {
          errors += 1;
        }
        await sleep(20);
      }
      await attackRun;
      clearInterval(sampler);
      latencies.sort((a, b) => a - b);
      const row = {
        name: attack.name,
        legit_p50_ms: round(percentile(latencies, 50)),
        legit_p95_ms: round(percentile(latencies, 95)),
        legit_errors: errors,
        legit_calls: latencies.length * 2,
        server_rss_mb_max: round(rssMax),
        attack_refusals: counters.refusals,
        attack_closes: counters.closes,
        ...(idleTxPerS !== undefined ? { idle_tx_per_s: idleTxPerS } : {}),
      };
      results.push(row);
      console.error(JSON.stringify(row));
      await sleep(500);
    }
    void device.close();
    const report = { seconds_per_attack: seconds, target_legit_p95_ms: 100, attacks: results };
    const json = JSON.stringify(report, null, 2);
    if (values.out) fs.writeFileSync(values.out, `${json}\n`);
    console.log(json);
  } finally {
    await stats.end();
    await server.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
