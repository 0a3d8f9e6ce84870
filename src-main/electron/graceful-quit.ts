import { app } from 'electron';
import { withTimeout, type ShellLog } from './shell-log';

/**
 * Quitting waits for `shutdown` (save pending edits, flush and close the host) before the process
 * exits: the first `before-quit` is cancelled, shutdown runs once, then the app quits for real.
 * Bounded, so a stuck step cannot keep a zombie app around; the database is written
 * synchronously, so the bound only risks a search index that catches up on next start.
 */
export function installGracefulQuit(options: {
  shutdown: () => Promise<void>;
  timeoutMs: number;
  log: ShellLog;
}): void {
  let phase: 'running' | 'stopping' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    void withTimeout(options.shutdown(), options.timeoutMs, 'Shutting down')
      .catch((error: unknown) => options.log.error({ err: error }, 'Quire did not shut down cleanly'))
      .finally(() => {
        phase = 'done';
        app.quit();
      });
  });
  // A terminal's Ctrl+C or a service manager's SIGTERM takes the same careful path.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}
