/**
 * Crash durability: a child process (fixtures/crash-writer.ts) writes batches through the SQLite
 * storage and prints `ack N` after each bulkWrite resolves; we SIGKILL it after a random
 * 50-400 ms of acks, reopen the file and check:
 *
 * [CR1] every acknowledged batch is fully present;
 * [CR2] no batch is partial, the unacknowledged in-flight one included (all-or-nothing), and the
 *       counter document updated in the same bulkWrite agrees with the newest batch present;
 * [CR3] the file passes SQLite's quick_check, and the next child resumes on it.
 *
 * Two lanes (one directory each) run side by side so 2 x 10 kill cycles fit the time budget
 * despite the ~0.8 s tsx startup of each child.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { getRxStorageSqlite } from '../../src-main/db/sqlite-storage/index.js';
import { CRASH_BATCH_SIZE, crashSchema, type CrashDoc } from './fixtures/crash-schema.js';
import { createInstance, prepare, removeTempDirs, tempDir } from './storage-test-helpers.js';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const LANES = 2;
const ITERATIONS_PER_LANE = 10;

/** Children still running (killed in afterAll if a lane fails). */
const running = new Set<ReturnType<typeof spawn>>();

interface KillResult {
  maxAck: number;
  acks: number;
  delayMs: number;
}

/** Runs the writer until `delayMs` after its first ack, then SIGKILLs it. */
function runAndKill(directory: string, delayMs: number): Promise<KillResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, directory], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    let buffered = '';
    let maxAck = -1;
    let acks = 0;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let killed = false;
    const failTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? ''; // a line cut by the kill is not an ack
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        // Lines that arrive after our kill() still count: the child wrote them after a commit.
        if (!match) continue;
        acks++;
        maxAck = Math.max(maxAck, Number(match[1]));
        timer ??= setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    // 'close', not 'exit': only then has all of stdout (every ack written before death) been read.
    child.on('close', (_code, signal) => {
      running.delete(child);
      clearTimeout(failTimer);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL' || !killed) {
        reject(new Error(`writer ended without our kill (signal ${signal}): ${stderr}`));
      } else {
        resolve({ maxAck, acks, delayMs });
      }
    });
  });
}

/** Reads the whole store back and returns the per-batch counts and the counter. */
async function inspect(
  directory: string,
): Promise<{ counts: Map<number, number>; counter: number | undefined }> {
  const instance = await createInstance<CrashDoc>(getRxStorageSqlite({ directory }), crashSchema, 'crash');
  try {
    const { documents } = await instance.query(
      prepare(crashSchema, { selector: {}, sort: [{ batch: 'asc' }] }),
    );
    const counts = new Map<number, number>();
    let counter: number | undefined;
    for (const doc of documents) {
      if (doc.id === 'counter') counter = doc.batch;
      else counts.set(doc.batch, (counts.get(doc.batch) ?? 0) + 1);
    }
    return { counts, counter };
  } finally {
    await instance.close();
  }
}

function quickCheck(directory: string): string {
  const db = new Database(join(directory, 'crash.sqlite'));
  try {
    return String(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('crash durability (SIGKILL during writes)', () => {
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    removeTempDirs();
  });

  it(`[CR1-3] ${LANES * ITERATIONS_PER_LANE} kills: acked batches complete, no partial batch`, async () => {
    // Fixed-seed delays in [50, 400] ms, so a failure can be replayed.
    let seed = 0x5eed;
    const nextDelay = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return 50 + (seed % 351);
    };
    // A failing lane stops the other one too (no children left writing after the test).
    let failed = false;
    const lane = async (laneIndex: number) => {
      const directory = tempDir(`crash${laneIndex}`);
      let previousMax = -1;
      for (let iteration = 0; iteration < ITERATIONS_PER_LANE && !failed; iteration++) {
        const kill = await runAndKill(directory, nextDelay());
        const where = `lane ${laneIndex} iteration ${iteration} (delay ${kill.delayMs} ms, ${kill.acks} acks, last ack ${kill.maxAck})`;
        expect(kill.maxAck, where).toBeGreaterThan(previousMax);
        const { counts, counter } = await inspect(directory);
        const present = [...counts.keys()].sort((a, b) => a - b);
        const maxPresent = present.at(-1) ?? -1;
        // [CR1] acknowledged batches are all there, [CR2] nothing partial, nothing invented.
        expect(present, where).toEqual(Array.from({ length: maxPresent + 1 }, (_, i) => i));
        expect(maxPresent, where).toBeGreaterThanOrEqual(kill.maxAck);
        expect(maxPresent, where).toBeLessThanOrEqual(kill.maxAck + 1);
        for (const [batch, count] of counts) expect(count, `${where}: batch ${batch}`).toBe(CRASH_BATCH_SIZE);
        expect(counter, where).toBe(maxPresent);
        // [CR3]
        expect(quickCheck(directory), where).toBe('ok');
        previousMax = maxPresent;
      }
      return previousMax;
    };
    const settled = await Promise.allSettled(
      Array.from({ length: LANES }, (_, i) =>
        lane(i).catch((error: unknown) => {
          failed = true; // stop the other lane after its current iteration
          throw error;
        }),
      ),
    );
    for (const result of settled) {
      if (result.status === 'rejected') throw result.reason;
      expect(result.value).toBeGreaterThan(ITERATIONS_PER_LANE * 5);
    }
  }, 120_000);
});
