import { isolateHistory } from '@codemirror/commands';
import { EditorSelection, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, type DecorationSet } from '@codemirror/view';

/**
 * Files pasted or dropped into the editor become attachments, linked where they landed. The upload
 * runs beside the editor, never in front of it: typing goes on while the bytes travel, the spot
 * where the link goes is carried through every edit made meanwhile, and the links of one paste
 * arrive as one undoable change. A paste without files (text) is CodeMirror's as always.
 */

export interface PasteAttachmentsSetup {
  /** Stores one file as an attachment and answers the link text to insert (`![[name.png]]`). */
  upload: (file: File) => Promise<string>;
  /** A file that could not be stored: nothing is inserted for it; the caller says why. */
  onFailure: (file: File, error: unknown) => void;
}

interface Pending {
  id: number;
  pos: number;
  /** What the placeholder says ("Uploading photo.png…"). */
  label: string;
}

/** One paste or drop: where its links go, until they are inserted or given up. */
const addPending = StateEffect.define<Pending>();
const removePending = StateEffect.define<number>();

class UploadingWidget extends WidgetType {
  constructor(readonly label: string) {
    super();
  }
  override eq(other: UploadingWidget): boolean {
    return other.label === this.label;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-upload-placeholder';
    span.setAttribute('role', 'status');
    span.textContent = this.label;
    return span;
  }
  override ignoreEvent(): boolean {
    return true;
  }
}

function labelFor(files: readonly File[]): string {
  return files.length === 1 ? `Uploading ${files[0]!.name}…` : `Uploading ${files.length} files…`;
}

/** The files a paste or drop carries; empty for text, so CodeMirror handles it as before. */
function filesOf(data: DataTransfer | null): File[] {
  return data ? Array.from(data.files) : [];
}

/**
 * A paste that also carries text is a text paste: copying from a word processor or a spreadsheet
 * brings the words and a picture of them, and the user meant the words. Text that only names the
 * files (what a file manager puts beside a copied file) does not count.
 */
function carriesText(data: DataTransfer, files: readonly File[]): boolean {
  if (!Array.from(data.types).includes('text/plain')) return false;
  const lines = data
    .getData('text/plain')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const names = new Set(files.map((file) => file.name));
  return lines.some((line) => !names.has(line) && !names.has(line.slice(line.lastIndexOf('/') + 1)));
}

export function pasteAttachments(setup: PasteAttachmentsSetup): Extension {
  /**
   * The pending spots, mapped through each change with assoc -1: text typed exactly there after
   * the paste goes after the link, as if the link had been there all along.
   */
  const pendingField = StateField.define<readonly Pending[]>({
    create: () => [],
    update(pending, tr) {
      let next = tr.docChanged ? pending.map((p) => ({ ...p, pos: tr.changes.mapPos(p.pos, -1) })) : pending;
      for (const effect of tr.effects) {
        if (effect.is(addPending)) next = [...next, effect.value];
        else if (effect.is(removePending)) next = next.filter((p) => p.id !== effect.value);
      }
      return next;
    },
    provide: (field) =>
      EditorView.decorations.from(field, (pending): DecorationSet =>
        Decoration.set(
          [...pending]
            .sort((a, b) => a.pos - b.pos)
            .map((p) => Decoration.widget({ widget: new UploadingWidget(p.label), side: -1 }).range(p.pos)),
        ),
      ),
  });

  // Ids are per editor state: a new note gets a new state, whose field knows none of the old ones.
  let nextId = 1;

  const plugin = ViewPlugin.define((view) => {
    let destroyed = false;

    const start = (files: File[], pos: number): void => {
      const id = nextId++;
      view.dispatch({ effects: addPending.of({ id, pos, label: labelFor(files) }) });
      void Promise.allSettled(files.map((file) => setup.upload(file))).then((results) => {
        const links: string[] = [];
        results.forEach((result, index) => {
          if (result.status === 'fulfilled') links.push(result.value);
          else setup.onFailure(files[index]!, result.reason);
        });
        // The note was closed (its state replaced) or the editor went away: nothing to link into.
        if (destroyed) return;
        const pending = view.state.field(pendingField, false)?.find((p) => p.id === id);
        if (!pending) return;
        if (links.length === 0 || view.state.readOnly) {
          view.dispatch({ effects: removePending.of(id) });
          return;
        }
        const insert = links.join(view.state.lineBreak);
        const main = view.state.selection.main;
        // A cursor still sitting where the paste happened moves past the link, as after a text paste.
        const follow = main.empty && main.head === pending.pos;
        view.dispatch({
          changes: { from: pending.pos, insert },
          effects: removePending.of(id),
          ...(follow ? { selection: EditorSelection.cursor(pending.pos + insert.length) } : {}),
          userEvent: 'input.paste',
          // Its own undo step: never merged with the typing done while it uploaded.
          annotations: isolateHistory.of('full'),
          scrollIntoView: follow,
        });
      });
    };

    return {
      start,
      destroy() {
        destroyed = true;
      },
    };
  });

  const handlers = EditorView.domEventHandlers({
    paste(event, view) {
      const files = filesOf(event.clipboardData);
      if (files.length === 0 || (event.clipboardData && carriesText(event.clipboardData, files)))
        return false;
      event.preventDefault();
      if (view.state.readOnly) return true;
      view.plugin(plugin)?.start(files, view.state.selection.main.head);
      return true;
    },
    drop(event, view) {
      const files = filesOf(event.dataTransfer);
      if (files.length === 0) return false;
      // Also when read-only: the browser would otherwise open the file in place of the app.
      event.preventDefault();
      if (view.state.readOnly) return true;
      const pos = view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
      view.plugin(plugin)?.start(files, pos);
      return true;
    },
  });

  return [pendingField, plugin, handlers];
}
