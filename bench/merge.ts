/**
 * `npm run bench:merge -- [--runs 5] [--out FILE.json]`
 *
 * The 3-way merge (rule M6) on the large, repetitive notes that once made node-diff3 quadratic:
 * the same inputs as the M6 tests of tests/unit/merge-note.test.ts and merge-words.test.ts, which
 * check what these merges produce; here only how long they take (median and slowest of `--runs`,
 * after one warm-up run).
 * Target (2 cores): every case ≤ 3 s, the bound those tests used to assert.
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { extractTags } from '../src-shared/markdown/frontmatter';
import { mergeNotes } from '../src-shared/sync/merge';
import { mergeWords } from '../src-shared/sync/merge/merge-words';
import type { ReplicatedNote } from '../src-shared/sync/protocol';

const TARGET_MS = 3_000;
const T0 = 1_700_000_000_000;
const LABELS = { ours: 'this device', theirs: 'other device' };

function note(body: string): ReplicatedNote {
  return {
    id: 'note-1',
    title: 'Bench',
    body,
    tags: extractTags(body),
    folder: '',
    createdAt: T0,
    updatedAt: T0 + 1_000,
    trashedAt: 0,
    needsReview: false,
    _deleted: false,
  };
}

function edit(from: ReplicatedNote, body: string, updatedAt: number): ReplicatedNote {
  return { ...from, body, tags: extractTags(body), updatedAt };
}

/** A merge of three bodies, as the tests' helpers do it. */
function notes(base: string, ours: string, theirs: string): () => unknown {
  const baseNote = note(base);
  const input = {
    base: baseNote,
    ours: edit(baseNote, ours, T0 + 5_000),
    theirs: edit(baseNote, theirs, T0 + 6_000),
    labels: LABELS,
  };
  return () => mergeNotes(input);
}

function words(base: string, ours: string, theirs: string): () => unknown {
  const [b, o, t] = [base, ours, theirs].map((text) => text.split('\n'));
  return () => mergeWords(b!, o!, t!);
}

const distinct = `# Title\n${Array.from({ length: 20_000 }, (_, i) => `w${i}`).join(' ')}\n`;
const la = `${'la '.repeat(20_000)}\n`;
const blankLines = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 0 ? '' : `Paragraph ${i}.`)).join(
  '\n',
);
const table = '| a | b |\n|---|---|\n'.repeat(4_000);
const laLine = 'la '.repeat(20_000);

/** Name → the merge to time; the names are the tests' names. */
const CASES: Record<string, () => unknown> = {
  'long paragraph of distinct words edited at both ends': notes(
    distinct,
    distinct.replace('w3 ', 'w3 ours '),
    distinct.replace(' w19996', ' theirs w19996'),
  ),
  'long repetitive paragraph edited at both ends': notes(
    la,
    la.replace('la ', 'ours '),
    `${la.slice(0, -4)}theirs \n`,
  ),
  'long paragraph too repetitive to align word by word': notes(
    la,
    `ours ${'la '.repeat(19_998)}ours \n`,
    `${'la '.repeat(10_000)}theirs ${'la '.repeat(9_999)}\n`,
  ),
  'long note full of blank lines': notes(
    blankLines,
    blankLines.replace('Paragraph 1.\n', 'Paragraph 1 (ours).\n'),
    blankLines.replace('Paragraph 11998.', 'Paragraph 11998 (theirs).'),
  ),
  'text too repetitive to align, both ends changed': notes(
    table,
    `| ours | x |\n${table}| ours | z |\n`,
    `${table}| theirs | y |\n`,
  ),
  'repetitive text edited only at its two ends': notes(
    table,
    `| ours | x |\n${table}`,
    `${table}| theirs | y |\n`,
  ),
  'mergeWords: long line too repetitive to align': words(
    laLine,
    `X${laLine.slice(2, -3)}X `,
    `${'la '.repeat(10_000)}Y ${'la '.repeat(9_999)}`,
  ),
};

const round = (n: number): number => Math.round(n * 100) / 100;

function time(run: () => unknown, runs: number): { median_ms: number; max_ms: number } {
  run(); // warm-up: JIT and caches, as a long-running host would have them
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median_ms: round(samples[Math.floor(samples.length / 2)]!), max_ms: round(samples.at(-1)!) };
}

function main(): void {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, out: { type: 'string' } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

  const cases: Record<string, { median_ms: number; max_ms: number; within_target: boolean }> = {};
  for (const [name, run] of Object.entries(CASES)) {
    const timing = time(run, runs);
    cases[name] = { ...timing, within_target: timing.max_ms <= TARGET_MS };
    console.error(`${name}: median ${timing.median_ms} ms, max ${timing.max_ms} ms`);
  }
  const result = {
    runs,
    target_ms: TARGET_MS,
    cases,
    machine: { cpus: os.cpus().length, node: process.version, platform: process.platform },
    date: new Date().toISOString(),
  };
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (values.out) fs.writeFileSync(values.out, json);
  else process.stdout.write(json);
  if (Object.values(cases).some((c) => !c.within_target)) process.exitCode = 1;
}

main();
