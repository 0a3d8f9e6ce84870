/**
 * What the editor bench runs inside the page. It is a string, not a function, because bench/ is
 * typechecked without the DOM library (tsconfig.node.json); the values it hands back are checked
 * with zod on the Node side instead.
 *
 * "Painted" means: the rendering step of the frame that follows the change has run. A
 * requestAnimationFrame callback runs just before that step; a MessageChannel message posted from
 * it is handled as the next task, i.e. after style, layout and paint of that frame.
 */
import { z } from 'zod';

export const PAGE_SCRIPT = String.raw`(() => {
  const bench = {
    samples: [], eventEntries: [], eventTiming: false, pending: null, open: null, recording: false, longTasks: [],
  };
  window.__bench = bench;

  const afterPaint = (done) => {
    requestAnimationFrame(() => {
      const frameAt = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now(), frameAt);
      channel.port2.postMessage(0);
    });
  };

  // Event Timing: only events of at least 16 ms are reported (the API's minimum threshold),
  // with durations rounded to 8 ms, so the rAF measure below covers the fast keystrokes.
  try {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name !== 'keydown' && entry.name !== 'keypress') continue;
        bench.eventEntries.push({
          name: entry.name,
          start: entry.startTime,
          duration: entry.duration,
          processing: entry.processingEnd - entry.processingStart,
          interactionId: entry.interactionId || 0,
        });
      }
    });
    observer.observe({ type: 'event', durationThreshold: 16, buffered: true });
    bench.eventTiming = PerformanceObserver.supportedEntryTypes.includes('event');
  } catch (error) {
    bench.eventTiming = false;
  }

  // Long tasks (≥ 50 ms) say how much of a note's opening blocked the main thread.
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    // No Long Tasks API: the open figures simply carry no breakdown.
  }
  bench.longTasksBetween = (from, to) => {
    const inside = bench.longTasks.filter((task) => task.start >= from && task.start < to);
    return {
      total: inside.reduce((sum, task) => sum + task.duration, 0),
      longest: inside.reduce((max, task) => Math.max(max, task.duration), 0),
    };
  };

  // A key either inserts text (an input event follows) or is handled by CodeMirror's keymap in
  // its keydown handler (Backspace, Enter: default prevented, no input). Either way the change is
  // in the DOM once we arm the frame watcher.
  const arm = () => {
    const pending = bench.pending;
    if (!pending || pending.armed) return;
    pending.armed = true;
    afterPaint((now, frameAt) => {
      bench.samples.push({
        key: pending.key,
        start: pending.start,
        painted: now - pending.start,
        frame: frameAt - pending.start,
      });
      wake();
      if (bench.pending === pending) bench.pending = null;
    });
  };
  // Only keys typed into the note's text while recording count (not the search field, nor the
  // keys that move the cursor between bursts).
  const inEditor = (event) => event.target instanceof Element && event.target.closest('.cm-content') !== null;
  window.addEventListener('keydown', (event) => {
    bench.pending = bench.recording && inEditor(event) ? { key: event.key, start: event.timeStamp, armed: false } : null;
  }, true);
  window.addEventListener('keydown', (event) => { if (event.defaultPrevented) arm(); });
  window.addEventListener('input', arm, true);

  // Opening a note: from the click on its row to the first frame painted with its heading.
  window.addEventListener('click', (event) => {
    if (bench.open && bench.open.start === null) bench.open.start = event.timeStamp;
  }, true);

  bench.armOpen = (token, timeoutMs) => {
    const open = { token, start: null, result: null };
    bench.open = open;
    const deadline = performance.now() + timeoutMs;
    const shown = () => {
      const lines = document.querySelectorAll('[data-testid="editor"] .cm-content .cm-line');
      for (let i = 0; i < Math.min(lines.length, 12); i += 1) {
        if ((lines[i].textContent || '').includes(token)) return true;
      }
      return false;
    };
    const frame = () => {
      if (performance.now() > deadline) { open.result = { ms: -1 }; return; }
      if (open.start !== null && shown()) {
        afterPaint((now) => { open.result = { ms: now - open.start, start: open.start, end: now }; });
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  };

  // Waits in the page, resolved from a frame callback: the app's CSP forbids the string
  // evaluation that Playwright's waitForFunction would need.
  const until = (test, timeoutMs) => new Promise((resolve) => {
    const deadline = performance.now() + timeoutMs;
    const frame = () => {
      if (test()) return resolve(true);
      if (performance.now() > deadline) return resolve(false);
      requestAnimationFrame(frame);
    };
    frame();
  });
  // No frame loop while typing (it would keep the page drawing): woken by each new sample.
  const waiters = [];
  bench.untilSamples = (count, timeoutMs) => new Promise((resolve) => {
    if (bench.samples.length >= count) return resolve(true);
    const waiter = { count, resolve };
    waiters.push(waiter);
    setTimeout(() => {
      const index = waiters.indexOf(waiter);
      if (index >= 0) waiters.splice(index, 1);
      resolve(false);
    }, timeoutMs);
  });
  const wake = () => {
    for (const waiter of [...waiters]) {
      if (bench.samples.length < waiter.count) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(true);
    }
  };
  bench.untilOpened = (timeoutMs) => until(() => bench.open && bench.open.result !== null, timeoutMs);

  // Live preview's decorations carry cm-lp-* classes: proof the mode measured is the one asked for.
  bench.livePreviewSeen = () => document.querySelector('[data-testid="editor"] [class*="cm-lp-"]') !== null;

  bench.scrollTo = (fraction) => {
    const scroller = document.querySelector('[data-testid="editor"] .cm-scroller');
    if (!scroller) return false;
    scroller.scrollTop = fraction * (scroller.scrollHeight - scroller.clientHeight);
    return true;
  };

  /** A point just past the end of a visible prose line (the nth, wrapping), or null. */
  bench.pickLine = (nth) => {
    const scroller = document.querySelector('[data-testid="editor"] .cm-scroller');
    if (!scroller) return null;
    const view = scroller.getBoundingClientRect();
    const candidates = [];
    for (const line of document.querySelectorAll('[data-testid="editor"] .cm-content .cm-line')) {
      const rect = line.getBoundingClientRect();
      if (rect.top < view.top + 40 || rect.bottom > view.bottom - 40 || rect.height === 0) continue;
      const text = (line.textContent || '').trim();
      if (text.length > 20 && /^[A-Za-z*~#-]/.test(text)) {
        candidates.push({ x: Math.min(rect.right, view.right - 20) - 4, y: rect.bottom - 6 });
      }
    }
    return candidates.length === 0 ? null : candidates[nth % candidates.length];
  };
})();`;

export const sampleSchema = z.object({
  key: z.string(),
  start: z.number(),
  /** Key to after the frame was painted. */
  painted: z.number(),
  /** Key to the start of that frame (its requestAnimationFrame callbacks). */
  frame: z.number(),
});
export const eventEntrySchema = z.object({
  name: z.string(),
  start: z.number(),
  duration: z.number(),
  /** Time in the event's handlers. */
  processing: z.number(),
  interactionId: z.number(),
});
export const pointSchema = z.object({ x: z.number(), y: z.number() }).nullable();
export const openResultSchema = z
  .object({ ms: z.number(), start: z.number().optional(), end: z.number().optional() })
  .nullable();
export const longTasksSchema = z.object({ total: z.number(), longest: z.number() });

export type KeySample = z.infer<typeof sampleSchema>;
export type EventEntry = z.infer<typeof eventEntrySchema>;

/**
 * Key to painted per keystroke. Event Timing's duration (keydown to the next paint, as the browser
 * presents it) when it reported the keystroke, i.e. when it took ≥ 16 ms, else the rAF measure;
 * a keypress of the same interaction that ends later extends it.
 */
export function keystrokeDurations(
  samples: readonly KeySample[],
  entries: readonly EventEntry[],
): { ms: number[]; fromEventTiming: number } {
  let fromEventTiming = 0;
  const ms = samples.map((sample) => {
    const keydown = entries.find((e) => e.name === 'keydown' && Math.abs(e.start - sample.start) < 0.5);
    if (!keydown) return sample.painted;
    fromEventTiming += 1;
    const sameInteraction = entries.filter(
      (e) => keydown.interactionId !== 0 && e.interactionId === keydown.interactionId,
    );
    const end = Math.max(
      keydown.start + keydown.duration,
      ...sameInteraction.map((e) => e.start + e.duration),
    );
    return end - keydown.start;
  });
  return { ms, fromEventTiming };
}
