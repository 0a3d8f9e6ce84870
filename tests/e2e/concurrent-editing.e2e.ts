import { expect, type Browser, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { AppPage } from './pages/app-page';
import { CodeMirrorEditor, spotOffset, type CursorSpot } from './pages/code-mirror';
import type { SyncAccount } from './pages/sign-in-dialog';
import { connectToHost, noteIdByTitle, type HostClient } from './support/host-client';
import type { SyncServerProcess } from '../support/sync-server-process';
import { makeDataDir, startWebHost } from './support/web-host';
import { twoDeviceTest, type Device } from './support/two-devices';

/**
 * Two people typing into the same note at once (editing rules E1–E9, docs/sync-protocol.md):
 * on two devices syncing through a real server, and in two windows of one host. Every round
 * both typists type a fresh token; afterwards both editors, and every host's database, must hold
 * both tokens exactly once, and each typist's cursor must still sit right after what they typed.
 */

const FIVE_LINES = ['line one', 'line two', 'line three', 'line four', 'line five'];
/** Milliseconds between A's last key and B's first; 0 = both type at the same time. */
const DELAYS = [0, 100, 200, 400, 1_000] as const;
const KEY_DELAY_MS = 60;

interface EditingCase {
  name: string;
  a: CursorSpot;
  b: CursorSpot;
}

const CASES = {
  differentLines: { name: 'different lines', a: { line: 0, at: 'end' }, b: { line: 4, at: 'end' } },
  neighbouringLines: { name: 'neighbouring lines', a: { line: 1, at: 'end' }, b: { line: 2, at: 'end' } },
  sameLine: { name: 'the same line', a: { line: 3, at: 'after-first-word' }, b: { line: 3, at: 'end' } },
} satisfies Record<string, EditingCase>;

interface Typist {
  name: 'A' | 'B';
  app: AppPage;
  editor: CodeMirrorEditor;
}

/** A note open in front of both typists, and the hosts whose databases hold it. */
interface Bench {
  a: Typist;
  b: Typist;
  hosts: HostClient[];
  /** Two devices: each must also report that everything is synced before a round counts as done. */
  syncing: boolean;
  noteId: string;
  /** What the note must read: the five lines with every round's tokens where they were typed. */
  expected: string[];
  round: number;
}

function typist(name: Typist['name'], app: AppPage): Typist {
  return { name, app, editor: new CodeMirrorEditor(app.page) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `text` at `spot` of the model, as typing it there does. */
function insertAt(lines: string[], spot: CursorSpot, text: string): void {
  const offset = spotOffset(lines[spot.line]!, { line: 0, at: spot.at });
  const line = lines[spot.line]!;
  lines[spot.line] = line.slice(0, offset) + text + line.slice(offset);
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** A creates the note through the UI; B waits for it (sync or the shared host) and opens it. */
async function openSharedNote(
  a: Typist,
  b: Typist,
  hosts: HostClient[],
  syncing: boolean,
  title: string,
): Promise<Bench> {
  await a.app.newNoteButton.click();
  await a.app.titleInput.fill(title);
  await a.app.titleInput.press('Enter');
  await a.editor.content.click();
  await a.app.page.keyboard.insertText(FIVE_LINES.join('\n'));
  await a.app.waitForSave();
  await expect(b.app.noteRow(title)).toBeVisible({ timeout: 20_000 });
  await b.app.openNote(title);
  await expect.poll(() => b.editor.text(), { timeout: 20_000 }).toBe(FIVE_LINES.join('\n'));
  const noteId = await noteIdByTitle(hosts[0]!, title);
  const bench: Bench = { a, b, hosts, syncing, noteId, expected: [...FIVE_LINES], round: 0 };
  // Rounds start from a quiet note: saved, (two devices) synced, the same everywhere.
  const seen = await waitForConvergence(bench);
  expect(isQuiet(seen), `the new note settles: ${JSON.stringify(seen)}`).toBe(true);
  expect(seen.editors[0]).toBe(FIVE_LINES.join('\n'));
  return bench;
}

interface Observation {
  editors: string[];
  stored: { body: string; needsReview: boolean }[];
  saves: (string | null)[];
  sync: (string | null)[];
}

async function observe(bench: Bench): Promise<Observation> {
  const typists = [bench.a, bench.b];
  const [editors, stored, saves, sync] = await Promise.all([
    Promise.all(typists.map((t) => t.editor.text())),
    Promise.all(
      bench.hosts.map(async (host) => {
        const note = await host.api.notes.get.query({ id: bench.noteId });
        return { body: note.body, needsReview: note.needsReview };
      }),
    ),
    Promise.all(typists.map((t) => t.app.saveStatus.textContent())),
    bench.syncing
      ? Promise.all(typists.map((t) => t.app.syncStatus.getAttribute('data-state')))
      : Promise.resolve([]),
  ]);
  return { editors, stored, saves, sync };
}

function isQuiet(o: Observation): boolean {
  const text = o.editors[0];
  return (
    o.editors.every((e) => e === text) &&
    o.stored.every((s) => s.body === text) &&
    o.saves.every((s) => s === 'Saved') &&
    o.sync.every((s) => s === 'synced')
  );
}

/**
 * Bounded polling until every editor and every database agree, nothing is being saved and (two
 * devices) both say Synced, twice in a row; returns the last observation either way, so the
 * caller's assertions say what did not converge.
 */
async function waitForConvergence(bench: Bench, timeoutMs = 20_000): Promise<Observation> {
  const deadline = Date.now() + timeoutMs;
  let previous: Observation | null = null;
  for (;;) {
    const current = await observe(bench);
    const stable = previous !== null && JSON.stringify(previous) === JSON.stringify(current);
    if ((isQuiet(current) && stable) || Date.now() > deadline) return current;
    previous = current;
    await sleep(200);
  }
}

/**
 * One round: both typists put their cursor in place, A types its token, B types its own
 * `delayMs` after A's last key (at the same time for 0); then everything must converge on the
 * model text, and each cursor must still be right after its typist's token.
 */
async function playRound(bench: Bench, editingCase: EditingCase, delayMs: number): Promise<void> {
  const round = bench.round++;
  const tag = String(round).padStart(2, '0');
  const tokens = { A: ` A${tag}`, B: ` B${tag}` };
  const label = `round ${round} (${editingCase.name}, B ${delayMs} ms after A)`;
  const { a, b } = bench;

  await test.step(label, async () => {
    await a.editor.placeCursor(editingCase.a);
    await b.editor.placeCursor(editingCase.b);
    // keyboard.type holds each key for the delay, so "after A's last key" is after its release.
    const type = (t: Typist): Promise<void> =>
      t.app.page.keyboard.type(tokens[t.name], { delay: KEY_DELAY_MS });
    if (delayMs === 0) await Promise.all([type(a), type(b)]);
    else {
      await type(a);
      await sleep(delayMs);
      await type(b);
    }
    insertAt(bench.expected, editingCase.a, tokens.A);
    insertAt(bench.expected, editingCase.b, tokens.B);
    const expected = bench.expected.join('\n');

    const seen = await waitForConvergence(bench);
    const hostName = (i: number): string =>
      bench.hosts.length === 1 ? 'the host' : `host ${i === 0 ? 'A' : 'B'}`;
    for (const [i, text] of seen.editors.entries()) {
      const who = `${i === 0 ? 'A' : 'B'}'s editor`;
      for (const token of [tokens.A, tokens.B]) {
        expect(count(text, token), `${label}: ${who} holds${token} once: ${JSON.stringify(text)}`).toBe(1);
      }
      expect(text, `${label}: ${who}`).toBe(expected);
    }
    for (const [i, stored] of seen.stored.entries()) {
      const which = hostName(i);
      for (const token of [tokens.A, tokens.B]) {
        expect(
          count(stored.body, token),
          `${label}: ${which} stores${token} once: ${JSON.stringify(stored.body)}`,
        ).toBe(1);
      }
      expect(stored.body, `${label}: what ${which} stores`).toBe(expected);
      expect(stored.needsReview, `${label}: ${which} flags no conflict for review`).toBe(false);
    }
    expect(seen.saves, `${label}: both windows saved`).toEqual(['Saved', 'Saved']);
    if (bench.syncing) expect(seen.sync, `${label}: both devices synced`).toEqual(['synced', 'synced']);

    for (const t of [a, b]) {
      const state = await t.editor.state();
      const token = tokens[t.name];
      expect(state.ranges, `${label}: ${t.name} has one cursor`).toBe(1);
      expect(state.anchor, `${label}: ${t.name}'s cursor is no selection`).toBe(state.head);
      expect(state.focused, `${label}: ${t.name}'s editor still has the focus`).toBe(true);
      expect(
        state.text.slice(state.head - token.length, state.head),
        `${label}: ${t.name}'s cursor is right after${token} (at ${state.head} of ${JSON.stringify(state.text)})`,
      ).toBe(token);
    }
  });
}

async function playRounds(bench: Bench, editingCase: EditingCase, delays: readonly number[]): Promise<void> {
  for (const delayMs of delays) await playRound(bench, editingCase, delayMs);
}

/**
 * Both devices side by side, caret shown, as one image: attached to the report, and written to
 * $QUIRE_E2E_SHOTS when that names a folder.
 */
async function screenshotDevices(bench: Bench, browser: Browser, testInfo: TestInfo): Promise<void> {
  const shots = await Promise.all(
    [bench.a, bench.b].map((t) => t.app.page.screenshot({ caret: 'initial', animations: 'disabled' })),
  );
  const context = await browser.newContext({ viewport: { width: 2 * 1280 + 24, height: 740 } });
  try {
    const page = await context.newPage();
    const images = shots
      .map(
        (png, i) =>
          `<figure><figcaption>Device ${i === 0 ? 'A' : 'B'}</figcaption>` +
          `<img src="data:image/png;base64,${png.toString('base64')}"></figure>`,
      )
      .join('');
    await page.setContent(
      `<style>body{margin:0;display:flex;gap:8px;font:14px sans-serif}figure{margin:4px}img{width:1280px;border:1px solid #888}</style>${images}`,
    );
    const combined = await page.screenshot({ fullPage: true });
    await testInfo.attach('both devices', { body: combined, contentType: 'image/png' });
    const dir = process.env.QUIRE_E2E_SHOTS;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${testInfo.title.replace(/[^a-z0-9]+/gi, '-')}.png`), combined);
    }
  } finally {
    await context.close();
  }
}

// ─── Two devices ───────────────────────────────────────────────────────────────────────────────

const test = twoDeviceTest;

/** Signs A up and B in to one account (once per test), then opens a new note on both. */
async function twoDevices(server: SyncServerProcess, deviceA: Device, deviceB: Device): Promise<Bench> {
  const account: SyncAccount = {
    serverUrl: server.url,
    email: `ada-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`,
    password: 'correct horse battery',
  };
  await deviceA.app.signUpForSync(account);
  await deviceA.app.waitUntilSynced();
  await deviceB.app.signInForSync(account);
  await deviceB.app.waitUntilSynced();
  return openSharedNote(
    typist('A', deviceA.app),
    typist('B', deviceB.app),
    [deviceA.client, deviceB.client],
    true,
    'Typed on two devices',
  );
}

/** Every delay once, then the three closest calls again: 8 rounds per case. */
const DEVICE_ROUNDS = [...DELAYS, 0, 100, 200];

test.describe('two devices typing into one note', () => {
  test.describe.configure({ timeout: 150_000 });

  for (const editingCase of Object.values(CASES)) {
    test(`on ${editingCase.name}`, async ({ syncServer, deviceA, deviceB, browser }, testInfo) => {
      const bench = await twoDevices(syncServer, deviceA, deviceB);
      await playRound(bench, editingCase, DEVICE_ROUNDS[0]!);
      if (editingCase === CASES.differentLines) await screenshotDevices(bench, browser, testInfo);
      await playRounds(bench, editingCase, DEVICE_ROUNDS.slice(1));
    });
  }
});

// ─── Two windows of one host ───────────────────────────────────────────────────────────────────

/** One host, one browser context, two tabs on the same URL: A types in one, B in the other. */
async function twoWindows(
  browser: Browser,
  testInfo: TestInfo,
  play: (a: Typist, b: Typist, client: HostClient) => Promise<void>,
): Promise<void> {
  const dataDir = makeDataDir(testInfo.title);
  const host = await startWebHost(dataDir);
  const client = connectToHost(host);
  const context = await browser.newContext();
  try {
    const first = new AppPage(await context.newPage());
    const second = new AppPage(await context.newPage());
    await first.open(host.url);
    await second.open(host.url);
    await play(typist('A', first), typist('B', second), client);
  } finally {
    await client.close();
    await context.close();
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

test.describe('two windows of one host typing into one note', () => {
  for (const editingCase of Object.values(CASES)) {
    test(`on ${editingCase.name}`, async ({ browser }, testInfo) => {
      await twoWindows(browser, testInfo, async (a, b, client) => {
        const bench = await openSharedNote(a, b, [client], false, 'Typed in two windows');
        await playRounds(bench, editingCase, DELAYS);
      });
    });
  }
});
