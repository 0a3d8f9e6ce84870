import { HighlightStyle } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { highlightedText } from './highlight-syntax';

/**
 * Colours come from the app's CSS variables, so one theme serves light and dark and follows a
 * theme switch without reconfiguring the editor.
 */
export const editorTheme = EditorView.theme({
  '&': {
    height: '100%',
    color: 'var(--text)',
    backgroundColor: 'transparent',
    fontSize: 'var(--editor-font-size)',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': {
    fontFamily: 'var(--font-text)',
    lineHeight: '1.7',
    padding: '8px 0 40vh',
  },
  '.cm-content': {
    maxWidth: 'var(--measure)',
    margin: '0 auto',
    padding: '0 var(--text-gutter)',
    // A long code line (code blocks do not wrap) must not widen the prose around it.
    minWidth: '0',
    caretColor: 'var(--accent)',
  },
  '.cm-line': { padding: '0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--selection)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--selection-match)' },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  // Where a pasted or dropped file's link will go while it uploads (paste-attachments.ts).
  '.cm-upload-placeholder': {
    color: 'var(--text-faint)',
    fontFamily: 'var(--font-ui)',
    fontSize: '0.85em',
    backgroundColor: 'var(--surface-hover)',
    border: '1px dashed var(--border-strong)',
    borderRadius: '4px',
    padding: '1px 6px',
    margin: '0 2px',
  },
  '.cm-panels': { backgroundColor: 'var(--surface-raised)', color: 'var(--text)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  // The find bar (Mod+F): the app's fields, buttons and checkboxes, wrapping in a narrow pane.
  // Inline flow, not flex: CodeMirror's <br> between the find and replace rows must still break.
  '.cm-panel.cm-search': {
    padding: '5px 48px 5px 16px',
    fontFamily: 'var(--font-ui)',
    fontSize: '13px',
  },
  '.cm-panel.cm-search input, .cm-panel.cm-search button, .cm-panel.cm-search label': {
    margin: '3px 6px 3px 0',
    verticalAlign: 'middle',
    fontFamily: 'inherit',
    fontSize: 'inherit',
  },
  '.cm-panel.cm-search label + label': { marginLeft: '4px' },
  '.cm-textfield': {
    boxSizing: 'border-box',
    width: '220px',
    maxWidth: '100%',
    height: '28px',
    padding: '0 8px',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-small)',
    outline: 'none',
    transition: 'border-color 120ms var(--ease), box-shadow 120ms var(--ease)',
  },
  '.cm-textfield::placeholder': { color: 'var(--text-faint)' },
  '.cm-textfield:focus': { borderColor: 'var(--accent)', boxShadow: '0 0 0 3px var(--accent-soft)' },
  '.cm-button': {
    height: '28px',
    padding: '0 10px',
    backgroundImage: 'none',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-small)',
    fontWeight: '500',
    cursor: 'pointer',
    transition: 'background 120ms var(--ease)',
  },
  '.cm-button:hover': { backgroundColor: 'var(--surface-hover)' },
  '.cm-button:active': { backgroundImage: 'none', backgroundColor: 'var(--surface-active)' },
  '.cm-button:focus-visible': { boxShadow: 'var(--focus-ring)' },
  '.cm-panel.cm-search label': {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '5px',
    color: 'var(--text-muted)',
    fontSize: '12px',
    cursor: 'pointer',
    userSelect: 'none',
  },
  '.cm-panel.cm-search input[type=checkbox]': {
    width: '14px',
    height: '14px',
    margin: '0',
    accentColor: 'var(--accent)',
    cursor: 'pointer',
  },
  '.cm-panel.cm-search [name=close]': {
    position: 'absolute',
    top: '8px',
    right: '10px',
    display: 'grid',
    placeItems: 'center',
    width: '28px',
    height: '28px',
    padding: '0',
    border: '0',
    borderRadius: 'var(--radius-small)',
    backgroundColor: 'transparent',
    color: 'var(--text-muted)',
    fontSize: '18px',
    lineHeight: '1',
    cursor: 'pointer',
  },
  '.cm-panel.cm-search [name=close]:hover': { backgroundColor: 'var(--surface-hover)', color: 'var(--text)' },
  '.cm-panel.cm-search [name=close]:focus-visible': { boxShadow: 'var(--focus-ring)' },
  '.cm-panel.cm-search .cm-search-count': {
    display: 'inline-block',
    minWidth: '64px',
    margin: '3px 10px 3px 0',
    color: 'var(--text-faint)',
    fontSize: '12px',
    fontVariantNumeric: 'tabular-nums',
    verticalAlign: 'middle',
  },
  '.cm-panel.cm-search .cm-search-count.is-empty': { color: 'var(--danger)' },
  '.cm-searchMatch': { backgroundColor: 'var(--search-match)', borderRadius: '2px' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--search-match-current)' },
  // Sync merge conflicts (features/editor/codemirror/conflict-markers.ts).
  '.cm-line.cm-conflict-marker': {
    backgroundColor: 'var(--conflict-marker-bg)',
    color: 'var(--warning-text)',
    fontFamily: 'var(--font-mono)',
    fontSize: '0.88em',
    fontWeight: '600',
  },
  '.cm-line.cm-conflict-ours': {
    backgroundColor: 'var(--conflict-ours)',
    boxShadow: 'inset 3px 0 0 var(--conflict-ours-edge)',
  },
  '.cm-line.cm-conflict-theirs': {
    backgroundColor: 'var(--conflict-theirs)',
    boxShadow: 'inset 3px 0 0 var(--conflict-theirs-edge)',
  },
});

/** The find bar's words in the app's sentence case (CodeMirror's own are lower-case). */
export const editorPhrases = EditorState.phrases.of({
  Find: 'Find in note',
  Replace: 'Replace with',
  next: 'Next',
  previous: 'Previous',
  all: 'All',
  'match case': 'Match case',
  regexp: 'Regex',
  'by word': 'Whole word',
  replace: 'Replace',
  'replace all': 'Replace all',
  close: 'Close find bar',
});

/** Markdown shown with gentle structure: sized headings, quiet markup, monospace code. */
export const editorHighlightStyle = HighlightStyle.define([
  { tag: tags.heading1, fontSize: '1.6em', fontWeight: '700', lineHeight: '1.3' },
  { tag: tags.heading2, fontSize: '1.35em', fontWeight: '650' },
  { tag: tags.heading3, fontSize: '1.15em', fontWeight: '650' },
  { tag: [tags.heading4, tags.heading5, tags.heading6], fontWeight: '650' },
  { tag: tags.strong, fontWeight: '700' },
  { tag: tags.emphasis, fontStyle: 'italic' },
  { tag: tags.strikethrough, textDecoration: 'line-through' },
  { tag: highlightedText, backgroundColor: 'var(--mark)', borderRadius: '2px' },
  { tag: tags.link, color: 'var(--accent)' },
  { tag: tags.url, color: 'var(--text-muted)' },
  { tag: [tags.processingInstruction, tags.meta], color: 'var(--text-faint)' },
  // Variables, so a callout (a blockquote drawn as a box) can set its text upright and plain.
  { tag: tags.quote, color: 'var(--quote-text, var(--text-muted))', fontStyle: 'var(--quote-style, italic)' },
  { tag: tags.monospace, fontFamily: 'var(--font-mono)', fontSize: '0.92em', color: 'var(--code-text)' },
  { tag: tags.contentSeparator, color: 'var(--text-faint)' },
  { tag: tags.list, color: 'var(--text)' },
  // Inside fenced code blocks (via @codemirror/language-data).
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier], color: 'var(--syntax-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--syntax-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--syntax-number)' },
  {
    tag: [tags.comment, tags.lineComment, tags.blockComment],
    color: 'var(--text-faint)',
    fontStyle: 'italic',
  },
  {
    tag: [tags.function(tags.variableName), tags.function(tags.propertyName)],
    color: 'var(--syntax-function)',
  },
  { tag: [tags.typeName, tags.className, tags.namespace], color: 'var(--syntax-type)' },
  { tag: [tags.propertyName, tags.attributeName], color: 'var(--syntax-property)' },
  { tag: [tags.tagName, tags.angleBracket], color: 'var(--syntax-tag)' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);
