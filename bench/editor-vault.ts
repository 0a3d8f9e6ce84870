/**
 * The editor bench's vault: 300 ordinary notes (bench/generate-notes.ts) for the links to point
 * at, the 5,000-line note typed into, two 1 MB notes and a small one to switch between.
 */
import pino from 'pino';
import { createHost } from '../src-main/host';
import { createMemorySettingsStore } from '../src-main/settings/settings-store';
import type { Note } from '../src-shared/schema/note';
import { generateNotes } from './generate-notes';
import { realisticMarkdown } from './editor-markdown';

export const BIG = [
  { id: 'editor-1mb-a', title: 'Editor bench 1MB A', token: 'openTokenAlpha', seed: 11 },
  { id: 'editor-1mb-b', title: 'Editor bench 1MB B', token: 'openTokenBravo', seed: 12 },
] as const;
export const SMALL = { id: 'editor-small', title: 'Editor bench small', token: 'openTokenSmall', seed: 13 };
export const TYPING = { id: 'editor-5k', title: 'Editor bench 5k lines', token: 'typingToken5k', seed: 10 };

function vaultNotes(): Note[] {
  const filler = generateNotes(300);
  const targets = filler.map((n) => n.title);
  // Newer than every filler note, so all four sit at the top of the note list.
  const at = 1_800_000_000_000;
  const note = (spec: { id: string; title: string }, body: string, i: number): Note => ({
    id: spec.id,
    title: spec.title,
    body,
    tags: ['bench'],
    folder: '',
    createdAt: at + i,
    updatedAt: at + i,
    trashedAt: 0,
    needsReview: false,
  });
  const big = BIG.map((spec, i) =>
    note(spec, realisticMarkdown({ ...spec, maxChars: 990_000, links: 600, linkTargets: targets }), i),
  );
  return [
    ...filler,
    ...big,
    note(SMALL, realisticMarkdown({ ...SMALL, lines: 40, links: 3, linkTargets: targets }), 2),
    note(TYPING, realisticMarkdown({ ...TYPING, lines: 5_000, links: 200, linkTargets: targets }), 3),
  ];
}

export async function seedVault(dataDir: string): Promise<void> {
  const host = await createHost({
    dataDir,
    runtime: 'node',
    logger: pino({ level: 'silent' }),
    settings: createMemorySettingsStore(),
  });
  try {
    await host.services.notes.importNotes(vaultNotes());
    await host.flush();
  } finally {
    await host.close();
  }
}

/** Clicks a note's row and returns click → first frame painted with the note's heading (ms). */
