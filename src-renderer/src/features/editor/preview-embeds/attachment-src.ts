import { attachmentUrl } from '../../../../../src-shared/attachments/attachment-url';

/**
 * The one place the renderer builds an attachment's URL. Inside Electron (the preload's bridge is
 * there) the shell serves `quire-attachment://<hash>/`; in a browser tab the web host serves
 * `/attachments/<hash>` on the page's own origin.
 */
export function attachmentSrc(hash: string): string {
  return attachmentUrl(hash, window.quireIpc ? 'electron' : 'web');
}
