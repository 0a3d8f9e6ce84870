import { shortcutLabel } from '../lib/keyboard';

/** A shortcut written the platform's way: ⌘K on a Mac, Ctrl+K elsewhere. */
export function Kbd({ combo }: { combo: string }) {
  return <kbd className="kbd">{shortcutLabel(combo)}</kbd>;
}
