/**
 * `npm run bench:server -- --devices N --writes-per-s W --seconds S [--database-url URL] --out FILE.json`
 *
 * One sync server (as `npm run server` runs it) on PostgreSQL, N live device connections to it
 * from this process, two devices per user, each with a live `sync.stream` of its vault. For S
 * seconds, W single-note writes per second are spread round-robin across the devices. Reported:
 * - `ack_p50_ms` / `ack_p99_ms`: a push sent → its answer received;
 * - `fanout_p50_ms` / `fanout_p99_ms`: a push acknowledged → the note arrives on the stream of the
 *   user's other device (0 when the stream was first);
 * - `errors`: failed pushes, stream errors, and writes that never reached the other device;
 * - `server_rss_mb` (the highest sample) and `server_cpu_pct` (of one core, over the load).
 * Accounts are seeded straight into the database (hashing 500 passwords would measure argon2,
 * not sync). The server is started with connection caps above N so the bench measures load,
 * not the per-IP limit that protects a real server from one address.
 * Bounds: N ≤ 5,000, W ≤ 5,000, S ≤ 120; the drain after the load waits at most 10 s.
 * Targets (2 cores shared by server, PostgreSQL and this load generator): 1,000 devices, 500
 * writes/s for 20 s: ack p99 ≤ 100 ms, fan-out p99 ≤ 200 ms, 0 errors, server RSS ≤ 300 MB.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import pg from 'pg';
import WebSocket from 'ws';
import { SYNC_PROTOCOL_VERSION, type ReplicatedNote } from '../src-shared/sync/protocol';
import { hashSecret, newSessionToken } from '../sync-server/auth/tokens';
import type { SyncServerRouter } from '../sync-server/router';
import { startSyncServerProcess, type SyncServerProcess } from '../tests/support/sync-server-process';
import { createBenchDatabase } from './bench-database';
import { buildServer, serverCommand } from './server-command';

const LIMITS = { devices: 5_000, writesPerS: 5_000, seconds: 120 } as const;
const DRAIN_MS = 10_000;
const CONNECT_BATCH = 50;
const TICK_MS = 10;

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN);
const round = (n: number): number => Math.round(n * 100) / 100;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

interface SeededDevice {
  deviceId: string;
  userIndex: number;
  vaultId: string;
  token: string;
}

/** Users, vaults and device sessions as sign-up would leave them, minus the password hashing. */
async function seed(databaseUrl: string, devices: number): Promise<SeededDevice[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const seeded: SeededDevice[] = [];
  try {
    await client.query('BEGIN');
    const users = Math.ceil(devices / 2);
    for (let u = 0; u < users; u += 1) {
      const userId = `bench-user-${u}`;
      const vaultId = `bench-vault-${u}`;
      await client.query(
        `INSERT INTO users (id, email, password_hash, role, created_at) VALUES ($1, $2, 'not-a-hash', 'member', now())`,
        [userId, `bench-${u}@example.com`],
      );
      await client.query(
        `INSERT INTO vaults (id, owner_id, name, created_at) VALUES ($1, $2, 'Notes', now())`,
        [vaultId, userId],
      );
      for (let d = 0; d < 2 && seeded.length < devices; d += 1) {
        const deviceId = `bench-device-${u}-${d}`;
        const token = newSessionToken();
        await client.query(
          `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at, platform, app_version)
           VALUES ($1, $2, $3, $4, now(), now(), 'bench', 'bench')`,
          [deviceId, userId, `bench ${u}/${d}`, hashSecret(token)],
        );
        seeded.push({ deviceId, userIndex: u, vaultId, token });
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return seeded;
}

function procStat(pid: number): { cpuTicks: number; rssMb: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return { cpuTicks: utime + stime, rssMb: kb / 1024 };
}
/** Linux's USER_HZ: /proc times are in these ticks. */
const TICKS_PER_S = 100;

function note(id: string, now: number): ReplicatedNote {
  return {
    id,
    title: `Bench ${id}`,
    body: `# Bench ${id}\n\nWritten by bench:server.\n`,
    tags: [],
    folder: '',
    createdAt: now,
    updatedAt: now,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string' },
      'writes-per-s': { type: 'string' },
      seconds: { type: 'string' },
      'database-url': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const deviceCount = positiveInt('devices', values.devices, 100, LIMITS.devices);
  const writesPerS = positiveInt('writes-per-s', values['writes-per-s'], 100, LIMITS.writesPerS);
  const seconds = positiveInt('seconds', values.seconds, 10, LIMITS.seconds);
  if (deviceCount < 2) throw new Error('--devices must be at least 2 (fan-out needs a second device)');

  const database = values['database-url']
    ? { url: values['database-url'], drop: () => Promise.resolve() }
    : await createBenchDatabase('quire_bench_server');
  const command = serverCommand('bench:server');
  await buildServer(command);
  let server: SyncServerProcess | null = null;
  const sockets: { close(): void }[] = [];
  try {
    server = await startSyncServerProcess({
      database: { url: database.url },
      registration: 'closed',
      // BENCH_SERVER_NODE_OPTIONS (e.g. --cpu-prof) come after the script's own flags.
      command: {
        nodeArgs: [
          ...command.nodeArgs,
          ...(process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
        ],
        entry: command.entry,
      },
      env: {
        LOG_LEVEL: 'warn',
        MAX_CONNECTIONS_PER_IP: String(deviceCount + 100),
        MAX_CONNECTIONS_PER_USER: '50',
      },
      echoStderr: true,
      startTimeoutMs: 120_000,
    });
    const serverPid = server.pid();
    if (serverPid === null) throw new Error('the server process has no pid');
    const devices = await seed(database.url, deviceCount);

    let errors = 0;
    const errorSamples: string[] = [];
    const noteError = (what: string, error: unknown): void => {
      errors += 1;
      if (errorSamples.length < 5)
        errorSamples.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    };

    // note id → when its push was acknowledged / when the other device saw it.
    const ackedAt = new Map<string, number>();
    const seenAt = new Map<string, number>();
    const ackSamples: number[] = [];
    const fanoutSamples: number[] = [];
    const recordFanout = (id: string): void => {
      const acked = ackedAt.get(id);
      const seen = seenAt.get(id);
      if (acked !== undefined && seen !== undefined) fanoutSamples.push(Math.max(0, seen - acked));
    };

    const clients: {
      push(id: string): Promise<void>;
    }[] = [];
    const WS = WebSocket as unknown as typeof globalThis.WebSocket;
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/trpc`;
    for (let start = 0; start < devices.length; start += CONNECT_BATCH) {
      const batch = devices.slice(start, start + CONNECT_BATCH);
      await Promise.all(
        batch.map(async (device) => {
          const socket = createWSClient({
            url: wsUrl,
            WebSocket: WS,
            connectionParams: { token: device.token },
            retryDelayMs: () => 60_000,
          });
          sockets.push(socket);
          const client = createTRPCClient<SyncServerRouter>({ links: [wsLink({ client: socket })] });
          const fields = {
            protocolVersion: SYNC_PROTOCOL_VERSION,
            vaultId: device.vaultId,
            collection: 'notes' as const,
          };
          await new Promise<void>((resolve) => {
            const subscription = client.sync.stream.subscribe(fields, {
              onStarted: () => resolve(),
              onData: (event) => {
                if (event === 'RESYNC') return;
                const now = performance.now();
                for (const doc of event.documents) {
                  if (!seenAt.has(doc.id)) {
                    seenAt.set(doc.id, now);
                    recordFanout(doc.id);
                  }
                }
              },
              onError: (error) => {
                noteError('stream', error);
                resolve();
              },
            });
            void subscription;
          });
          clients.push({
            async push(id) {
              const sent = performance.now();
              try {
                const answer = await client.sync.push.mutate({
                  ...fields,
                  rows: [{ assumedMasterState: null, newDocumentState: note(id, Date.now()) }],
                });
                const acked = performance.now();
                if (answer.conflicts.length > 0 || answer.rejected.length > 0) {
                  noteError('push', new Error('conflict or rejection on a new note'));
                  return;
                }
                ackSamples.push(acked - sent);
                ackedAt.set(id, acked);
                recordFanout(id);
              } catch (error) {
                noteError('push', error);
              }
            },
          });
        }),
      );
    }
    console.error(
      `bench:server: ${clients.length} devices connected; ${writesPerS} writes/s for ${seconds} s`,
    );

    const cpuBefore = procStat(serverPid);
    const ownCpuBefore = process.cpuUsage();
    const loadStarted = performance.now();
    let rssMax = cpuBefore.rssMb;
    const rssTimer = setInterval(() => {
      rssMax = Math.max(rssMax, procStat(serverPid).rssMb);
    }, 500);
    const inFlight = new Set<Promise<void>>();
    const total = writesPerS * seconds;
    let issued = 0;
    let next = 0;
    while (issued < total) {
      const due = Math.min(total, Math.floor(((performance.now() - loadStarted) / 1000) * writesPerS));
      for (; issued < due; issued += 1) {
        const client = clients[next % clients.length];
        next += 1;
        if (!client) continue;
        const write = client.push(`bench-${issued}`);
        inFlight.add(write);
        void write.finally(() => inFlight.delete(write));
      }
      await sleep(TICK_MS);
    }
    await Promise.all(inFlight);
    const loadMs = performance.now() - loadStarted;
    const cpuAfter = procStat(serverPid);
    const ownCpu = process.cpuUsage(ownCpuBefore);
    // Every acknowledged write should reach the other device; wait a bounded time for stragglers.
    const drainUntil = performance.now() + DRAIN_MS;
    while (performance.now() < drainUntil && [...ackedAt.keys()].some((id) => !seenAt.has(id)))
      await sleep(50);
    clearInterval(rssTimer);
    rssMax = Math.max(rssMax, procStat(serverPid).rssMb);
    const neverSeen = [...ackedAt.keys()].filter((id) => !seenAt.has(id)).length;
    errors += neverSeen;
    if (neverSeen > 0)
      errorSamples.push(`fan-out: ${neverSeen} acknowledged writes never reached the other device`);

    const ack = [...ackSamples].sort((x, y) => x - y);
    const fanout = [...fanoutSamples].sort((x, y) => x - y);
    const result = {
      devices: clients.length,
      writes_per_s: writesPerS,
      seconds,
      writes: issued,
      acknowledged: ack.length,
      achieved_writes_per_s: round(ack.length / (loadMs / 1000)),
      ack_p50_ms: round(percentile(ack, 50)),
      ack_p99_ms: round(percentile(ack, 99)),
      fanout_p50_ms: round(percentile(fanout, 50)),
      fanout_p99_ms: round(percentile(fanout, 99)),
      errors,
      error_samples: errorSamples,
      server_rss_mb: round(rssMax),
      load_generator_cpu_pct: round(((ownCpu.user + ownCpu.system) / 1e3 / loadMs) * 100),
      server_cpu_pct: round(((cpuAfter.cpuTicks - cpuBefore.cpuTicks) / TICKS_PER_S / (loadMs / 1000)) * 100),
      targets: {
        devices: 1000,
        writes_per_s: 500,
        seconds: 20,
        ack_p99_ms: 100,
        fanout_p99_ms: 200,
        errors: 0,
        server_rss_mb: 300,
      },
    };
    const json = JSON.stringify(result, null, 2);
    if (values.out) fs.writeFileSync(values.out, `${json}\n`);
    console.log(json);
  } finally {
    for (const socket of sockets) socket.close();
    await server?.stop();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:server: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
