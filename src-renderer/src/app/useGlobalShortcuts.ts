import { useEffect, useRef } from 'react';
import { isApple, isTextEntry, matchesShortcut } from '../lib/keyboard';
import { SHORTCUTS, type ShortcutName } from './shortcuts';

type GlobalShortcut = Extract<
  ShortcutName,
  | 'newNote'
  | 'search'
  | 'togglePreview'
  | 'toggleEditorMode'
  | 'save'
  | 'help'
  | 'importFolder'
  | 'attachments'
  | 'toggleOutline'
  | 'openToday'
  | 'back'
  | 'forward'
>;
export type ShortcutHandlers = Record<GlobalShortcut, () => void>;

/**
 * App-wide shortcuts on `window`. They run after the focused element had its say: if the editor
 * or a dialog already handled a key (`defaultPrevented`), it is left alone. Nothing fires from
 * inside a modal dialog: the app behind it is inert, and a new note there would change the very
 * view the dialog asks about.
 */
export function useGlobalShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      // "?" is typed text in inputs and the editor; it is a shortcut only elsewhere.
      if (event.key === '?' && !isTextEntry(event.target) && !event.metaKey && !event.ctrlKey) {
        event.preventDefault();
        latest.current.help();
        return;
      }
      for (const name of [
        'newNote',
        'search',
        'togglePreview',
        'toggleEditorMode',
        'save',
        'importFolder',
        'attachments',
        'toggleOutline',
        'openToday',
      ] as const) {
        if (SHORTCUTS[name].keys.some((combo) => matchesShortcut(event, combo))) {
          event.preventDefault();
          latest.current[name]();
          return;
        }
      }
    };
    // Back and forward go before the editor, which would take Alt+←/→ as "move by syntax unit".
    // On Apple platforms Alt+←/→ moves by word in text, so there it is only Back outside text.
    const onNavigationKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      for (const name of ['back', 'forward'] as const) {
        const combo = SHORTCUTS[name].keys.find((keys) => matchesShortcut(event, keys));
        if (combo === undefined) continue;
        if (isApple && !combo.startsWith('Mod+') && isTextEntry(event.target)) return;
        event.preventDefault();
        event.stopPropagation();
        latest.current[name]();
        return;
      }
    };
    window.addEventListener('keydown', onNavigationKey, true);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onNavigationKey, true);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);
}
