import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

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
  '.cm-search': { fontFamily: 'var(--font-ui)', fontSize: '13px', padding: '8px 12px' },
  '.cm-search input, .cm-search button, .cm-search label': { fontFamily: 'inherit', fontSize: 'inherit' },
  '.cm-textfield': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    padding: '3px 6px',
  },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    padding: '3px 8px',
  },
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

/** Markdown shown with gentle structure: sized headings, quiet markup, monospace code. */
export const editorHighlightStyle = HighlightStyle.define([
  { tag: tags.heading1, fontSize: '1.6em', fontWeight: '700', lineHeight: '1.3' },
  { tag: tags.heading2, fontSize: '1.35em', fontWeight: '650' },
  { tag: tags.heading3, fontSize: '1.15em', fontWeight: '650' },
  { tag: [tags.heading4, tags.heading5, tags.heading6], fontWeight: '650' },
  { tag: tags.strong, fontWeight: '700' },
  { tag: tags.emphasis, fontStyle: 'italic' },
  { tag: tags.strikethrough, textDecoration: 'line-through' },
  { tag: tags.link, color: 'var(--accent)' },
  { tag: tags.url, color: 'var(--text-muted)' },
  { tag: [tags.processingInstruction, tags.meta], color: 'var(--text-faint)' },
  { tag: tags.quote, color: 'var(--text-muted)', fontStyle: 'italic' },
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
