/** Apple platforms use ⌘ where everyone else uses Ctrl; "Mod" below means whichever is native. */
export const isApple = /Mac|iPhone|iPad|iPod/i.test(
  typeof navigator === 'undefined' ? '' : navigator.platform || navigator.userAgent,
);

export interface KeyLike {
  key: string;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** True for the platform's command modifier alone (Alt/Shift are checked by the caller). */
export function isMod(event: KeyLike): boolean {
  return isApple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
}

/**
 * Matches "Mod+Shift+K"-style combos. Letter keys compare case-insensitively because Shift
 * changes `event.key` ("k" → "K").
 */
export function matchesShortcut(event: KeyLike, combo: string): boolean {
  const parts = combo.split('+');
  const key = parts.pop() ?? '';
  const wantMod = parts.includes('Mod');
  const wantShift = parts.includes('Shift');
  const wantAlt = parts.includes('Alt');
  if (wantMod !== isMod(event) || (!wantMod && (event.metaKey || event.ctrlKey))) return false;
  if (wantShift !== event.shiftKey || wantAlt !== event.altKey) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}

const COMMON_NAMES: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
};
const APPLE_NAMES: Record<string, string> = {
  Mod: '⌘',
  Shift: '⇧',
  Alt: '⌥',
  Backspace: '⌫',
  Delete: '⌦',
  Enter: '↩',
};
const OTHER_NAMES: Record<string, string> = { Mod: 'Ctrl', Delete: 'Del' };

/** "Mod+Shift+K" → "⌘⇧K" on Apple platforms, "Ctrl+Shift+K" elsewhere. */
export function shortcutLabel(combo: string): string {
  const names = isApple ? APPLE_NAMES : OTHER_NAMES;
  const parts = combo
    .split('+')
    .map((p) => names[p] ?? COMMON_NAMES[p] ?? (p.length === 1 ? p.toUpperCase() : p));
  return parts.join(isApple ? '' : '+');
}

/** Typing targets, where single-key shortcuts such as "?" must not fire. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT'
  );
}
