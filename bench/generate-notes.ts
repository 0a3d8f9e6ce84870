import type { Note } from '../src-shared/schema/note';

const WORDS =
  'local first markdown note vault sync merge graph link backlink idea project meeting draft review plan release bug design research reading journal garden archive template outline summary decision risk metric goal task'.split(
    ' ',
  );

/** Deterministic PRNG so every run imports the same vault. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ~1 KB Markdown notes with frontmatter, headings, wikilinks to other notes and tags. */
export function generateNotes(count: number, seed = 42): Note[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const sentence = (): string => {
    const words = Array.from({ length: 8 + Math.floor(random() * 8) }, () => pick(WORDS));
    return words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
  };
  const start = 1_700_000_000_000;
  const notes: Note[] = [];
  for (let i = 0; i < count; i += 1) {
    const tags = [pick(WORDS), pick(WORDS)].filter((t, idx, all) => all.indexOf(t) === idx);
    const title = `${pick(WORDS)} ${pick(WORDS)} ${i}`;
    const links = Array.from(
      { length: 3 },
      () => `[[${pick(WORDS)} ${pick(WORDS)} ${Math.floor(random() * count)}]]`,
    );
    const paragraphs: string[] = [];
    while (paragraphs.join('\n\n').length < 800)
      paragraphs.push(Array.from({ length: 3 }, sentence).join(' '));
    const body = [
      '---',
      `tags: [${tags.join(', ')}]`,
      'status: draft',
      `updated: ${new Date(start + i * 60_000).toISOString().slice(0, 10)}`,
      '---',
      '',
      `# ${title}`,
      '',
      paragraphs.join('\n\n'),
      '',
      `See also ${links.join(', ')}.`,
      '',
    ].join('\n');
    const updatedAt = start + i * 60_000;
    notes.push({
      id: `bench-${i}`,
      title,
      body,
      tags,
      folder: '',
      createdAt: updatedAt,
      updatedAt,
      trashedAt: 0,
      needsReview: false,
    });
  }
  return notes;
}
