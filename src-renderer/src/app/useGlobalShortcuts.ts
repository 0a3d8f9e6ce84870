import { useEffect } from 'react';
import { isApple, isTextEntry, matchesShortcut } from '../lib/keyboard';
import { isEnabled, useCommandRegistry, type AppCommand } from '../features/commands';
import { SHORTCUTS, shortcutScope, type ShortcutName } from './shortcuts';

/** Back and forward go before the editor (capture phase); every other global shortcut after it. */
const CAPTURED: readonly ShortcutName[] = ['back', 'forward'];

function commandFor(commands: readonly AppCommand[], event: KeyboardEvent): AppCommand | null {
  for (const command of commands) {
    const name = command.shortcut;
    if (name === undefined || shortcutScope(name) !== 'global' || CAPTURED.includes(name)) continue;
    // "?" is typed text in inputs and the editor; it is a shortcut only elsewhere.
    if (name === 'help') {
      if (event.key === '?' && !isTextEntry(event.target) && !event.metaKey && !event.ctrlKey) return command;
      continue;
    }
    if (SHORTCUTS[name].keys.some((combo) => matchesShortcut(event, combo))) return command;
  }
  return null;
}

/**
 * App-wide shortcuts on `window`: a key runs the registered command whose `shortcut` names it
 * (features/commands), so a shortcut without a command does nothing and the sheet cannot list a
 * key that is not handled. They run after the focused element had its say: if the editor or a
 * dialog already handled a key (`defaultPrevented`), it is left alone. Nothing fires from inside a
 * modal dialog: the app behind it is inert, and a new note there would change the very view the
 * dialog asks about.
 */
export function useGlobalShortcuts(): void {
  const registry = useCommandRegistry();

  useEffect(() => {
    const ignored = (event: KeyboardEvent): boolean =>
      event.defaultPrevented ||
      event.isComposing ||
      (event.target instanceof Element && event.target.closest('dialog') !== null);

    const onKeyDown = (event: KeyboardEvent): void => {
      if (ignored(event)) return;
      const command = commandFor(registry.list(), event);
      if (!command) return;
      event.preventDefault();
      if (isEnabled(command)) command.run();
    };
    // Before the editor, which would take Alt+←/→ as "move by syntax unit". On Apple platforms
    // Alt+←/→ moves by word in text, so there it is only Back outside text.
    const onNavigationKey = (event: KeyboardEvent): void => {
      if (ignored(event)) return;
      for (const name of CAPTURED) {
        const combo = SHORTCUTS[name].keys.find((keys) => matchesShortcut(event, keys));
        if (combo === undefined) continue;
        if (isApple && !combo.startsWith('Mod+') && isTextEntry(event.target)) return;
        const command = registry.list().find((candidate) => candidate.shortcut === name);
        if (!command) return;
        event.preventDefault();
        event.stopPropagation();
        if (isEnabled(command)) command.run();
        return;
      }
    };
    window.addEventListener('keydown', onNavigationKey, true);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onNavigationKey, true);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [registry]);
}
