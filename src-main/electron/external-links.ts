/**
 * Which URLs may leave the app for the system browser or mail client. Everything else (file:,
 * javascript:, custom schemes that launch other programs) is dropped, because a note can hold any
 * link and a click must never run something.
 */
const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
