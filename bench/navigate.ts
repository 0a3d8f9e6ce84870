/**
 * `npm run bench:navigate -- --notes N --out FILE.json`
 *
 * On a generated vault with power-law links (bench/navigate-vault.ts; the hub note has 1,000
 * backlinks in every link form), through the same tRPC router the window calls:
 * - reindex_ms: the search and link indexes deleted, then rebuilt from the notes on open;
 * - query_p50_ms / query_p95_ms: 100 mixed queries in the search syntax;
 * - backlinks_p95_ms: the backlinks of 100 notes, the most linked first;
 * - switcher_p95_ms: 100 quick-switcher queries (prefixes, words, fuzzy, paths);
 * - rename_ms: renaming the hub (1,000 backlinks rewritten as one operation), until indexed;
 * - keystroke_p95_ms: 50 one-character edits of the hub, each from the call to saved and indexed;
 * - graph_layout_ms: the vault graph from the link index laid out by ForceAtlas2 (the layout the
 *   graph view runs in its worker), for the nodes the view draws at most.
 * Targets at 50,000 notes on 2 cores: query p95 ≤ 20, backlinks p95 ≤ 5, switcher p95 ≤ 10,
 * reindex ≤ 10 s, rename ≤ 2 s, keystroke p95 ≤ 16 (ms).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { z } from 'zod';
import { createHost, type Host } from '../src-main/host';
import { createCallerFactory } from '../src-main/trpc';
import { appRouter } from '../src-main/app-router';
import { createMemorySettingsStore } from '../src-main/settings/settings-store';
import { layoutGraph } from '../src-shared/graph/graph-layout';
import { generateNavigateVault, HUB_ID, navigateQueries, type NavigateVault } from './navigate-vault';

const silent = pino({ level: 'silent' });
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number): number => Math.round(n * 100) / 100;
const sortedCopy = (values: number[]): number[] => [...values].sort((a, b) => a - b);

async function openHost(dataDir: string): Promise<Host> {
  return createHost({ dataDir, runtime: 'node', logger: silent, settings: createMemorySettingsStore() });
}

async function timed<T>(samples: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  samples.push(performance.now() - started);
  return result;
}

async function importVault(dataDir: string, vault: NavigateVault): Promise<void> {
  const host = await openHost(dataDir);
  try {
    for (let i = 0; i < vault.notes.length; i += 5_000)
      await host.services.notes.importNotes(vault.notes.slice(i, i + 5_000));
    await host.flush();
  } finally {
    await host.close();
  }
}

/** The derived stores of the data directory: deleting them makes the next open rebuild them. */
function deleteIndexes(dataDir: string): void {
  for (const name of fs.readdirSync(path.join(dataDir, 'db'))) {
    if (/^(search|links)\.sqlite/.test(name)) fs.rmSync(path.join(dataDir, 'db', name), { force: true });
  }
}

function switcherQueries(vault: NavigateVault): string[] {
  const titles = [...vault.byId.values()];
  return Array.from({ length: 100 }, (_, i) => {
    const { title, folder } = titles[(i * 7919) % titles.length]!;
    switch (i % 4) {
      case 0:
        return title.slice(0, 4);
      case 1:
        return title.split(' ').slice(0, 2).join(' ');
      case 2:
        return `${folder.split('/')[0]}/${title.slice(0, 3)}`;
      default:
        // Fuzzy: every other letter of the first word.
        return [...title.split(' ')[0]!].filter((_, k) => k % 2 === 0).join('');
    }
  });
}

async function measure(dataDir: string, vault: NavigateVault) {
  deleteIndexes(dataDir);
  const reindexStarted = performance.now();
  const host = await openHost(dataDir);
  await host.flush();
  const reindexMs = performance.now() - reindexStarted;
  try {
    const api = createCallerFactory(appRouter)(host.createContext());

    const queries: number[] = [];
    let queryHits = 0;
    for (const query of navigateQueries(vault)) {
      const result = await timed(queries, () => api.notes.search({ query, limit: 50 }));
      queryHits += result.total;
    }

    // The most linked notes first (power law: ids 1, 2, 3… receive the most links), then a spread.
    const backlinkIds = [
      HUB_ID,
      ...Array.from({ length: 99 }, (_, i) => `nav-${i < 20 ? i + 1 : (i * 977) % vault.notes.length}`),
    ];
    const backlinks: number[] = [];
    let hubBacklinks = 0;
    for (const id of backlinkIds) {
      const result = await timed(backlinks, () => api.linkIndex.backlinks({ id, limit: 100 }));
      if (id === HUB_ID) hubBacklinks = result.total;
    }

    const switcher: number[] = [];
    for (const query of switcherQueries(vault))
      await timed(switcher, () => api.links.suggest({ query, limit: 20 }));

    // A one-character edit of the hub, as the editor saves it: from the call to saved and indexed.
    const keystrokes: number[] = [];
    let base = await api.notes.get({ id: HUB_ID });
    for (let i = 0; i < 50; i += 1) {
      const started = performance.now();
      const { note } = await api.notes.update({ id: HUB_ID, base, body: `${base.body}x` });
      await host.flush();
      keystrokes.push(performance.now() - started);
      base = note;
    }

    const renameStarted = performance.now();
    const renamed = await api.refactor.renameNote({ id: HUB_ID, title: 'Quire roadmap 2027' });
    await host.flush();
    const renameMs = performance.now() - renameStarted;

    const graph = await api.linkIndex.graph({ scope: 'vault', limit: 20_000 });
    const layoutStarted = performance.now();
    layoutGraph(graph, { iterations: 100, seed: 1 });
    const graphLayoutMs = performance.now() - layoutStarted;

    const q = sortedCopy(queries);
    return {
      notes: vault.notes.length,
      reindex_ms: round(reindexMs),
      query_p50_ms: round(percentile(q, 50)),
      query_p95_ms: round(percentile(q, 95)),
      backlinks_p95_ms: round(percentile(sortedCopy(backlinks), 95)),
      switcher_p95_ms: round(percentile(sortedCopy(switcher), 95)),
      rename_ms: round(renameMs),
      keystroke_p95_ms: round(percentile(sortedCopy(keystrokes), 95)),
      graph_layout_ms: round(graphLayoutMs),
      checks: {
        query_hits: queryHits,
        hub_backlinks: hubBacklinks,
        rename_notes_changed: renamed.notesChanged,
        rename_links_rewritten: renamed.linksRewritten,
        graph_nodes: graph.nodes.length,
        graph_edges: graph.edges.length,
        graph_layout_iterations: 100,
      },
    };
  } finally {
    await host.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { notes: { type: 'string' }, out: { type: 'string' } } });
  const args = z
    .object({ notes: z.coerce.number().int().min(1_100).max(200_000), out: z.string().optional() })
    .parse({ notes: values.notes ?? '10000', out: values.out });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-navigate-'));
  try {
    const vault = generateNavigateVault(args.notes);
    await importVault(dataDir, vault);
    const result = {
      ...(await measure(dataDir, vault)),
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
