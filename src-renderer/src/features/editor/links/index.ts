/** Links in the editor: parsing the link at a position, following, hover cards and `[[` completion. */
export { linkAt, linkAtState, type EditorLink } from './link-at';
export { linkExtensions, type LinkExtensionDeps } from './link-extensions';
export { headingPosition } from './heading-target';
export { linkCompletionSource } from './link-completion';
export { useFollowLink, useHeadingReveal, type HeadingRequest, type OpenLink } from './useFollowLink';
