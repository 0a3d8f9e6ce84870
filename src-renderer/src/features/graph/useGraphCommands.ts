import { useEffect, useMemo } from 'react';
import { matchesShortcut } from '../../lib/keyboard';
import { SHORTCUTS } from '../../app/shortcuts';
import { useRegisterCommands, type AppCommand } from '../commands';
import type { GraphOpener } from './useGraphView';

/**
 * The graph's commands (palette, shortcuts sheet) and its key. Mod+G is taken before the editor
 * sees it (capture phase, as Back and Forward are), where CodeMirror would read it as "find next".
 */
export function useGraphCommands(graph: GraphOpener, openNoteId: string | null): void {
  const commands = useMemo<AppCommand[]>(
    () => [
      {
        id: 'view.graph',
        label: graph.target ? 'Close the graph view' : 'Open the graph view',
        group: 'View',
        shortcut: 'graphView',
        keywords: 'links map network',
        run: graph.toggle,
      },
      {
        id: 'view.localGraph',
        label: 'Open the local graph of this note',
        group: 'View',
        keywords: 'links map network neighbours',
        enabled: openNoteId !== null,
        run: () => openNoteId !== null && graph.openLocal(openNoteId),
      },
    ],
    [graph, openNoteId],
  );
  useRegisterCommands(commands);

  const { toggle } = graph;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      if (!SHORTCUTS.graphView.keys.some((combo) => matchesShortcut(event, combo))) return;
      event.preventDefault();
      event.stopPropagation();
      toggle();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [toggle]);
}
