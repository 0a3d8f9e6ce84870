#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here, otherwise the web version, so the
// command always ends in a working app. `npm start -- --dev` runs Electron with hot reload.
//
// Electron is checked without require('electron'): that would try to download the binary.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
/** An Electron that dies sooner than this with an error never came up (no display, no sandbox…). */
const EARLY_EXIT_MS = 5_000;

let child = null;
let stopping = false;
// Children run in their own process group and signals go to the whole group: `npm run web` is
// npm → sh → tsx → node, and a signal to npm alone leaves the server running (sh does not pass
// it on). Windows has no process groups (and `detached` would open a console there).
const ownGroup = process.platform !== 'win32';

// Pass Ctrl+C / SIGTERM to whatever runs, and let it shut down (flush the vault) on its own.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true;
    if (!child || child.exitCode !== null) process.exit(128 + constants.signals[signal]);
    try {
      if (ownGroup) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone: its 'exit' is on the way.
    }
  });
}

/** Runs a command with our terminal; resolves with how it ended. */
function run(command, args) {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    child = spawn(command, args, { cwd: root, stdio: 'inherit', detached: ownGroup });
    child.on('error', (error) => resolve({ code: 1, signal: null, ms: Date.now() - startedAt, error }));
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - startedAt }));
  }).finally(() => {
    child = null;
  });
}

function exitLike({ code, signal }) {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1));
}

/** Why Electron cannot run here, or null if it looks runnable. */
function electronUnavailableReason() {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) return existsSync(override) ? null : `ELECTRON_EXEC_PATH (${override}) does not exist`;
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return 'the Electron binary is not installed';
  const binary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `the Electron binary is missing (${path.relative(root, binary)})`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  }
  return null;
}

async function startWeb(reason) {
  console.log(`Quire: ${reason}; starting the web version instead (npm run web).`);
  // Through the npm that runs us, when there is one, so `npm start` and `npm run web` agree.
  const npmCli = process.env.npm_execpath;
  const ended = npmCli?.endsWith('.js')
    ? await run(process.execPath, [npmCli, 'run', 'web'])
    : await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'web']);
  exitLike(ended);
}

async function main() {
  const dev = process.argv.includes('--dev');
  const reason = electronUnavailableReason();
  if (reason) return startWeb(`Electron cannot run (${reason})`);

  let ended;
  if (dev) {
    ended = await run(process.execPath, [electronVite, 'dev']);
  } else {
    const built = await run(process.execPath, [electronVite, 'build']);
    if (stopping || built.code !== 0) return exitLike(built);
    ended = await run(process.execPath, [electronVite, 'preview', '--skipBuild']);
  }
  const failedEarly = !stopping && ended.code !== 0 && ended.ms < EARLY_EXIT_MS;
  if (failedEarly) return startWeb(`Electron exited right away with code ${ended.code ?? ended.signal}`);
  exitLike(ended);
}

await main();
