import { titleOrUntitled } from '../../../../src-shared/note-title';
import { mergeNotes } from '../../../../src-shared/sync/merge';
import type { MergeNotice, NoteVersion, NoteWriteResult } from '../../../../src-shared/api/notes-api';
import { toReplicatedNote, type ReplicatedNote } from '../../../../src-shared/sync/protocol';

export interface NoteSessionDeps {
  /** `notes.update`: the write with its base (editing rule E1). */
  update(input: { id: string; base: NoteVersion; title?: string; body?: string }): Promise<NoteWriteResult>;
  /** This device's name, for the conflict markers' labels (M10). */
  deviceName(): string;
  now(): number;
}

export type NoteSessionEvent =
  /** The text or title changed by a merge or a newer version, not by the user: show it. */
  | { kind: 'content' }
  /** The host's version changed (trash state, review flag…), whatever the text did. */
  | { kind: 'version' }
  /** Edits from elsewhere were merged into what the user had (E3, E9). */
  | { kind: 'merged'; notice: MergeNotice }
  /** The text differs from what the host has: a save should be scheduled. */
  | { kind: 'dirty' };

/** The editor showing the session's text: read at the moment of a merge, written right after. */
export interface EditorBinding {
  read(): string;
  /** Shows new text as changed ranges (E8). */
  apply(text: string): void;
}

/**
 * One open note in one window: the version the host last gave us (the base of our next write),
 * and the text and title the user has in front of them (editing rules E4, E8, E9).
 *
 * - `edit` records what the user typed. `save` sends it with its base, and reconciles the answer
 *   against the text that was sent, so keystrokes typed meanwhile stay.
 * - `receive` takes a newer version (another window, sync). With unsaved edits it merges
 *   base/ours/theirs exactly as the host would; without, it simply adopts the version.
 * - While a save is out, newer versions wait for its answer: the answer is the host's version
 *   after our write, and reconciling both in order keeps every edit exactly once.
 *
 * Framework-free so every interleaving can be tested without React or a host.
 */
export class NoteSession {
  private base: NoteVersion;
  private bodyText: string;
  private titleText: string;
  private sending: { title: string; body: string } | null = null;
  private waiting: NoteVersion | null = null;
  private editor: EditorBinding | null = null;
  private readonly listeners = new Set<(event: NoteSessionEvent) => void>();

  constructor(
    initial: NoteVersion,
    private readonly deps: NoteSessionDeps,
  ) {
    this.base = initial;
    this.bodyText = initial.body;
    this.titleText = initial.title;
  }

  get id(): string {
    return this.base.id;
  }
  /** The newest version of the note the host has given us. */
  get version(): NoteVersion {
    return this.base;
  }
  get text(): string {
    return this.bodyText;
  }
  get title(): string {
    return this.titleText;
  }

  /** True while the user's text or title is not what the host has, or a save is out. */
  hasUnsavedChanges(): boolean {
    return this.sending !== null || this.differsFromBase();
  }

  /**
   * Binds the editor. A merge reads the editor's text at that very moment and writes the result
   * back at once, so a keystroke can never land between the two and be overwritten or dropped.
   */
  attach(editor: EditorBinding): () => void {
    this.editor = editor;
    if (editor.read() !== this.bodyText) editor.apply(this.bodyText);
    return () => {
      if (this.editor === editor) this.editor = null;
    };
  }

  subscribe(listener: (event: NoteSessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the user typed. */
  edit(change: { body?: string; title?: string }): void {
    if (change.body !== undefined) this.bodyText = change.body;
    if (change.title !== undefined) this.titleText = change.title;
    if (this.differsFromBase()) this.emit({ kind: 'dirty' });
  }

  /** A version from the host (change feed). Older or equal revisions are ignored. */
  receive(version: NoteVersion): void {
    if (version.id !== this.base.id || version.revision <= this.newestRevision()) return;
    if (this.sending) {
      this.waiting = version;
      return;
    }
    this.reconcile(this.base, version);
  }

  /**
   * Sends the user's text with its base (E1) and takes the answer as the new base (E4). Throws
   * what the host threw; the text stays unsaved and a later save sends it again.
   */
  async save(): Promise<void> {
    this.readEditor();
    if (this.sending || !this.differsFromBase()) return;
    const base = this.base;
    const sent = { title: this.titleText, body: this.bodyText };
    const input: { id: string; base: NoteVersion; title?: string; body?: string } = { id: base.id, base };
    if (titleOrUntitled(sent.title) !== base.title) input.title = titleOrUntitled(sent.title);
    if (sent.body !== base.body) input.body = sent.body;
    this.sending = sent;
    let result: NoteWriteResult;
    try {
      result = await this.deps.update(input);
    } catch (error) {
      this.sending = null;
      this.takeWaiting();
      throw error;
    }
    this.sending = null;
    // The host wrote `sent` over `base`, merging what it had meanwhile: reconcile against `sent`,
    // so what was typed since the save left is kept on top of the host's result.
    const sentVersion: NoteVersion = { ...base, title: sent.title, body: sent.body };
    if (result.note.revision > base.revision) this.reconcile(sentVersion, result.note, result.merge);
    this.takeWaiting();
  }

  private takeWaiting(): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting && waiting.revision > this.base.revision) this.reconcile(this.base, waiting);
  }

  private newestRevision(): number {
    return Math.max(this.base.revision, this.waiting?.revision ?? -1);
  }

  private readEditor(): void {
    if (this.editor) this.bodyText = this.editor.read();
  }

  private differsFromBase(): boolean {
    return this.bodyText !== this.base.body || titleOrUntitled(this.titleText) !== this.base.title;
  }

  /**
   * E9: `from` is what our text was derived from, `incoming` the host's newer version. Unsaved
   * edits (our text vs `from`) are merged with what `incoming` changed (vs `from`).
   */
  private reconcile(from: NoteVersion, incoming: NoteVersion, hostMerge: MergeNotice | null = null): void {
    this.readEditor();
    const oursChanged =
      this.bodyText !== from.body || titleOrUntitled(this.titleText) !== titleOrUntitled(from.title);
    const theirsChanged = incoming.body !== from.body || incoming.title !== titleOrUntitled(from.title);
    let body = incoming.body;
    let title = incoming.title;
    let conflicted = false;
    if (oursChanged && theirsChanged) {
      const result = mergeNotes({
        base: replicated(from, from.title, from.body, from.updatedAt),
        ours: replicated(
          from,
          this.titleText,
          this.bodyText,
          Math.max(this.deps.now(), incoming.updatedAt + 1),
        ),
        theirs: replicated(incoming, incoming.title, incoming.body, incoming.updatedAt),
        labels: {
          ours: this.deps.deviceName(),
          theirs:
            incoming.writtenBy === 'local' ? `${this.deps.deviceName()} (another window)` : 'another device',
        },
      });
      body = result.merged.body;
      title = result.merged.title;
      conflicted = result.conflicted;
    } else if (oursChanged) {
      body = this.bodyText;
      title = this.titleText;
    }
    // Keep the user's own spelling of a title the host only normalised ("Plan " while typing).
    if (titleOrUntitled(title) === titleOrUntitled(this.titleText)) title = this.titleText;
    this.base = incoming;
    const contentChanged = body !== this.bodyText || title !== this.titleText;
    if (body !== this.bodyText) this.editor?.apply(body);
    this.bodyText = body;
    this.titleText = title;
    if (contentChanged) this.emit({ kind: 'content' });
    this.emit({ kind: 'version' });
    if (hostMerge) this.emit({ kind: 'merged', notice: hostMerge });
    else if (oursChanged && theirsChanged) {
      const from = incoming.writtenBy === 'local' ? 'another-window' : 'another-device';
      this.emit({ kind: 'merged', notice: { from, conflicted, restored: false } });
    }
    if (this.differsFromBase()) this.emit({ kind: 'dirty' });
  }

  private emit(event: NoteSessionEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

function replicated(note: NoteVersion, title: string, body: string, updatedAt: number): ReplicatedNote {
  // Tags are derived from the body by the merge; the version's own are not compared.
  return toReplicatedNote({ ...note, title, body, tags: [], updatedAt });
}
