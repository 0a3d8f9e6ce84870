import { syntaxTree } from '@codemirror/language';
import { Decoration, WidgetType } from '@codemirror/view';
import { WIKILINK_PATTERN } from '../../../../../src-shared/markdown/wikilinks';
import type { Collector } from './collector';
import { altAndSize, decorateEmbed, type AttachmentSource } from './embeds';

/**
 * `[[Note]]`, `[[Note|shown]]`, `[[Note#Heading]]` and `![[file.png|300]]`. Lezer's Markdown does
 * not know them, so each visible line is scanned with the app's one wikilink pattern. Links keep
 * their visible text in the document (class `cm-lp-wikilink`, target in `data-target`), so a click
 * position still maps to the text.
 */

/** Nodes whose text is literal: no links in there. */
const LITERAL = new Set([
  'InlineCode',
  'CodeText',
  'FencedCode',
  'CodeBlock',
  'Frontmatter',
  'HTMLBlock',
  'Comment',
]);

/** A target with an extension other than `.md` names a file (an embed), else a note. */
function namesFile(target: string): boolean {
  return /\.[^./]+$/.test(target) && !/\.md$/i.test(target);
}

function insideLiteral(c: Collector, pos: number): boolean {
  for (
    let node: ReturnType<ReturnType<typeof syntaxTree>['resolveInner']> | null = syntaxTree(
      c.state,
    ).resolveInner(pos, 1);
    node;
    node = node.parent
  )
    if (LITERAL.has(node.name)) return true;
  return false;
}

class HeadingSeparator extends WidgetType {
  override eq(): boolean {
    return true;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-lp-wikilink-separator';
    span.textContent = ' › ';
    return span;
  }
}
const SEPARATOR = new HeadingSeparator();

/** Decorates the wikilinks of `from..to` and returns the ranges they take (so `[x]` inside is not a Link too). */
export function decorateWikilinks(
  c: Collector,
  from: number,
  to: number,
  attachments: AttachmentSource | null,
): [number, number][] {
  const taken: [number, number][] = [];
  const doc = c.state.doc;
  for (let pos = from; pos <= to;) {
    const line = doc.lineAt(pos);
    if (line.text.includes('[[')) {
      for (const match of line.text.matchAll(WIKILINK_PATTERN)) {
        const target = match[1]?.trim() ?? '';
        const start = line.from + (match.index ?? 0);
        if (target === '' || insideLiteral(c, start)) continue;
        const embed = start > line.from && line.text[(match.index ?? 0) - 1] === '!';
        const linkFrom = embed ? start - 1 : start;
        const end = start + match[0].length;
        taken.push([linkFrom, end]);
        if (embed && namesFile(target)) {
          decorateEmbed(c, linkFrom, end, { target, ...altAndSize(match[3] ?? '') }, attachments);
          continue;
        }
        decorateWikilink(c, linkFrom, start, end, match, target);
      }
    }
    pos = line.to + 1;
  }
  return taken;
}

function decorateWikilink(
  c: Collector,
  linkFrom: number,
  start: number,
  end: number,
  match: RegExpMatchArray,
  target: string,
): void {
  const whole = match[0];
  const aliasAt = match[3] === undefined ? -1 : whole.lastIndexOf('|');
  const textFrom = aliasAt === -1 ? start + 2 : start + aliasAt + 1;
  const textTo = end - 2;
  const heading = match[2];
  const attributes = { 'data-target': heading ? `${target}#${heading}` : target };
  const raw = c.revealed(linkFrom, end);
  if (raw) {
    c.add(Decoration.mark({ class: 'cm-lp-wikilink is-raw', attributes }).range(start, end));
    return;
  }
  if (textTo <= textFrom) return;
  c.hide(linkFrom, textFrom);
  c.hide(textTo, end);
  c.add(Decoration.mark({ class: 'cm-lp-wikilink', attributes }).range(textFrom, textTo));
  // `[[Note#Heading]]` reads "Note › Heading", as Obsidian shows it.
  if (aliasAt === -1 && heading !== undefined) {
    const hashAt = start + whole.indexOf('#');
    c.add(Decoration.replace({ widget: SEPARATOR }).range(hashAt, hashAt + 1));
  }
}
