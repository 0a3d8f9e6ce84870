/**
 * A web address leaves the app. In Electron the window's open handler sends it to the system
 * browser (and refuses other schemes); in web mode it opens in a new tab that cannot reach back.
 */
export function openExternalUrl(url: string): void {
  if (!/^(?:https?|mailto):/i.test(url)) return;
  window.open(url, '_blank', 'noopener,noreferrer');
}
