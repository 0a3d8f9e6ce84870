import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { CONFLICT_CLOSE_PREFIX, CONFLICT_OPEN_PREFIX, CONFLICT_SEPARATOR } from '../../src-shared/sync/merge';
import type { ReplicatedNote } from '../../src-shared/sync/protocol';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startLossyRelay, type LossyRelay } from './support/lossy-relay';
import { pullAll, sessionOf } from './support/server-documents';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import { newAccount, openDevice, waitFor, waitForConvergence, type Device } from './support/sync-devices';

/**
 * Model-based convergence: three devices of one account create, edit, trash, restore and delete
 * notes while their network links are cut, lose the server's replies, and come back at random (a
 * TCP relay per device in front of ONE real server process on a real PostgreSQL database). Once
 * every link is back, all devices and the server must hold the same notes, and no write may have
 * been lost (M1, M6, M7, R7, R8, R12, R14, C1, C3).
 *
 * Replay a failure with QUIRE_SYNC_PROPERTY_SEED and QUIRE_SYNC_PROPERTY_PATH (fast-check prints
 * both); QUIRE_SYNC_PROPERTY_RUNS changes the number of runs.
 */

const NUM_RUNS = Number(process.env.QUIRE_SYNC_PROPERTY_RUNS ?? 200);
const SEED = Number(process.env.QUIRE_SYNC_PROPERTY_SEED ?? 20_261_126);
const PATH = process.env.QUIRE_SYNC_PROPERTY_PATH;
const DEVICE_NAMES = ['a', 'b', 'c'] as const;
/** Reconnects fast: a test waits out the backoff after every heal (C3 shortened). */
const RETRY_DELAY_MS = (attempt: number): number => Math.min(25 * 2 ** attempt, 200);
const TOKEN_LINE = /^tok-\d+$/;
/** A conflict marker line; the open and close markers carry the merging device's labels (M10). */
const isMarkerLine = (line: string): boolean =>
  line === CONFLICT_SEPARATOR ||
  [CONFLICT_OPEN_PREFIX, CONFLICT_CLOSE_PREFIX].some(
    (prefix) => line === prefix || line.startsWith(`${prefix} `),
  );

/** Unique across runs and shrinks, so a token names exactly one write. */
let tokenCounter = 0;
const nextToken = (): string => `tok-${(tokenCounter += 1)}`;

interface Model {
  partitioned: boolean[];
  created: Set<string>;
  /** Tokens each note was certainly given (the write committed on a live note). */
  tokens: Map<string, Set<string>>;
  trashIssued: Set<string>;
  deleteIssued: Set<string>;
  /** Each delete-forever, with the tokens the deleting device's copy held at that moment. */
  deletes: { id: string; device: string; known: Set<string> }[];
  /** What each command actually did, for the failure message. */
  trace: string[];
}

interface Real {
  devices: Device[];
  switches: LossyRelay[];
}

/** Races with replication that the app reports to the user and that write nothing. */
function isBenignRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'NOT_FOUND' || code === 'PRECONDITION_FAILED' || code === 'CONFLICT';
}

async function idsIn(device: Device, view: 'notes' | 'trash'): Promise<string[]> {
  const { items } = await device.host.services.notes.list({ view, offset: 0, limit: 1_000 });
  return items.map((item) => item.id).sort();
}

function bodyLines(body: string): string[] {
  if (body === '') return [];
  return (body.endsWith('\n') ? body.slice(0, -1) : body).split('\n');
}

abstract class NoteCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly device: number) {}
  check(): boolean {
    return true;
  }
  protected name(): string {
    return DEVICE_NAMES[this.device]!;
  }
  async run(model: Model, real: Real): Promise<void> {
    // Every command is a second later on every device: updatedAt orders edits (M5, M8).
    for (const device of real.devices) device.clock.advance(1_000);
    const device = real.devices[this.device]!;
    try {
      model.trace.push(`${this.toString()}: ${await this.apply(model, device)}`);
    } catch (error) {
      if (!isBenignRace(error)) throw error;
      model.trace.push(`${this.toString()}: refused (${(error as Error).message.slice(0, 80)})`);
    }
  }
  protected abstract apply(model: Model, device: Device): Promise<string>;
  abstract toString(): string;
}

class Create extends NoteCommand {
  protected async apply(model: Model, device: Device): Promise<string> {
    const token = nextToken();
    const note = await device.host.services.notes.create({
      title: `Note ${this.name()}`,
      body: `${token}\n`,
    });
    model.created.add(note.id);
    model.tokens.set(note.id, new Set([token]));
    return `${note.id} with ${token}`;
  }
  toString(): string {
    return `create(${this.name()})`;
  }
}

/** Inserts one token line; never removes a line, so every token must survive every merge. */
class Edit extends NoteCommand {
  constructor(
    device: number,
    readonly pick: number,
    readonly at: number,
  ) {
    super(device);
  }
  protected async apply(model: Model, device: Device): Promise<string> {
    const live = await idsIn(device, 'notes');
    if (live.length === 0) return 'no live note';
    const id = live[this.pick % live.length]!;
    const doc = await device.host.db.notes.findOne(id).exec();
    if (!doc) return `${id} gone`;
    const token = nextToken();
    let wrote = false;
    // Inside the write (re-run on the latest revision): a read-then-save from the test would
    // itself overwrite a merge that landed in between and look like a lost token.
    await doc.incrementalModify((note) => {
      // The last run of the modifier is the one that was written.
      wrote = !(note as { _deleted?: boolean })._deleted;
      if (!wrote) return note;
      const lines = bodyLines(note.body);
      lines.splice(Math.floor(this.at * (lines.length + 1)), 0, token);
      const body = `${lines.join('\n')}\n`;
      return {
        ...note,
        body,
        tags: extractTags(body),
        updatedAt: Math.max(device.clock.now(), note.updatedAt + 1),
      };
    });
    if (!wrote) return `${id} deleted under the edit`;
    model.tokens.get(id)?.add(token);
    return `${token} into ${id}`;
  }
  toString(): string {
    return `edit(${this.name()}, #${this.pick}, at ${this.at.toFixed(2)})`;
  }
}

class Trash extends NoteCommand {
  constructor(
    device: number,
    readonly pick: number,
  ) {
    super(device);
  }
  protected async apply(model: Model, device: Device): Promise<string> {
    const live = await idsIn(device, 'notes');
    if (live.length === 0) return 'no live note';
    const id = live[this.pick % live.length]!;
    model.trashIssued.add(id);
    await device.host.services.notes.trash(id);
    return id;
  }
  toString(): string {
    return `trash(${this.name()}, #${this.pick})`;
  }
}

class Restore extends NoteCommand {
  constructor(
    device: number,
    readonly pick: number,
  ) {
    super(device);
  }
  protected async apply(_model: Model, device: Device): Promise<string> {
    const trashed = await idsIn(device, 'trash');
    if (trashed.length === 0) return 'trash empty';
    const id = trashed[this.pick % trashed.length]!;
    await device.host.services.notes.restore(id);
    return id;
  }
  toString(): string {
    return `restore(${this.name()}, #${this.pick})`;
  }
}

/** "Delete now": from the trash, or straight from the list (trash, then delete forever). */
class DeleteForever extends NoteCommand {
  constructor(
    device: number,
    readonly pick: number,
  ) {
    super(device);
  }
  protected async apply(model: Model, device: Device): Promise<string> {
    const all = [...(await idsIn(device, 'notes')), ...(await idsIn(device, 'trash'))].sort();
    if (all.length === 0) return 'no note';
    const id = all[this.pick % all.length]!;
    const { notes } = device.host.services;
    model.trashIssued.add(id);
    model.deleteIssued.add(id);
    const note = await notes.get(id);
    const known = new Set(bodyLines(note.body).filter((line) => TOKEN_LINE.test(line)));
    model.deletes.push({ id, device: this.name(), known });
    if (note.trashedAt === 0) await notes.trash(id);
    await notes.deleteForever(id);
    return `${id} knowing ${[...known].join(',')}`;
  }
  toString(): string {
    return `deleteForever(${this.name()}, #${this.pick})`;
  }
}

class Partition implements fc.AsyncCommand<Model, Real> {
  constructor(readonly device: number) {}
  check(model: Readonly<Model>): boolean {
    return !model.partitioned[this.device];
  }
  run(model: Model, real: Real): Promise<void> {
    real.switches[this.device]!.goOffline();
    model.partitioned[this.device] = true;
    model.trace.push(this.toString());
    return Promise.resolve();
  }
  toString(): string {
    return `partition(${DEVICE_NAMES[this.device]})`;
  }
}

/** The device's requests reach the server and run, but no reply comes back (a half-open link). */
class LoseReplies implements fc.AsyncCommand<Model, Real> {
  constructor(readonly device: number) {}
  check(model: Readonly<Model>): boolean {
    return !model.partitioned[this.device];
  }
  run(model: Model, real: Real): Promise<void> {
    real.switches[this.device]!.dropReplies();
    model.partitioned[this.device] = true;
    model.trace.push(this.toString());
    return Promise.resolve();
  }
  toString(): string {
    return `loseReplies(${DEVICE_NAMES[this.device]})`;
  }
}

class Heal implements fc.AsyncCommand<Model, Real> {
  constructor(readonly device: number) {}
  check(model: Readonly<Model>): boolean {
    return model.partitioned[this.device] === true;
  }
  run(model: Model, real: Real): Promise<void> {
    // Cut first: a connection that lost replies is out of step; the device reconnects afresh.
    real.switches[this.device]!.goOffline();
    real.switches[this.device]!.goOnline();
    model.partitioned[this.device] = false;
    model.trace.push(this.toString());
    return Promise.resolve();
  }
  toString(): string {
    return `heal(${DEVICE_NAMES[this.device]})`;
  }
}

class Wait implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  async run(model: Model): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    model.trace.push(this.toString());
  }
  toString(): string {
    return `wait(${this.ms})`;
  }
}

const device = fc.nat(DEVICE_NAMES.length - 1);
const pick = fc.nat(7);
const commandArb = fc.oneof(
  { weight: 3, arbitrary: device.map((d) => new Create(d)) },
  {
    weight: 7,
    arbitrary: fc
      .tuple(device, pick, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
      .map(([d, p, at]) => new Edit(d, p, at)),
  },
  { weight: 2, arbitrary: fc.tuple(device, pick).map(([d, p]) => new Trash(d, p)) },
  { weight: 1, arbitrary: fc.tuple(device, pick).map(([d, p]) => new Restore(d, p)) },
  { weight: 2, arbitrary: fc.tuple(device, pick).map(([d, p]) => new DeleteForever(d, p)) },
  { weight: 2, arbitrary: device.map((d) => new Partition(d)) },
  { weight: 3, arbitrary: device.map((d) => new LoseReplies(d)) },
  { weight: 2, arbitrary: device.map((d) => new Heal(d)) },
  { weight: 3, arbitrary: fc.integer({ min: 5, max: 120 }).map((ms) => new Wait(ms)) },
);

/** Lines between two marker lines (or the text's ends): one side of a conflict, or shared text. */
function regionsOf(body: string): string[][] {
  const regions: string[][] = [[]];
  for (const line of bodyLines(body)) {
    if (isMarkerLine(line)) regions.push([]);
    else regions[regions.length - 1]!.push(line);
  }
  return regions;
}

/** Everything wrong with the end state; empty when the properties hold. */
function violations(model: Model, notes: ReplicatedNote[]): string[] {
  const problems: string[] = [];
  const ids = notes.map((note) => note.id);
  if (new Set(ids).size !== ids.length) problems.push(`duplicate ids: ${ids.join(', ')}`);
  for (const id of model.created) if (!ids.includes(id)) problems.push(`${id} was created and is gone`);
  for (const note of notes) {
    const { id } = note;
    if (!model.created.has(id)) problems.push(`${id} was never created`);
    if (note._deleted && !model.deleteIssued.has(id)) problems.push(`${id} is deleted but nobody deleted it`);
    if (!note._deleted && note.trashedAt > 0 && !model.trashIssued.has(id)) {
      problems.push(`${id} is in the trash but nobody trashed it`);
    }
    if (note._deleted) continue;
    const written = model.tokens.get(id) ?? new Set<string>();
    const lines = bodyLines(note.body);
    for (const token of written) {
      if (!lines.includes(token)) problems.push(`${id} lost ${token}`);
    }
    for (const line of lines) {
      // A token written only to some other note (or that a write gave up on) must not appear.
      if (TOKEN_LINE.test(line) && !written.has(line))
        problems.push(`${id} holds ${line}, never written to it`);
    }
    // M7: a note deleted forever comes back only for an edit its deleting device had not seen.
    const held = lines.filter((line) => TOKEN_LINE.test(line));
    for (const d of model.deletes.filter((x) => x.id === id)) {
      if (held.every((token) => d.known.has(token))) {
        problems.push(`${id} is live although ${d.device} deleted it knowing every token it holds`);
      }
    }
    for (const region of regionsOf(note.body)) {
      const seen = new Set<string>();
      for (const line of region) {
        if (!TOKEN_LINE.test(line)) continue;
        if (seen.has(line)) problems.push(`${id} repeats ${line} within one region`);
        seen.add(line);
      }
    }
  }
  return problems;
}

describe('sync convergence (model-based, 3 devices behind partitionable links, real server)', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  const switches: LossyRelay[] = [];
  /** Hosts of the run in progress, closed even when a run throws. */
  const open: Device[] = [];
  const stats = { runs: 0, commands: 0, refused: 0, conflicted: 0, resurrected: 0, deleted: 0, repeated: 0 };

  beforeAll(async () => {
    database = await createTestDatabase();
    // Hundreds of sign-ups from this one address: past the per-IP sign-up limit (S12), not what is tested here.
    server = await startSyncServerProcess({
      database: { url: database.url },
      env: { RATE_LIMIT_EXEMPT_IPS: '127.0.0.1' },
    });
    // One relay per device, reused by every run: the devices of a run sign in through them.
    for (let i = 0; i < DEVICE_NAMES.length; i += 1) switches.push(await startLossyRelay(server));
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((d) => d.dispose()));
    await Promise.all(switches.map((s) => s.close()));
    await server?.stop();
    await database?.drop();
  });

  const closeRun = async (): Promise<void> => {
    // RxDB's free tier allows 13 open collections per process: every run closes its hosts.
    await Promise.all(open.splice(0).map((d) => d.dispose()));
    for (const s of switches) s.goOnline();
  };

  const setUp = async (): Promise<{ model: Model; real: Real }> => {
    const account = newAccount();
    const devices: Device[] = [];
    for (const [i, name] of DEVICE_NAMES.entries()) {
      const relay = switches[i]!;
      const d = await openDevice({
        name,
        server: relay,
        transport: { retryDelayMs: RETRY_DELAY_MS },
      });
      open.push(d);
      devices.push(d);
    }
    await devices[0]!.signUp(account);
    await Promise.all(devices.slice(1).map((d) => d.signIn(account)));
    // One note every device holds from the start, so the first commands already conflict.
    const token = nextToken();
    const shared = await devices[0]!.host.services.notes.create({ title: 'Shared', body: `${token}\n` });
    await waitForConvergence(devices);
    const model: Model = {
      partitioned: DEVICE_NAMES.map(() => false),
      created: new Set([shared.id]),
      tokens: new Map([[shared.id, new Set([token])]]),
      trashIssued: new Set(),
      deleteIssued: new Set(),
      deletes: [],
      trace: [`setup: ${shared.id} with ${token}`],
    };
    return { model, real: { devices, switches } };
  };

  it(`M1/M6/M7/R7/R12/R14/C1/C3: ${NUM_RUNS} random histories with partitions converge on every device and the server, losing no write`, async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fc.commands([commandArb], { maxCommands: 20, size: 'max' }), async (commands) => {
        let setup: { model: Model; real: Real } | null = null;
        try {
          setup = await setUp();
          const { model, real } = setup;
          await fc.asyncModelRun(() => setup!, commands);
          for (const [i, relay] of switches.entries()) {
            if (!model.partitioned[i]) continue;
            relay.goOffline();
            relay.goOnline();
          }
          model.partitioned = DEVICE_NAMES.map(() => false);

          // Quiescence: every device idle with identical notes (tombstones included)…
          const notes = await waitForConvergence(real.devices, 20_000);
          // …and the server holds exactly them, pulled as a fresh device would.
          const { token, vaultId } = await sessionOf(real.devices[0]!);
          let onServer: ReplicatedNote[] = [];
          await waitFor(
            async () => {
              onServer = await pullAll(server.url, token, vaultId);
              return JSON.stringify(onServer) === JSON.stringify(notes);
            },
            () => `server ${JSON.stringify(onServer)}\n  devices ${JSON.stringify(notes)}`,
            10_000,
          );
          const problems = violations(model, notes);
          if (problems.length > 0) {
            const shown = notes.map((n) => JSON.stringify(n)).join('\n  ');
            throw new Error(`${problems.join('\n')}\nnotes:\n  ${shown}`);
          }

          stats.runs += 1;
          stats.commands += model.trace.length - 1;
          stats.refused += model.trace.filter((line) => line.includes(': refused')).length;
          stats.conflicted += notes.filter((n) => n.needsReview).length;
          stats.deleted += notes.filter((n) => n._deleted).length;
          stats.resurrected += notes.filter((n) => !n._deleted && model.deleteIssued.has(n.id)).length;
          stats.repeated += notes.filter((n) => {
            const tokens = bodyLines(n.body).filter((line) => TOKEN_LINE.test(line));
            return !n._deleted && new Set(tokens).size !== tokens.length;
          }).length;
        } catch (error) {
          const trace = setup?.model.trace.join('\n  ') ?? '(setup failed)';
          throw new Error(`${(error as Error).message}\ntrace:\n  ${trace}`, { cause: error });
        } finally {
          await closeRun();
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}), endOnFailure: false },
    );
    console.log(
      `convergence: ${stats.runs} runs (seed ${SEED}), ${stats.commands} commands (${stats.refused} refused by a race), ` +
        `${stats.conflicted} notes ended with conflict markers, ${stats.repeated} with a token on both sides of a ` +
        `conflict, ${stats.resurrected} deleted ones came back (M7), ${stats.deleted} ended deleted; ` +
        `${Math.round((performance.now() - started) / 1000)} s`,
    );
    expect(stats.runs).toBeGreaterThanOrEqual(NUM_RUNS);
  }, 600_000);
});
