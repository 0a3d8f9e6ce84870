/**
 * Links between notes for the open note and the vault: the Links pane (linked and unlinked
 * mentions, outgoing links), the vault's broken links dialog, and the panel state the editor keeps
 * (its toggle command and shortcut, the jump to a line of another note).
 */
export { LinksPane, MentionText } from './LinksPane';
export { BrokenLinksDialog } from './BrokenLinksDialog';
export { BacklinkCount } from './BacklinkCount';
export { useLinksPanel, lineOffset, type LinksPanel } from './useLinksPanel';
