import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';

export interface OutlineHeading {
  level: number;
  /** The heading as a reader sees it: no `#`, no emphasis marks, link text instead of targets. */
  text: string;
  /** Where its line starts. */
  from: number;
}

export interface OutlineNode {
  heading: OutlineHeading;
  /** Its index in the flat list (what "active" refers to). */
  index: number;
  children: OutlineNode[];
}

const HEADING = /^(ATX|Setext)Heading([1-6])$/;
// Headings quoted, listed or inside code or frontmatter are not the note's sections.
const NOT_SECTIONS = new Set([
  'Frontmatter',
  'FencedCode',
  'CodeBlock',
  'HTMLBlock',
  'CommentBlock',
  'Blockquote',
  'BulletList',
  'OrderedList',
  'Table',
  'Paragraph',
]);
/** How long to wait for the parser to reach the end of a long note before using what it has. */
const PARSE_BUDGET_MS = 30;

function readable(raw: string): string {
  return raw
    .replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
    .replace(/\[\[([^\]]*)\]\]/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*{1,3}|_{2,3}|~~|==|`+)/g, '')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The note's sections from the editor's own Lezer tree, ATX and setext alike, so the outline
 * agrees with what the editor highlights as headings (never a `#` line in code or frontmatter).
 */
export function headingsOf(state: EditorState): OutlineHeading[] {
  const tree = ensureSyntaxTree(state, state.doc.length, PARSE_BUDGET_MS) ?? syntaxTree(state);
  const headings: OutlineHeading[] = [];
  tree.iterate({
    enter(node) {
      const match = HEADING.exec(node.name);
      if (match) {
        const line = state.doc.lineAt(node.from);
        let raw: string;
        if (match[1] === 'ATX') {
          raw = state
            .sliceDoc(node.from, node.to)
            .replace(/^\s*#{1,6}/, '')
            .replace(/(^|\s)#+\s*$/, '');
        } else {
          // Setext: the text lines above the `===` or `---` underline.
          const mark = node.node.getChild('HeaderMark');
          raw = state.sliceDoc(node.from, mark ? mark.from : node.to).replace(/\n/g, ' ');
        }
        const text = readable(raw);
        if (text !== '') headings.push({ level: Number(match[2]), text, from: line.from });
        return false;
      }
      return !NOT_SECTIONS.has(node.name);
    },
  });
  return headings;
}

/** Nests headings by level: a deeper heading belongs to the nearest shallower one above it. */
export function nestHeadings(headings: readonly OutlineHeading[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  headings.forEach((heading, index) => {
    const node: OutlineNode = { heading, index, children: [] };
    while (stack.length > 0 && (stack.at(-1)?.heading.level ?? 0) >= heading.level) stack.pop();
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  });
  return roots;
}

/** The index of the section holding `pos` (the last heading at or above it), or -1 above the first. */
export function sectionAt(headings: readonly OutlineHeading[], pos: number): number {
  let low = 0;
  let high = headings.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((headings[mid]?.from ?? Infinity) <= pos) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

export function sameHeadings(a: readonly OutlineHeading[], b: readonly OutlineHeading[]): boolean {
  return (
    a.length === b.length &&
    a.every((h, i) => h.from === b[i]?.from && h.level === b[i]?.level && h.text === b[i]?.text)
  );
}
