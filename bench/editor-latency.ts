/**
 * `npx tsx bench/editor-latency.ts [--renderer-dir DIR] [--keystrokes 200] [--opens 20] [--profile]
 *   [--editor-mode live|source] --out FILE.json`
 * (also `npm run bench:local -- --editor`, which adds these figures to its JSON).
 *
 * The real built renderer in web mode, in headless Chromium, against a web host process on a
 * fresh vault (sync token in memory):
 * - keystroke: real key input (CDP) typed into a 5,000-line note with 200 [[links]], at the top,
 *   in the middle after scrolling and at the end of lines ending with a link; key to painted
 *   (see bench/editor-page.ts for what "painted" means and where Event Timing is used).
 * - open: a click on a 1 MB note's row in the note list to the first frame painted showing its
 *   heading, alternating between two 1 MB notes with a small one between.
 * In live preview mode when the preferences have `editorMode` (set through the host's API before
 * the page opens); the JSON says which mode was measured.
 * Beside the headline figures: where a key's time goes (until its frame starts, the frame's own
 * rendering, the key's handlers) and the long tasks of each open. `--profile` adds a CDP CPU
 * profile of typing and of opening on an unminified build: the top self-time functions.
 * Targets (reported, not enforced): keystroke p95 ≤ 16 ms, open p95 ≤ 100 ms.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { z } from 'zod';
import { RELATED_PREFIX } from './editor-markdown';
import { BIG, SMALL, TYPING, seedVault } from './editor-vault';
import { chooseEditorMode, openApp, startWebHost } from './editor-host';
import {
  eventEntrySchema,
  keystrokeDurations,
  longTasksSchema,
  openResultSchema,
  pointSchema,
  sampleSchema,
  type KeySample,
} from './editor-page';
import { keystrokeProfiler, type MainThreadPerKey, type ProfileRow } from './editor-profile';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EDITOR_TARGETS = { keystroke_p95_ms: 16, open_note_p95_ms: 100 } as const;

export interface EditorLatencyOptions {
  /** A built renderer (`vite build --config vite.web.config.ts`); built into a temp dir if absent. */
  rendererDir?: string | undefined;
  keystrokes: number;
  opens: number;
  /** 'live' unless comparing with the plain source editor. */
  editorMode: 'live' | 'source';
  /** Also profile a keystroke run (CDP Profiler) on an unminified build, for function names. */
  profile: boolean;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number): number => Math.round(n * 100) / 100;
const stats = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1) ?? NaN),
  };
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function buildRenderer(outDir: string, minify: boolean): void {
  // A private copy: others build out/web from the same checkout at the same time.
  const args = ['vite', 'build', '--config', 'vite.web.config.ts', '--outDir', outDir, '--emptyOutDir'];
  execFileSync('npx', minify ? args : [...args, '--minify', 'false'], {
    cwd: ROOT,
    // Quiet unless it fails: a checkout others are editing may not build at every moment.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

interface Opened {
  ms: number;
  /** Main-thread tasks of ≥ 50 ms between the click and the paint: their sum and the longest. */
  longTasksMs: number;
  longestTaskMs: number;
}

async function openNote(page: Page, title: string, token: string): Promise<Opened> {
  await page.evaluate(`window.__bench.armOpen(${JSON.stringify(token)}, 15000)`);
  await page
    .getByRole('listbox', { name: 'Notes' })
    .getByRole('option', { name: new RegExp(`^${title}`) })
    .click();
  await page.evaluate('window.__bench.untilOpened(20000)');
  const result = openResultSchema.parse(await page.evaluate('window.__bench.open.result'));
  if (!result || result.ms < 0) throw new Error(`"${title}" did not show within 15 s`);
  await sleep(100); // Long task entries arrive after their task ended.
  const tasks = longTasksSchema.parse(
    await page.evaluate(`window.__bench.longTasksBetween(${result.start ?? 0}, ${result.end ?? 0})`),
  );
  return { ms: result.ms, longTasksMs: tasks.total, longestTaskMs: tasks.longest };
}

/** Where each burst of typing happens: fraction of the note scrolled to, and which kind of line. */
const PLACES = [
  { scroll: 0, kind: 'plain', label: 'top' },
  { scroll: 0.5, kind: 'plain', label: 'middle' },
  { scroll: 0.5, kind: 'related', label: 'link-middle' },
  { scroll: 0.02, kind: 'related', label: 'link-top' },
  { scroll: 0.9, kind: 'related', label: 'link-bottom' },
  { scroll: 0.25, kind: 'plain', label: 'quarter' },
] as const;
const BURST = 'note ';

/**
 * Scrolls, clicks past the end of a visible prose line and, for a link line, moves on to the next
 * line ending with a [[link]] with the editor's own search (Mod-F, Enter, Escape, End), as a user
 * would: those lines are a few hundred lines apart, rarely on screen.
 */
async function placeCursor(page: Page, place: (typeof PLACES)[number], nth: number): Promise<boolean> {
  await page.evaluate(`window.__bench.scrollTo(${place.scroll})`);
  await sleep(150); // CodeMirror draws the new viewport on its next frames.
  const point = pointSchema.parse(await page.evaluate(`window.__bench.pickLine(${nth})`));
  if (!point) return false;
  await page.mouse.click(point.x, point.y);
  await sleep(50);
  if (place.kind === 'related') {
    await page.keyboard.press('ControlOrMeta+f');
    const field = page.locator('[data-testid="editor"] .cm-search input[name="search"]');
    await field.fill(RELATED_PREFIX, { timeout: 5_000 });
    await field.press('Enter');
    await field.press('Escape');
    await page.keyboard.press('End');
    await sleep(150);
  }
  return true;
}

/**
 * Types `count` keys in bursts at PLACES, one key at a time: the next key goes once the previous
 * one was painted, plus a short gap, so measurements do not overlap. Bounded by `budgetMs`.
 */
export async function typeAcrossNote(
  page: Page,
  count: number,
  budgetMs: number,
  around?: { before(): Promise<void>; after(): Promise<void> },
): Promise<string[]> {
  const deadline = Date.now() + budgetMs;
  const places: string[] = [];
  let typed = 0;
  for (let burst = 0; typed < count && Date.now() < deadline; burst += 1) {
    const place = PLACES[burst % PLACES.length]!;
    if (!(await placeCursor(page, place, burst))) continue;
    places.push(place.label);
    await page.evaluate('window.__bench.recording = true');
    await around?.before();
    for (let k = 0; k < 10 && typed < count && Date.now() < deadline; k += 1, typed += 1) {
      const before = z.number().parse(await page.evaluate('window.__bench.samples.length'));
      // Every tenth key deletes: CodeMirror handles Backspace in keydown, not through input.
      if (k === 9) await page.keyboard.press('Backspace');
      else await page.keyboard.type(BURST[k % BURST.length]!);
      if (!z.boolean().parse(await page.evaluate(`window.__bench.untilSamples(${before + 1}, 5000)`)))
        throw new Error('a keystroke was not painted within 5 s');
      await sleep(30 + ((typed * 7) % 40));
    }
    await around?.after();
    await page.evaluate('window.__bench.recording = false');
    // Now and then a pause long enough for autosave to write the 5,000-line note.
    if (burst % 3 === 2) await sleep(600);
  }
  return places;
}

/** Whether the built renderer's code names this (a preference key survives minification). */
function rendererMentions(rendererDir: string, word: string): boolean {
  const assets = path.join(rendererDir, 'assets');
  return fs
    .readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .some((file) => fs.readFileSync(path.join(assets, file), 'utf8').includes(word));
}

async function readKeystrokes(page: Page, skip: number) {
  await sleep(500); // Event Timing entries are delivered after the frame was presented.
  const samples = z
    .array(sampleSchema)
    .parse(await page.evaluate('window.__bench.samples'))
    .slice(skip);
  const entries = z.array(eventEntrySchema).parse(await page.evaluate('window.__bench.eventEntries'));
  const eventTiming = z.boolean().parse(await page.evaluate('window.__bench.eventTiming'));
  const { ms, fromEventTiming } = keystrokeDurations(samples, entries);
  // Time in the key's handlers: keydown plus the keypress of the same interaction (the text
  // is inserted there), for the keys Event Timing reported.
  const handlersOf = (sample: KeySample): number | undefined => {
    const keydown = entries.find((e) => e.name === 'keydown' && Math.abs(e.start - sample.start) < 0.5);
    if (!keydown) return undefined;
    const same = entries.filter((e) => e.interactionId !== 0 && e.interactionId === keydown.interactionId);
    return (same.length > 0 ? same : [keydown]).reduce((sum, e) => sum + e.processing, 0);
  };
  return { samples, ms, fromEventTiming, eventTiming, handlersOf };
}

async function measure(rendererDir: string, options: EditorLatencyOptions, dataDir: string) {
  const host = await startWebHost(dataDir, rendererDir);
  try {
    const mode = await chooseEditorMode(host.url, options.editorMode);
    const { browser, page } = await openApp(host.url, rendererDir);
    try {
      await openNote(page, TYPING.title, TYPING.token);
      const liveSeen = z.boolean().parse(await page.evaluate('window.__bench.livePreviewSeen()'));
      const warmup = 20;
      const places = await typeAcrossNote(page, warmup + options.keystrokes, 150_000);
      const keys = await readKeystrokes(page, warmup);

      const opens: ({ note: string } & Opened)[] = [];
      const sequence = [BIG[0], SMALL, BIG[1]];
      const openDeadline = Date.now() + 180_000;
      for (
        let i = 0;
        opens.filter((o) => o.note !== SMALL.id).length < options.opens && Date.now() < openDeadline;
        i += 1
      ) {
        const spec = sequence[i % sequence.length]!;
        opens.push({ note: spec.id, ...(await openNote(page, spec.title, spec.token)) });
        await sleep(300);
      }
      // The first open of each big note also pays for its first fetch and parse: kept, it is what a user sees.
      const big = opens.filter((o) => o.note !== SMALL.id);
      const bigOpens = big.map((o) => o.ms);
      const smallOpens = opens.filter((o) => o.note === SMALL.id).map((o) => o.ms);
      const key = stats(keys.ms);
      const raf = stats(keys.samples.map((s) => s.painted));
      const handlers = keys.samples
        .map((sample) => keys.handlersOf(sample))
        .filter((ms): ms is number => ms !== undefined);
      const open = stats(bigOpens);
      return {
        editor_mode: mode,
        renderer_has_editor_mode: rendererMentions(rendererDir, 'editorMode'),
        live_preview_decorations_seen: liveSeen,
        keystroke_p50_ms: key.p50,
        keystroke_p95_ms: key.p95,
        keystroke_max_ms: key.max,
        keystrokes: keys.ms.length,
        keystroke_places: [...new Set(places)],
        keystroke_source: keys.eventTiming
          ? 'event-timing duration (keydown to next paint) for keystrokes it reported (≥ 16 ms), else rAF + MessageChannel after the frame'
          : 'rAF + MessageChannel after the frame (no Event Timing in this browser)',
        keystroke_from_event_timing: keys.fromEventTiming,
        keystroke_raf_only: raf,
        // Where the time goes: waiting for the next frame (60 Hz: up to 16.7 ms even for free
        // work) versus that frame's own rendering step (CodeMirror's measure, layout, paint).
        keystroke_to_frame_start: stats(keys.samples.map((s) => s.frame)),
        keystroke_frame_render: stats(keys.samples.map((s) => s.painted - s.frame)),
        keystroke_handlers_event_timing: { count: handlers.length, ...stats(handlers) },
        open_note_p50_ms: open.p50,
        open_note_p95_ms: open.p95,
        open_note_max_ms: open.max,
        open_note_count: bigOpens.length,
        open_note_all_ms: bigOpens.map(round),
        open_note_long_tasks_ms: stats(big.map((o) => o.longTasksMs)),
        open_note_longest_task_ms: stats(big.map((o) => o.longestTaskMs)),
        open_small_note_p50_ms: stats(smallOpens).p50,
        open_note_source:
          'click event timeStamp to rAF + MessageChannel after the first frame whose first 12 editor lines hold the note heading',
        typing_note: { lines: 5_000, links: 200 },
        open_note_chars: 990_000,
        chromium: browser.version(),
      };
    } finally {
      await browser.close();
    }
  } finally {
    await host.stop();
  }
}

/**
 * The same typing on an unminified build, so the profile names functions. The build is kept
 * (its path is in the JSON) to look up the bundle lines the rows point at.
 */
interface Profiled {
  top: ProfileRow[];
  perKey: MainThreadPerKey;
}

async function profileRun(
  dataDir: string,
  options: EditorLatencyOptions,
): Promise<{ bundle: string; keys: Profiled; opens: Profiled }> {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-web-profile-'));
  buildRenderer(rendererDir, false);
  const host = await startWebHost(dataDir, rendererDir);
  try {
    await chooseEditorMode(host.url, options.editorMode);
    const { browser, page } = await openApp(host.url, rendererDir);
    try {
      await openNote(page, TYPING.title, TYPING.token);
      await typeAcrossNote(page, 20, 30_000);
      const profiler = await keystrokeProfiler(page);
      const typedBefore = z.number().parse(await page.evaluate('window.__bench.samples.length'));
      await typeAcrossNote(page, 60, 60_000, { before: profiler.resume, after: profiler.pause });
      const typed = z.number().parse(await page.evaluate('window.__bench.samples.length')) - typedBefore;
      const keys = await profiler.finish(typed);
      // Then four opens of a 1 MB note, each from the small one (which is not profiled).
      const openProfiler = await keystrokeProfiler(page);
      for (let i = 0; i < 4; i += 1) {
        await openNote(page, SMALL.title, SMALL.token);
        await openProfiler.resume();
        await openNote(page, BIG[i % 2]!.title, BIG[i % 2]!.token);
        await openProfiler.pause();
      }
      return { bundle: rendererDir, keys, opens: await openProfiler.finish(4) };
    } finally {
      await browser.close();
    }
  } finally {
    await host.stop();
  }
}

export async function runEditorLatency(options: EditorLatencyOptions) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-editor-'));
  const builtDir = options.rendererDir ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-web-'));
  try {
    if (builtDir) buildRenderer(builtDir, true);
    await seedVault(dataDir);
    const figures = await measure(options.rendererDir ?? builtDir!, options, dataDir);
    const profile = options.profile ? await profileRun(dataDir, options) : undefined;
    return {
      ...figures,
      targets: EDITOR_TARGETS,
      met: {
        keystroke_p95_ms: figures.keystroke_p95_ms <= EDITOR_TARGETS.keystroke_p95_ms,
        open_note_p95_ms: figures.open_note_p95_ms <= EDITOR_TARGETS.open_note_p95_ms,
      },
      ...(profile
        ? {
            keystroke_profile_bundle: profile.bundle,
            keystroke_main_thread_per_key: profile.keys.perKey,
            keystroke_profile_top_self_ms: profile.keys.top,
            open_note_main_thread_per_open: profile.opens.perKey,
            open_note_profile_top_self_ms: profile.opens.top,
          }
        : {}),
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (builtDir) fs.rmSync(builtDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'renderer-dir': { type: 'string' },
      keystrokes: { type: 'string', default: '200' },
      opens: { type: 'string', default: '20' },
      profile: { type: 'boolean', default: false },
      'editor-mode': { type: 'string', default: 'live' },
      out: { type: 'string' },
    },
  });
  const count = z.coerce.number().int().min(1).max(2_000);
  // Other work on the machine moves these figures more than anything: the JSON says how busy it was.
  const loadBefore = os.loadavg().map(round);
  const result = {
    ...(await runEditorLatency({
      rendererDir: values['renderer-dir'],
      keystrokes: count.parse(values.keystrokes),
      opens: count.parse(values.opens),
      profile: values.profile,
      editorMode: z.enum(['live', 'source']).parse(values['editor-mode']),
    })),
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      platform: process.platform,
      loadavg_before: loadBefore,
      loadavg_after: os.loadavg().map(round),
    },
    date: new Date().toISOString(),
  };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  if (values.out) fs.writeFileSync(values.out, json + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
