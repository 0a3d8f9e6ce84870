import type { Note } from '../src-shared/schema/note';

/**
 * A generated vault shaped like a real one for `bench:navigate`: nested folders, titles that
 * repeat across folders, aliases, tags, headings, block ids, a little CJK, accented and emoji
 * text, and links whose targets follow a power law (Zipf, s ≈ 1): most notes have a handful of
 * backlinks, a few have thousands. Note 0 (`HUB_ID`) is linked from exactly `HUB_BACKLINKS`
 * other notes in every link form, so the rename and keystroke figures are for a note with
 * 1,000 backlinks whatever N is.
 */
export const HUB_ID = 'nav-0';
export const HUB_TITLE = 'Quire roadmap';
export const HUB_BACKLINKS = 1_000;

const WORDS =
  'local first markdown note vault sync merge graph link backlink idea project meeting draft review plan release bug design research reading journal garden archive template outline summary decision risk metric goal task café naïve résumé'.split(
    ' ',
  );
const CJK = ['日本語のテキスト', '中文笔记', '지식 관리', '東京の会議'];
const EMOJI = ['🚀', '🌱', '✅', '📚'];
const TOP_FOLDERS = ['Projects', 'Areas', 'Resources', 'Archive', 'Journal', 'People', 'Meetings', 'Ideas'];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface NavigateVault {
  notes: Note[];
  /** Each note's title and folder by id, for building queries and picking targets. */
  byId: Map<string, { title: string; folder: string }>;
}

export function generateNavigateVault(count: number, seed = 7): NavigateVault {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Zipf over ranks 1..count by inverse transform on the harmonic approximation: P(rank ≤ k) ≈ ln k / ln N.
  const zipf = (): number => Math.min(count - 1, Math.floor(Math.exp(random() * Math.log(count))) - 1);
  const sentence = (): string =>
    Array.from({ length: 8 + Math.floor(random() * 8) }, () => pick(WORDS))
      .join(' ')
      .replace(/^./, (c) => c.toUpperCase()) + '.';

  const meta: { title: string; folder: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const top = pick(TOP_FOLDERS);
    const depth = Math.floor(random() * 3);
    const folder =
      depth === 0 ? top : depth === 1 ? `${top}/${pick(WORDS)}` : `${top}/${pick(WORDS)}/${pick(WORDS)}`;
    // Titles repeat every 5,000 notes, so bare [[Title]] links meet ambiguous names as in real vaults.
    const title = i === 0 ? HUB_TITLE : `${pick(WORDS)} ${pick(WORDS)} ${i % 5_000}`;
    meta.push({ title, folder: i === 0 ? 'Projects' : folder });
  }
  const linkTo = (target: number, from: number): string => {
    const t = meta[target]!;
    switch (Math.floor(random() * 6)) {
      case 0:
        return `[[${t.folder}/${t.title}]]`;
      case 1:
        return `[[${t.folder}/${t.title}|${pick(WORDS)}]]`;
      case 2:
        return `[[${t.folder}/${t.title}#Summary]]`;
      case 3:
        return `![[${t.folder}/${t.title}#^b${target}]]`;
      case 4: {
        const up = meta[from]!.folder.split('/').map(() => '..');
        return `[${pick(WORDS)}](${[...up, ...t.folder.split('/'), `${t.title}.md`].join('/').replaceAll(' ', '%20')})`;
      }
      default:
        return `[[${t.folder}/${t.title}]]`;
    }
  };

  const notes: Note[] = [];
  const byId = new Map<string, { title: string; folder: string }>();
  const start = 1_700_000_000_000;
  // Every note in 1..HUB_BACKLINKS links to the hub once; none of the rest do.
  for (let i = 0; i < count; i += 1) {
    const { title, folder } = meta[i]!;
    const targets = new Set<number>();
    const outgoing = 2 + Math.floor(random() * 5);
    while (targets.size < outgoing) {
      const target = zipf() + 1;
      if (target !== i && target < count) targets.add(target);
      if (count < 4) break;
    }
    const links = [...targets].map((target) => linkTo(target, i));
    if (i >= 1 && i <= HUB_BACKLINKS && i < count) links.push(linkTo(0, i));
    const tags = [pick(WORDS), `${pick(TOP_FOLDERS).toLowerCase()}/${pick(WORDS)}`];
    const aliasLine = random() < 0.1 ? `aliases: [${pick(WORDS)} alias ${i}]\n` : '';
    const paragraphs: string[] = [];
    while (paragraphs.join('\n\n').length < 700)
      paragraphs.push(Array.from({ length: 3 }, sentence).join(' '));
    if (random() < 0.05) paragraphs.push(`${pick(CJK)} ${pick(EMOJI)} ${sentence()}`);
    const body = [
      '---',
      `tags: [${tags.join(', ')}]`,
      aliasLine.trimEnd(),
      '---',
      '',
      `# ${title}`,
      '',
      paragraphs.join('\n\n'),
      '',
      '## Summary',
      '',
      `${sentence()} ^b${i}`,
      '',
      `See also ${links.join(', ')}.`,
      '',
    ]
      .filter((line, index) => !(index === 2 && line === ''))
      .join('\n');
    const updatedAt = start + i * 60_000;
    const id = `nav-${i}`;
    byId.set(id, { title, folder });
    notes.push({
      id,
      title,
      body,
      tags: [...new Set(tags)],
      folder,
      createdAt: updatedAt,
      updatedAt,
      trashedAt: 0,
      needsReview: false,
    });
  }
  return { notes, byId };
}

/** 100 queries mixing the search syntax: words, prefixes, phrases, tag:, path:, title:, -, OR, CJK, accents, emoji. */
export function navigateQueries(vault: NavigateVault, seed = 11): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const kinds: (() => string)[] = [
    () => pick(WORDS),
    () => `${pick(WORDS)} ${pick(WORDS).slice(0, 3)}`,
    () => `"${pick(WORDS)} ${pick(WORDS)}"`,
    () => `tag:${pick(TOP_FOLDERS).toLowerCase()} ${pick(WORDS)}`,
    () => `path:${pick(TOP_FOLDERS)} ${pick(WORDS)}`,
    () => `title:${pick(WORDS)}`,
    () => `${pick(WORDS)} -${pick(WORDS)}`,
    () => `${pick(WORDS)} OR ${pick(WORDS)}`,
    () => pick(CJK).slice(0, 3),
    () => pick(['cafe', 'café', 'naive', 'resume']),
    () => pick(EMOJI),
    () => `folder:${pick(TOP_FOLDERS)} -tag:${pick(WORDS)} "${pick(WORDS)}"`,
  ];
  void vault;
  return Array.from({ length: 100 }, (_, i) => kinds[i % kinds.length]!());
}
