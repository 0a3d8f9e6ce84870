/**
 * `npx tsx bench/graph-view.ts --notes 10000 --out FILE.json [--renderer-dir DIR] [--data-dir DIR]
 *   [--profile]`
 *
 * The graph view's first draw on a big vault: the real built renderer in web mode, in headless
 * Chromium (software WebGL: --disable-gpu gives SwiftShader), against a web host process on a
 * vault of `--notes` generated notes (bench/navigate-vault.ts, imported through the host). From
 * the click on "Graph view":
 * - first_draw_ms: to the first frame painted after sigma's canvases are in the page;
 * - interactive_ms: to a wheel zoom sent just after the first draw being handled by the page;
 * - longest_task_ms / long_tasks_total_ms: main-thread long tasks (≥ 50 ms, Long Tasks API) from
 *   the first draw on, while the layout runs (the UI-thread stalls a user feels); the same
 *   before the first draw are reported apart;
 * - fps_while_layout: animation frames a second from the first draw until the layout settles
 *   (or FPS_WINDOW_MS at most).
 * `--data-dir` keeps the vault between runs (imported only when empty), so before/after runs
 * compare the same graph; `--profile` adds the top self-time functions (CDP Profiler) of that
 * window, on an unminified build when the renderer is built here.
 * Targets (reported, not enforced): no long task over 200 ms after the first draw, interactive
 * within 1 s.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import pino from 'pino';
import { z } from 'zod';
import { createHost } from '../src-main/host';
import { createMemorySettingsStore } from '../src-main/settings/settings-store';
import { startWebHost } from './editor-host';
import { generateNavigateVault } from './navigate-vault';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GRAPH_VIEW_TARGETS = { longest_task_ms: 200, interactive_ms: 1_000 } as const;
const FPS_WINDOW_MS = 10_000;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

/**
 * In the page before the app: long tasks, a frame counter and the click on "Graph view". A
 * string, since bench/ is typechecked without the DOM library; results are checked with zod.
 */
const PAGE_SCRIPT = String.raw`(() => {
  const bench = { longTasks: [], frames: [], armed: false, clickAt: null, drawArmed: false, firstDrawAt: null, wheelAt: null, settledAt: null };
  window.__graphBench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {}
  window.addEventListener('click', (event) => {
    if (bench.armed && bench.clickAt === null) bench.clickAt = performance.now();
  }, true);
  window.addEventListener('wheel', () => { if (bench.wheelAt === null) bench.wheelAt = performance.now(); }, true);
  const frame = (now) => {
    if (bench.clickAt !== null) {
      bench.frames.push(now);
      if (!bench.drawArmed && document.querySelector('[data-testid="graph-canvas"] canvas')) {
        bench.drawArmed = true;
        // The frame after the canvases arrived: sigma renders in a frame callback of its own.
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => { bench.firstDrawAt = performance.now(); };
          channel.port2.postMessage(0);
        });
      }
      if (bench.settledAt === null && document.querySelector('.graph-stage[data-layout="settled"]'))
        bench.settledAt = performance.now();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/**
 * `--gl-stats`: every WebGL 2 call timed (its wall time on the main thread, by method), to see
 * which native calls the profiler's "(program)" time is (buffer uploads, draws, sync reads).
 */
const GL_STATS_SCRIPT = String.raw`(() => {
  const stats = {};
  window.__graphBenchGl = stats;
  const proto = WebGL2RenderingContext.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || typeof descriptor.value !== 'function') continue;
    const original = descriptor.value;
    proto[name] = function (...args) {
      const started = performance.now();
      try { return original.apply(this, args); } finally {
        const entry = stats[name] || (stats[name] = { calls: 0, ms: 0 });
        entry.calls += 1;
        entry.ms += performance.now() - started;
        if (name.startsWith('draw')) {
          const canvas = this.canvas;
          const key = name + ' ' + args.slice(1).map((a) => (typeof a === 'number' ? a : '?')).join(',') + ' @' + canvas.width + 'x' + canvas.height;
          const draw = stats[key] || (stats[key] = { calls: 0, ms: 0 });
          draw.calls += 1;
        }
      }
    };
  }
})();`;

const stateSchema = z.object({
  longTasks: z.array(z.object({ start: z.number(), duration: z.number() })),
  frames: z.array(z.number()),
  clickAt: z.number().nullable(),
  firstDrawAt: z.number().nullable(),
  wheelAt: z.number().nullable(),
  settledAt: z.number().nullable(),
});

const round = (n: number): number => Math.round(n * 10) / 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function importVault(dataDir: string, notes: number): Promise<void> {
  const host = await createHost({
    dataDir,
    runtime: 'node',
    logger: pino({ level: 'silent' }),
    settings: createMemorySettingsStore(),
  });
  try {
    const vault = generateNavigateVault(notes);
    for (let i = 0; i < vault.notes.length; i += 5_000)
      await host.services.notes.importNotes(vault.notes.slice(i, i + 5_000));
    await host.flush();
  } finally {
    await host.close();
  }
}

async function readState(page: Page) {
  return stateSchema.parse(await page.evaluate('window.__graphBench'));
}

interface ProfileRow {
  fn: string;
  self_ms: number;
}

function topFunctions(profile: unknown, limit: number): ProfileRow[] {
  const parsed = z
    .object({
      nodes: z.array(
        z.object({
          id: z.number(),
          callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
        }),
      ),
      samples: z.array(z.number()),
      timeDeltas: z.array(z.number()),
    })
    .parse(profile);
  const byId = new Map(parsed.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  parsed.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (parsed.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, ms]) => ({ fn, self_ms: round(ms) }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string', default: '10000' },
      out: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      profile: { type: 'boolean', default: false },
      'gl-stats': { type: 'boolean', default: false },
      trace: { type: 'string' },
    },
  });
  const notes = Number(values.notes);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-graph-bench-'));
  let rendererDir = values['renderer-dir'];
  if (!rendererDir) {
    // A private build: others build out/web from the same checkout at the same time.
    rendererDir = path.join(scratch, 'web');
    const args = [
      'vite',
      'build',
      '--config',
      'vite.web.config.ts',
      '--outDir',
      rendererDir,
      '--emptyOutDir',
    ];
    execFileSync('npx', values.profile ? [...args, '--minify', 'false'] : args, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const dataDir = values['data-dir'] ?? path.join(scratch, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.readdirSync(dataDir).length === 0) await importVault(dataDir, notes);

  const host = await startWebHost(dataDir, rendererDir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript({ content: PAGE_SCRIPT });
    if (values['gl-stats']) await page.addInitScript({ content: GL_STATS_SCRIPT });
    await page.goto(host.url);
    await page.getByRole('listbox', { name: 'Notes' }).waitFor({ timeout: 60_000 });
    await sleep(1_000); // The app's own start-up tasks are not the graph's.
    const cdp = values.profile ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    if (values.trace)
      await browser.startTracing(page, {
        path: values.trace,
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'blink',
          'cc',
          'gpu',
          'viz',
          'toplevel',
        ],
      });
    await page.evaluate('window.__graphBench.armed = true');
    await page.getByRole('button', { name: 'Graph view' }).click();
    await page.getByTestId('graph-canvas').locator('canvas').first().waitFor({ timeout: 120_000 });
    for (let i = 0; i < 600; i++) {
      const state = await readState(page);
      if (state.firstDrawAt !== null) break;
      await sleep(50);
    }
    const box = await page.getByTestId('graph-canvas').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -200);
    }
    const deadline = Date.now() + FPS_WINDOW_MS + 5_000;
    for (;;) {
      const state = await readState(page);
      const drawn = state.firstDrawAt;
      const now = z.number().parse(await page.evaluate('performance.now()'));
      if (
        state.settledAt !== null ||
        (drawn !== null && now - drawn > FPS_WINDOW_MS) ||
        Date.now() > deadline
      )
        break;
      await sleep(250);
    }
    await sleep(300); // Long task entries arrive after their task ended.
    const profile = cdp ? topFunctions((await cdp.send('Profiler.stop')).profile, 15) : undefined;
    if (values.trace) await browser.stopTracing();
    const glStats = values['gl-stats']
      ? Object.entries(
          z
            .record(z.string(), z.object({ calls: z.number(), ms: z.number() }))
            .parse(await page.evaluate('window.__graphBenchGl')),
        )
          .sort((a, b) => b[1].ms - a[1].ms || b[1].calls - a[1].calls)
          .filter(([name], i) => i < 12 || name.includes(' @'))
          .map(([name, entry]) => ({ name, calls: entry.calls, ms: round(entry.ms) }))
      : undefined;
    const state = await readState(page);
    const clickAt = state.clickAt ?? NaN;
    const firstDrawAt = state.firstDrawAt ?? NaN;
    const end = Math.min(state.settledAt ?? Infinity, firstDrawAt + FPS_WINDOW_MS, state.frames.at(-1) ?? 0);
    const after = state.longTasks.filter((task) => task.start + task.duration > firstDrawAt);
    const before = state.longTasks.filter((task) => task.start >= clickAt && task.start < firstDrawAt);
    const frames = state.frames.filter((t) => t > firstDrawAt && t <= end).length;
    const sum = (tasks: typeof after) => round(tasks.reduce((total, task) => total + task.duration, 0));
    const longest = (tasks: typeof after) =>
      round(tasks.reduce((max, task) => Math.max(max, task.duration), 0));
    const result = {
      notes,
      first_draw_ms: round(firstDrawAt - clickAt),
      interactive_ms: state.wheelAt === null ? null : round(state.wheelAt - clickAt),
      longest_task_ms: longest(after),
      long_tasks_total_ms: sum(after),
      fps_while_layout: round((frames / Math.max(1, end - firstDrawAt)) * 1000),
      layout_settled_ms: state.settledAt === null ? null : round(state.settledAt - clickAt),
      before_first_draw: { longest_task_ms: longest(before), long_tasks_total_ms: sum(before) },
      targets: GRAPH_VIEW_TARGETS,
      machine: { cpus: os.cpus().length, loadavg: os.loadavg().map(round) },
      ...(profile ? { profile_top_self: profile } : {}),
      ...(glStats ? { webgl_calls: glStats } : {}),
    };
    const json = JSON.stringify(result, null, 2);
    if (values.out) fs.writeFileSync(values.out, `${json}\n`);
    console.log(json);
  } finally {
    await browser.close();
    await host.stop();
    if (!values['data-dir']) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
