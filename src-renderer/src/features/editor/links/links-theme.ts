import { EditorView } from '@codemirror/view';

/**
 * The hover card and the link completion rows, in the app's colours (light and dark follow the
 * CSS variables). The card reads like a small preview pane: title, then the note's beginning,
 * fading out at the bottom.
 */
/** A 24×24 line icon as a CSS mask. */
function icon(path: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="black" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="${path}"/></svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

export const linksTheme = EditorView.theme({
  '.cm-link-followable': {
    textDecoration: 'underline',
    textUnderlineOffset: '3px',
    textDecorationColor: 'var(--accent)',
    cursor: 'pointer',
  },
  '.cm-tooltip.cm-link-preview': {
    border: '1px solid var(--border)',
    borderRadius: '10px',
    backgroundColor: 'var(--surface-raised)',
    boxShadow: 'var(--shadow-popover)',
    overflow: 'hidden',
  },
  '.cm-link-preview': {
    width: 'min(380px, 80vw)',
    padding: '10px 14px 12px',
    fontFamily: 'var(--font-ui)',
    color: 'var(--text)',
  },
  '.cm-link-preview-title': {
    fontWeight: '600',
    fontSize: '13.5px',
    lineHeight: '1.35',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  '.cm-link-preview-hint': { marginTop: '4px', color: 'var(--text-muted)', fontSize: '12.5px' },
  '.cm-link-preview.is-missing .cm-link-preview-title': { color: 'var(--text-muted)' },
  '.cm-link-preview-body': {
    position: 'relative',
    marginTop: '6px',
    maxHeight: '220px',
    overflow: 'hidden',
    fontSize: '13px',
    lineHeight: '1.5',
    color: 'var(--text-muted)',
    maskImage: 'linear-gradient(to bottom, #000 75%, transparent)',
  },
  '.cm-link-preview-body h1, .cm-link-preview-body h2, .cm-link-preview-body h3, .cm-link-preview-body h4': {
    fontSize: '13.5px',
    margin: '8px 0 4px',
    color: 'var(--text)',
  },
  '.cm-link-preview-body p, .cm-link-preview-body ul, .cm-link-preview-body ol, .cm-link-preview-body pre': {
    margin: '0 0 6px',
  },
  '.cm-link-preview-body img': { maxWidth: '100%', maxHeight: '120px' },
  '.cm-link-preview-empty': { fontStyle: 'italic' },
  // The app's own line icons (ui/Icon.tsx paths), drawn in the text colour.
  '.cm-completionIcon-link-note, .cm-completionIcon-link-alias, .cm-completionIcon-link-heading': {
    width: '1.05em',
    height: '1.05em',
    marginRight: '8px',
    padding: '0',
    verticalAlign: '-0.2em',
    opacity: '0.7',
    backgroundColor: 'currentColor',
    maskRepeat: 'no-repeat',
    maskSize: 'contain',
    maskPosition: 'center',
  },
  '.cm-completionIcon-link-note:after, .cm-completionIcon-link-alias:after, .cm-completionIcon-link-heading:after':
    { content: "''" },
  '.cm-completionIcon-link-note': {
    maskImage: icon('M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5'),
  },
  '.cm-completionIcon-link-alias': { maskImage: icon('M9 14l-5-5 5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11') },
  '.cm-completionIcon-link-heading': { maskImage: icon('M4 9h16M4 15h16M10 3L8 21M16 3l-2 18') },
});
