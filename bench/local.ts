/**
 * `npm run bench:local -- --notes N [--notes-file FILE.jsonl] --out FILE.json`
 *
 * 1. import: a fresh vault imports N notes (database + search index) and closes.
 * 2. open: a new process (cold: nothing cached in memory) opens the host and reads the first
 *    page of the note list (`open_ms`; `process_start_to_first_page_ms` adds Node's boot and
 *    module loading, which an Electron window pays once before it); then list paging, 200 single-note saves through the tRPC router,
 *    and the resident memory with the vault open.
 * Targets (2 cores): 10k import ≤ 1.5 s; 50k open ≤ 1 s; save p95 ≤ 5 ms; RSS at 50k ≤ 300 MB.
 * 3. `--editor [--renderer-dir DIR]`: also the editor's keystroke and note-open latency in headless
 *    Chromium (bench/editor-latency.ts), added to the same JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { z } from 'zod';
import { createHost } from '../src-main/host';
import { createCallerFactory } from '../src-main/trpc';
import { appRouter } from '../src-main/app-router';
import { createMemorySettingsStore } from '../src-main/settings/settings-store';
import { generateNotes } from './generate-notes';
import { readNotesFile } from './notes-file';

const silent = pino({ level: 'silent' });

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number): number => Math.round(n * 100) / 100;

async function importPhase(dataDir: string, notesCount: number, notesFile: string | undefined) {
  const notes = notesFile ? await readNotesFile(notesFile) : generateNotes(notesCount);
  const host = await createHost({
    dataDir,
    runtime: 'node',
    logger: silent,
    settings: createMemorySettingsStore(),
  });
  const started = performance.now();
  const chunk = 5_000;
  let imported = 0;
  for (let i = 0; i < notes.length; i += chunk) {
    imported += (await host.services.notes.importNotes(notes.slice(i, i + chunk))).imported;
  }
  await host.services.notes.whenIndexed();
  const importMs = performance.now() - started;
  await host.close();
  return { notes: imported, import_ms: round(importMs), ids: notes.map((n) => n.id) };
}

/** Runs in a child process so the open is cold for this process. */
async function openPhase(dataDir: string, sampleIds: string[]) {
  const started = performance.now();
  const host = await createHost({
    dataDir,
    runtime: 'node',
    logger: silent,
    settings: createMemorySettingsStore(),
  });
  const api = createCallerFactory(appRouter)(host.createContext());
  const firstPage = await api.notes.list({ offset: 0, limit: 100 });
  const openMs = performance.now() - started;
  // performance.now() counts from process start: Node boot + loading the modules + the open.
  const processToFirstPageMs = performance.now();

  const listSamples: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const offset = Math.floor((firstPage.total * i) / 20);
    const t0 = performance.now();
    await api.notes.list({ offset, limit: 100 });
    listSamples.push(performance.now() - t0);
  }

  const saves: number[] = [];
  // Like an editor: each save names the version it was typed over (E1), the last one it saw.
  const bases = new Map<string, Awaited<ReturnType<typeof api.notes.get>>>();
  for (const id of new Set(sampleIds.slice(0, 200))) bases.set(id, await api.notes.get({ id }));
  for (let i = 0; i < 200; i += 1) {
    const id = sampleIds[i % sampleIds.length]!;
    const base = bases.get(id)!;
    const t0 = performance.now();
    const { note } = await api.notes.update({
      id,
      base,
      body: `---\ntags: [bench]\n---\n# Edit ${i}\n\n${'text '.repeat(180)}`,
    });
    saves.push(performance.now() - t0);
    bases.set(id, note);
  }
  await host.flush();
  listSamples.sort((a, b) => a - b);
  saves.sort((a, b) => a - b);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await host.close();
  return {
    open_ms: round(openMs),
    process_start_to_first_page_ms: round(processToFirstPageMs),
    first_page_items: firstPage.items.length,
    list_ms: round(percentile(listSamples, 50)),
    save_p50_ms: round(percentile(saves, 50)),
    save_p95_ms: round(percentile(saves, 95)),
    rss_mb: round(rssMb),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      notes: { type: 'string' },
      'notes-file': { type: 'string' },
      out: { type: 'string' },
      'open-phase': { type: 'string' },
      'sample-ids': { type: 'string' },
      editor: { type: 'boolean', default: false },
      'renderer-dir': { type: 'string' },
    },
  });
  if (values['open-phase']) {
    const ids = z.array(z.string()).parse(JSON.parse(values['sample-ids'] ?? '[]'));
    process.stdout.write(JSON.stringify(await openPhase(values['open-phase'], ids)) + '\n');
    return;
  }
  const args = z
    .object({
      notes: z.coerce.number().int().min(1).max(1_000_000),
      out: z.string().optional(),
      notesFile: z.string().optional(),
    })
    .parse({ notes: values.notes ?? '10000', out: values.out, notesFile: values['notes-file'] });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-'));
  try {
    const imported = await importPhase(dataDir, args.notes, args.notesFile);
    const sample = imported.ids
      .filter((_, i) => i % Math.max(1, Math.floor(imported.ids.length / 200)) === 0)
      .slice(0, 200);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--open-phase',
        dataDir,
        '--sample-ids',
        JSON.stringify(sample),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`open phase failed with exit code ${code}`);
    const opened = JSON.parse(output.trim().split('\n').pop()!) as Record<string, number>;
    const result = {
      notes: imported.notes,
      import_ms: imported.import_ms,
      ...opened,
      // Loaded only when asked: the open phase's child runs this file, and Playwright's modules
      // would add to its process_start_to_first_page_ms.
      ...(values.editor
        ? await (
            await import('./editor-latency')
          ).runEditorLatency({
            rendererDir: values['renderer-dir'],
            keystrokes: 200,
            opens: 20,
            profile: false,
            editorMode: 'live',
          })
        : {}),
      machine: { cpus: os.cpus().length, node: process.version, platform: process.platform },
      date: new Date().toISOString(),
    };
    const json = JSON.stringify(result, null, 2);
    console.log(json);
    if (args.out) {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(args.out, json + '\n');
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
