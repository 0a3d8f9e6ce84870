import { EditorView } from '@codemirror/view';

/**
 * The completion menu in the app's colours (light and dark follow the CSS variables): a popover
 * like the app's menus. The slash options stack their name over a muted description.
 */
export const slashMenuTheme = EditorView.theme({
  '.cm-tooltip.cm-tooltip-autocomplete': {
    border: '1px solid var(--border)',
    borderRadius: '10px',
    backgroundColor: 'var(--surface-raised)',
    boxShadow: 'var(--shadow-popover)',
    padding: '4px',
    fontFamily: 'var(--font-ui)',
    fontSize: '13px',
    overflow: 'hidden',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': {
    fontFamily: 'inherit',
    maxHeight: 'min(340px, 50vh)',
    minWidth: '260px',
    maxWidth: 'min(360px, 90vw)',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': {
    borderRadius: 'var(--radius-small)',
    padding: '4px 8px',
    color: 'var(--text)',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--accent-soft)',
    color: 'var(--text)',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > completion-section': {
    display: 'block',
    padding: '8px 8px 4px',
    border: 'none',
    color: 'var(--text-muted)',
    fontSize: '11px',
    fontWeight: '600',
    letterSpacing: '0.04em',
    textTransform: 'uppercase',
    opacity: '1',
  },
  '.cm-completionMatchedText': { textDecoration: 'none', color: 'var(--accent)', fontWeight: '600' },
  'li.cm-slash-option': {
    display: 'grid',
    gridTemplateColumns: '28px 1fr',
    columnGap: '10px',
    alignItems: 'center',
  },
  'li.cm-slash-option > .cm-completionIcon': { display: 'none' },
  'li.cm-slash-option > .cm-slash-icon': { gridRow: '1 / span 2' },
  'li.cm-slash-option > .cm-completionLabel': { fontWeight: '600', lineHeight: '1.35' },
  'li.cm-slash-option > .cm-completionDetail': {
    gridColumn: '2',
    margin: '0',
    color: 'var(--text-muted)',
    fontStyle: 'normal',
    fontSize: '11.5px',
    lineHeight: '1.35',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  '.cm-slash-icon': {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '28px',
    height: '28px',
    borderRadius: '6px',
    border: '1px solid var(--border)',
    backgroundColor: 'var(--surface)',
    color: 'var(--text-muted)',
  },
  '.cm-slash-icon.is-text': { fontSize: '11px', fontWeight: '700', letterSpacing: '-0.02em' },
  'li[aria-selected] > .cm-slash-icon': { color: 'var(--accent)', borderColor: 'var(--accent-soft)' },
});
