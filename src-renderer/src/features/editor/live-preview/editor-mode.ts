import { Compartment, type EditorState, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { EditorMode } from '../../../../../src-shared/api/settings-api';
import { livePreview, type LivePreviewOptions } from './live-preview';

/**
 * The editing mode lives in a compartment: switching reconfigures the one state, so the text,
 * selection and undo history stay exactly as they were.
 */
export function createEditorMode(options: () => LivePreviewOptions) {
  const compartment = new Compartment();
  const extensionFor = (mode: EditorMode): Extension => (mode === 'live' ? livePreview(options()) : []);
  return {
    /** For EditorState.create. */
    of: (mode: EditorMode): Extension => compartment.of(extensionFor(mode)),
    /** Switches a running editor; does nothing when it is already in that mode. */
    set(view: EditorView, mode: EditorMode): void {
      if (modeOf(view.state, compartment) === mode) return;
      view.dispatch({ effects: compartment.reconfigure(extensionFor(mode)) });
    },
    current: (state: EditorState): EditorMode | null => modeOf(state, compartment),
  };
}

function modeOf(state: EditorState, compartment: Compartment): EditorMode | null {
  const content = compartment.get(state);
  if (content === undefined) return null;
  return Array.isArray(content) && content.length === 0 ? 'source' : 'live';
}

export type EditorModeSwitch = ReturnType<typeof createEditorMode>;
