/**
 * A CPU profile of the page's main thread while keys are typed (CDP Profiler, only during the
 * bursts of keys, not while the bench moves the cursor), summed into self time per function, for
 * whoever makes the editor faster: where a keystroke's time goes. "(program)" is the browser's
 * native work (style, layout, paint); the Performance counters split it per key.
 */
import type { Page } from '@playwright/test';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({
        functionName: z.string(),
        url: z.string(),
        lineNumber: z.number(),
      }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()).optional(),
  timeDeltas: z.array(z.number()).optional(),
});

export interface ProfileRow {
  function: string;
  /** Source file (path inside the bundle's origin, or node_modules package) and 1-based line. */
  at: string;
  self_ms: number;
  /** Share of the main thread's busy (non-idle) time while typing. */
  self_pct: number;
  /** The caller under which most of that self time was spent: who to ask to call it less. */
  caller: string;
}

export interface MainThreadPerKey {
  /** Chromium's own counters (CDP Performance.getMetrics), per key typed (or note opened), in ms. */
  task_ms: number;
  script_ms: number;
  layout_ms: number;
  style_ms: number;
}

const shortUrl = (url: string): string => {
  if (url === '') return '';
  const file = url.replace(/^https?:\/\/[^/]+\//, '');
  return file.length > 60 ? `…${file.slice(-59)}` : file;
};

export interface KeystrokeProfiler {
  /** Samples from now until `pause`; call around each burst of keys only. */
  resume: () => Promise<void>;
  pause: () => Promise<void>;
  /** The functions with the most self time over all bursts; ends the session. */
  finish(keys: number, top?: number): Promise<{ top: ProfileRow[]; perKey: MainThreadPerKey }>;
}

export async function keystrokeProfiler(page: Page): Promise<KeystrokeProfiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  // 100 µs: a keystroke of a few milliseconds still gets dozens of samples.
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Performance.enable');
  const self = new Map<string, { fn: string; at: string; us: number; callers: Map<string, number> }>();
  let total = 0;
  const counters = { TaskDuration: 0, ScriptDuration: 0, LayoutDuration: 0, RecalcStyleDuration: 0 };
  type Counter = keyof typeof counters;
  let countersAtResume: Record<string, number> = {};
  const readCounters = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]),
    );

  const add = (profile: unknown): void => {
    const parsed = profileSchema.parse(profile);
    const byNode = new Map(parsed.nodes.map((node) => [node.id, node.callFrame]));
    const parentOf = new Map<number, number>();
    for (const node of parsed.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const name = (id: number | undefined): string => {
      const frame = id === undefined ? undefined : byNode.get(id);
      return frame ? frame.functionName || '(anonymous)' : '(root)';
    };
    const samples = parsed.samples ?? [];
    const deltas = parsed.timeDeltas ?? [];
    // timeDeltas[i] is the time before sample i; it belongs to the sample before it.
    for (let i = 0; i + 1 < samples.length; i += 1) {
      const frame = byNode.get(samples[i]!);
      const us = deltas[i + 1] ?? 0;
      // Idle time is the gaps between keys: left out of the shares, which are of busy time.
      if (!frame || frame.functionName === '(idle)') continue;
      total += us;
      const fn = frame.functionName || '(anonymous)';
      const at = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
      const key = `${fn}@${at}`;
      const row = self.get(key) ?? { fn, at, us: 0, callers: new Map<string, number>() };
      row.us += us;
      const caller = name(parentOf.get(samples[i]!));
      row.callers.set(caller, (row.callers.get(caller) ?? 0) + us);
      self.set(key, row);
    }
  };

  return {
    resume: async () => {
      countersAtResume = await readCounters();
      await cdp.send('Profiler.start');
    },
    pause: async () => {
      add((await cdp.send('Profiler.stop')).profile);
      const now = await readCounters();
      for (const key of Object.keys(counters) as Counter[])
        counters[key] += (now[key] ?? 0) - (countersAtResume[key] ?? 0);
    },
    async finish(keys, top = 20) {
      await cdp.detach();
      // The counters are in seconds.
      const perKey = (key: Counter): number => Math.round((counters[key] * 1e5) / Math.max(1, keys)) / 100;
      const rows = [...self.values()]
        .sort((a, b) => b.us - a.us)
        .slice(0, top)
        .map((row) => ({
          function: row.fn,
          at: row.at,
          self_ms: Math.round(row.us / 10) / 100,
          self_pct: total === 0 ? 0 : Math.round((row.us / total) * 1000) / 10,
          caller: [...row.callers.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
        }));
      return {
        top: rows,
        perKey: {
          task_ms: perKey('TaskDuration'),
          script_ms: perKey('ScriptDuration'),
          layout_ms: perKey('LayoutDuration'),
          style_ms: perKey('RecalcStyleDuration'),
        },
      };
    },
  };
}
