import { LanguageDescription } from '@codemirror/language';
import { languages } from '@codemirror/language-data';
import { highlightCode, tagHighlighter, tags } from '@lezer/highlight';

/**
 * Fenced code in the preview, highlighted by the same Lezer parsers the editor uses, loaded on
 * demand from @codemirror/language-data. The render itself is synchronous: a language that is not
 * loaded yet renders plain, the preview loads it and renders again.
 */

/** The language a fence's info string names (`ts`, `python title="x"`), or null. */
export function fenceLanguage(info: string | undefined): LanguageDescription | null {
  const name = info?.trim().split(/\s+/)[0];
  if (!name) return null;
  return LanguageDescription.matchLanguageName(languages, name, true);
}

/** The editor's code colours (editor-theme.ts) as classes; preview-code.css gives them the same variables. */
const previewHighlighter = tagHighlighter([
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier], class: 'tok-keyword' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], class: 'tok-string' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], class: 'tok-number' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], class: 'tok-comment' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], class: 'tok-function' },
  { tag: [tags.typeName, tags.className, tags.namespace], class: 'tok-type' },
  { tag: [tags.propertyName, tags.attributeName], class: 'tok-property' },
  { tag: [tags.tagName, tags.angleBracket], class: 'tok-tag' },
  { tag: [tags.meta, tags.processingInstruction], class: 'tok-meta' },
  { tag: tags.heading, class: 'tok-heading' },
  { tag: tags.invalid, class: 'tok-invalid' },
]);

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The code as HTML with `tok-*` class spans, or null when its language is unknown or not loaded. */
export function highlightedCodeHtml(code: string, info: string | undefined): string | null {
  const support = fenceLanguage(info)?.support;
  if (!support) return null;
  const tree = support.language.parser.parse(code);
  let html = '';
  highlightCode(
    code,
    tree,
    previewHighlighter,
    (text, classes) => {
      html += classes ? `<span class="${classes}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += '\n';
    },
  );
  return html;
}

/** Loads the languages of these fences that are known but not loaded; resolves when all are in. */
export async function loadFenceLanguages(infos: readonly string[]): Promise<boolean> {
  const pending = [...new Set(infos.map(fenceLanguage))].filter(
    (description): description is LanguageDescription => description !== null && !description.support,
  );
  if (pending.length === 0) return false;
  const loaded = await Promise.allSettled(pending.map((description) => description.load()));
  return loaded.some((result) => result.status === 'fulfilled');
}

/** A code block: monospace, scrolling sideways, its language named in a corner. */
export function codeBlockHtml(code: string, info: string | undefined): string {
  const language = info?.trim().split(/\s+/)[0] ?? '';
  const body = highlightedCodeHtml(code, info) ?? escapeHtml(code);
  if (!language) return `<pre class="code-block"><code>${body}\n</code></pre>\n`;
  const name = escapeHtml(language);
  return `<pre class="code-block" data-language="${name}"><code class="language-${name}">${body}\n</code></pre>\n`;
}
