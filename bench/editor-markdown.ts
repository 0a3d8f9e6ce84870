/**
 * Deterministic "realistic" Markdown for the editor bench (bench/editor-latency.ts): frontmatter,
 * headings, paragraphs with emphasis and inline code, lists, tasks, quotes, fenced code in a few
 * languages, tables and [[wikilinks]] to other notes of the vault.
 *
 * Lines that end with a link start with "Related:", so the bench can find one on screen in any
 * editor mode (a live preview may hide the brackets, never the words).
 */

const WORDS =
  'local first markdown note vault sync merge graph link backlink idea project meeting draft review plan release bug design research reading journal garden archive template outline summary decision risk metric goal task editor preview widget cursor'.split(
    ' ',
  );

export const RELATED_PREFIX = 'Related:';

/** Same PRNG as bench/generate-notes.ts, so a given seed always yields the same note. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MarkdownSpec {
  /** A word that appears only in this note's H1 (line 6), to tell when it is on screen. */
  token: string;
  title: string;
  /** Stop after this many lines, or… */
  lines?: number;
  /** …once the text is about this long (characters). */
  maxChars?: number;
  /** How many [[links]] to spread evenly over the note. */
  links: number;
  /** Titles of notes that exist in the vault: links point at them. */
  linkTargets: readonly string[];
  seed: number;
}

export function realisticMarkdown(spec: MarkdownSpec): string {
  const random = mulberry32(spec.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const word = (): string => pick(WORDS);
  const link = (): string => {
    const target = pick(spec.linkTargets);
    const roll = random();
    if (roll < 0.15) return `[[${target}|${word()} ${word()}]]`;
    if (roll < 0.25) return `[[${target}#Summary]]`;
    return `[[${target}]]`;
  };
  const inline = (): string => {
    const roll = random();
    if (roll < 0.12) return `**${word()} ${word()}**`;
    if (roll < 0.24) return `*${word()}*`;
    if (roll < 0.32) return `\`${word()}()\``;
    if (roll < 0.35) return `~~${word()}~~`;
    return word();
  };
  const sentence = (): string => {
    const words = Array.from({ length: 6 + Math.floor(random() * 10) }, inline);
    return words.join(' ').replace(/^[a-z]/, (c) => c.toUpperCase()) + '.';
  };

  const target = spec.lines ?? Number.POSITIVE_INFINITY;
  const maxChars = spec.maxChars ?? Number.POSITIVE_INFINITY;
  const out: string[] = [
    '---',
    `title: ${spec.title}`,
    `tags: [bench, ${word()}]`,
    'status: draft',
    '---',
    `# ${spec.title} ${spec.token}`,
    '',
  ];
  let chars = out.join('\n').length;
  let linksLeft = spec.links;
  // Links are due every `linkEvery` lines; with maxChars the line count is estimated (~62 chars/line).
  const estimatedLines = Number.isFinite(target) ? target : maxChars / 62;
  const linkEvery = Math.max(1, Math.floor(estimatedLines / Math.max(1, spec.links)));
  let nextLinkAt = out.length + Math.floor(linkEvery / 2);
  let section = 0;
  let tables = 0;
  const tableEvery = Math.max(1, Math.floor(estimatedLines / 2.5));

  const push = (line: string): boolean => {
    if (out.length >= target || chars + line.length + 1 > maxChars) return false;
    // A link is due: this line carries it (mid-sentence) or a "Related:" line ends with it.
    // Only prose carries links: not headings, fences, code or table rows.
    const paragraph = /^[A-Z]/.test(line);
    if (linksLeft > 0 && out.length >= nextLinkAt && (paragraph || /^(- |> |\d+\. )/.test(line))) {
      linksLeft -= 1;
      nextLinkAt += linkEvery;
      line =
        paragraph && random() < 0.5 ? `${RELATED_PREFIX} ${link()}` : `${line.slice(0, -1)}, see ${link()}.`;
    }
    out.push(line);
    chars += line.length + 1;
    return true;
  };

  const blocks: (() => string[])[] = [
    () => [sentence() + ' ' + sentence(), ''],
    () => [sentence() + ' ' + sentence() + ' ' + sentence(), ''],
    () => [...Array.from({ length: 3 + Math.floor(random() * 4) }, () => `- ${sentence()}`), ''],
    () => [
      ...Array.from(
        { length: 2 + Math.floor(random() * 4) },
        () => `- [${random() < 0.4 ? 'x' : ' '}] ${sentence()}`,
      ),
      '',
    ],
    () => [...Array.from({ length: 3 }, (_, i) => `${i + 1}. ${sentence()}`), ''],
    () => [`> ${sentence()}`, `> ${sentence()}`, ''],
    () => {
      const lang = pick(['ts', 'python', 'json', 'bash']);
      const body = Array.from({ length: 4 + Math.floor(random() * 6) }, (_, i) =>
        lang === 'python'
          ? `    ${word()}_${i} = ${word()}(${i})`
          : `  const ${word()}${i} = ${word()}(${i});`,
      );
      return ['```' + lang, `function ${word()}() {`, ...body, '}', '```', ''];
    },
  ];

  while (out.length < target && chars < maxChars) {
    section += 1;
    if (!push(`## ${word()} ${word()} ${section}`) || !push('')) break;
    if (out.length >= tableEvery * (tables + 1) && tables < Math.ceil(estimatedLines / tableEvery)) {
      tables += 1;
      const rows = Array.from(
        { length: 5 },
        (_, i) => `| ${word()} ${i} | ${word()} | ${Math.floor(random() * 100)} |`,
      );
      if (![`| Item | Owner | Score |`, '| --- | --- | ---: |', ...rows, ''].every(push)) break;
    }
    const count = 3 + Math.floor(random() * 4);
    let full = false;
    for (let b = 0; b < count && !full; b += 1) full = !pick(blocks)().every(push);
    if (full) break;
  }
  return out.join('\n') + '\n';
}
