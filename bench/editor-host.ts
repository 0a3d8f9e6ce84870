/**
 * The editor bench's processes: the web host (src-main/cli/web.ts) on a prepared vault, the editor
 * mode chosen through the host's API, and headless Chromium on the page with the bench's script.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { openWebHostSession } from '../tests/support/web-host-session';
import type { AppRouter } from '../src-main/app-router';
import { PAGE_SCRIPT } from './editor-page';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export interface WebHost {
  url: string;
  stop(): Promise<void>;
}

/** `src-main/cli/web.ts` as its own process, as `npm run web` runs it. */
export async function startWebHost(dataDir: string, rendererDir: string): Promise<WebHost> {
  const script = path.join(ROOT, 'src-main/cli/web.ts');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      script,
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--renderer-dir',
      rendererDir,
      '--secrets',
      'memory',
    ],
    { cwd: ROOT, env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start in 60 s:\n${stderr}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Quire is running at (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`web host exited:\n${stderr}`));
    });
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

/**
 * Live preview when this build knows the preference: set through the host's own API (the renderer
 * reads preferences from the host when it starts). Returns the mode the host then reports.
 */
export async function chooseEditorMode(url: string, mode: 'live' | 'source'): Promise<string> {
  // The printed link carries the launch key; the socket needs its cookie and the host's Origin (W2).
  const session = await openWebHostSession(url);
  const socket = createWSClient({
    url: new URL('trpc', url.replace(/^http/, 'ws')).toString(),
    WebSocket: session.WebSocket as never,
  });
  try {
    const api = createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] });
    const before: Record<string, unknown> = await api.settings.preferences.query();
    if (!('editorMode' in before)) return 'source (no editorMode preference in this build)';
    // Typed loosely on purpose: the bench must also compile before the preference exists.
    const patch: Record<string, unknown> = { editorMode: mode, previewOpen: false };
    const after: Record<string, unknown> = await api.settings.updatePreferences.mutate(patch);
    return String(after.editorMode);
  } finally {
    await socket.close();
  }
}

export async function openApp(url: string, rendererDir: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({ content: PAGE_SCRIPT });
  await page.goto(url);
  await page.getByRole('listbox', { name: 'Notes' }).waitFor({ timeout: 30_000 });
  return { browser, page, rendererDir };
}
