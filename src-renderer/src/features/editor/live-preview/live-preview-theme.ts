import { EditorView } from '@codemirror/view';

/**
 * Live Preview's look, from the app's CSS variables (light and dark alike). Embeds and tables
 * carry the preview's `markdown` class, so they look exactly as in the preview pane.
 */

/** Obsidian's callout colours, as RGB triplets so backgrounds can tint them. */
const CALLOUT_COLOURS: Record<string, string> = {
  note: '68 138 255',
  abstract: '0 176 255',
  info: '0 184 212',
  todo: '0 184 212',
  tip: '0 191 165',
  success: '0 200 83',
  question: '100 221 23',
  warning: '255 145 0',
  failure: '255 82 82',
  danger: '255 23 68',
  bug: '245 0 87',
  example: '124 77 255',
  quote: '158 158 158',
};

const calloutKinds = Object.fromEntries(
  Object.entries(CALLOUT_COLOURS).map(([kind, rgb]) => [`.cm-lp-callout-${kind}`, { '--lp-callout': rgb }]),
);

export const livePreviewTheme = EditorView.theme({
  '.cm-lp-heading': { lineHeight: '1.4' },
  '.cm-lp-h1': { paddingTop: '0.3em' },
  '.cm-lp-h2': { paddingTop: '0.25em' },
  '.cm-lp-setext-underline': { fontSize: '0', lineHeight: '0' },
  '.cm-lp-strong': { fontWeight: '700' },
  '.cm-lp-em': { fontStyle: 'italic' },
  '.cm-lp-strike': { textDecoration: 'line-through' },
  '.cm-lp-highlight': { backgroundColor: 'var(--mark)', borderRadius: '2px' },
  '.cm-lp-inline-code': {
    fontFamily: 'var(--font-mono)',
    fontSize: '0.88em',
    color: 'var(--code-text)',
    backgroundColor: 'var(--code-bg)',
    borderRadius: '4px',
    padding: '0.12em 0.35em',
  },
  '.cm-lp-link, .cm-lp-wikilink:not(.is-raw)': {
    color: 'var(--accent)',
    textDecoration: 'underline',
    textDecorationColor: 'color-mix(in srgb, var(--accent) 40%, transparent)',
    textUnderlineOffset: '3px',
  },
  '.cm-lp-wikilink.is-raw': { color: 'var(--accent)' },
  '.cm-lp-wikilink-separator': { color: 'var(--text-faint)' },
  // A task's box sits where `- [ ]` was, at the size of the text.
  '.cm-lp-task': {
    width: '1.05em',
    height: '1.05em',
    margin: '0 0.4em 0 0.1em',
    verticalAlign: '-0.16em',
    accentColor: 'var(--accent)',
    cursor: 'pointer',
  },
  '.cm-lp-task:disabled': { cursor: 'default' },
  '.cm-lp-task-done': { color: 'var(--text-faint)', textDecoration: 'line-through' },
  '.cm-lp-bullet': {
    display: 'inline-block',
    width: '0.9em',
    textAlign: 'center',
    color: 'var(--text-muted)',
  },
  '.cm-lp-bullet::before': { content: '"•"', fontWeight: '700' },
  '.cm-lp-bullet-1::before': { content: '"◦"' },
  '.cm-lp-bullet-2::before': { content: '"▪"', fontWeight: '400' },
  '.cm-lp-blockquote': {
    borderLeft: '3px solid var(--border-strong)',
    paddingLeft: '14px !important',
    color: 'var(--text-muted)',
  },
  '.cm-lp-blockquote.is-nested': { boxShadow: 'inset 3px 0 0 var(--bg), inset 6px 0 0 var(--border-strong)' },
  '.cm-lp-hr': {
    display: 'inline-block',
    width: '100%',
    verticalAlign: 'middle',
    borderTop: '1px solid var(--border-strong)',
  },
  // Fenced code: one tinted block, its fences quiet.
  '.cm-codeblock': {
    backgroundColor: 'var(--code-bg)',
    padding: '0 14px !important',
    minWidth: '100%',
    width: 'max-content',
    boxSizing: 'border-box',
  },
  '.cm-codeblock-begin': { borderTopLeftRadius: '6px', borderTopRightRadius: '6px' },
  '.cm-codeblock-end': { borderBottomLeftRadius: '6px', borderBottomRightRadius: '6px' },
  '.cm-lp-code-language': {
    float: 'right',
    fontFamily: 'var(--font-ui)',
    fontSize: '11px',
    color: 'var(--text-faint)',
    userSelect: 'none',
  },
  '.cm-lp-callout': {
    backgroundColor: 'rgb(var(--lp-callout) / 0.1)',
    padding: '0 14px !important',
    color: 'var(--text)',
    '--quote-text': 'var(--text)',
    '--quote-style': 'normal',
  },
  ...calloutKinds,
  '.cm-lp-callout-first': {
    paddingTop: '8px !important',
    borderTopLeftRadius: '6px',
    borderTopRightRadius: '6px',
  },
  '.cm-lp-callout-last': {
    paddingBottom: '8px !important',
    borderBottomLeftRadius: '6px',
    borderBottomRightRadius: '6px',
  },
  '.cm-lp-callout-first:not(.cm-lp-callout-last)': { paddingBottom: '2px !important' },
  '.cm-lp-callout-head': {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '8px',
    marginRight: '8px',
    color: 'color-mix(in srgb, rgb(var(--lp-callout)) 80%, var(--text))',
    verticalAlign: '-0.15em',
  },
  '.cm-lp-callout-title': {
    color: 'color-mix(in srgb, rgb(var(--lp-callout)) 80%, var(--text))',
    fontWeight: '600',
  },
  '.cm-lp-callout-fold': {
    display: 'inline-flex',
    marginLeft: '6px',
    color: 'color-mix(in srgb, rgb(var(--lp-callout)) 80%, var(--text))',
    cursor: 'pointer',
    verticalAlign: '-0.15em',
    transition: 'transform 120ms var(--ease)',
  },
  '.cm-lp-callout-fold.is-folded': { transform: 'rotate(-90deg)' },
  '.cm-lp-embed': { display: 'inline-block', maxWidth: '100%', verticalAlign: 'top' },
  '.cm-lp-embed img': { display: 'block', maxWidth: '100%', height: 'auto', margin: '4px 0' },
  '.cm-lp-table': { overflowX: 'auto', padding: '4px 0 8px' },
  '.cm-lp-table table': { margin: '0', borderCollapse: 'collapse', fontSize: '0.95em', lineHeight: '1.5' },
  '.cm-lp-table th, .cm-lp-table td': { cursor: 'text', minWidth: '3em' },
});
