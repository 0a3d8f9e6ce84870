import type { NoteVersion } from '../../../../src-shared/api/notes-api';
import { NoteSession, type NoteSessionDeps } from './note-session';

/**
 * The window's open notes, one `NoteSession` each, shared by the editor that shows a note and the
 * autosave queue that saves it. A session outlives its editor until its last edit is saved, so
 * switching notes in mid-sentence never strands a keystroke.
 */
export class NoteSessions {
  private readonly sessions = new Map<string, { session: NoteSession; users: number }>();
  private deviceName = 'this device';
  private readonly deps: NoteSessionDeps & { get(id: string): Promise<NoteVersion> };

  constructor(deps: Omit<NoteSessionDeps, 'deviceName'> & { get(id: string): Promise<NoteVersion> }) {
    this.deps = { ...deps, deviceName: () => this.deviceName };
  }

  /** The name the sync server knows this device by (M10 labels); 'this device' when signed out. */
  setDeviceName(name: string): void {
    this.deviceName = name;
  }

  /** The session of a note the host just returned; an existing one takes the version in. */
  open(version: NoteVersion): NoteSession {
    const entry = this.sessions.get(version.id);
    if (entry) {
      entry.users += 1;
      entry.session.receive(version);
      return entry.session;
    }
    const session = new NoteSession(version, this.deps);
    this.sessions.set(version.id, { session, users: 1 });
    return session;
  }

  get(id: string): NoteSession | undefined {
    return this.sessions.get(id)?.session;
  }

  release(session: NoteSession): void {
    const entry = this.sessions.get(session.id);
    if (!entry || entry.session !== session) return;
    entry.users -= 1;
    this.dropIfIdle(session.id);
  }

  /**
   * Autosave's save: the session sends its own text with its own base. A patch for a note with
   * no session (nothing in this window shows it) is written over the note as the host has it now.
   */
  async save(id: string, patch: { title?: string; body?: string }): Promise<void> {
    const entry = this.sessions.get(id);
    if (!entry) {
      if (patch.title === undefined && patch.body === undefined) return;
      const base = await this.deps.get(id);
      await this.deps.update({ id, base, ...patch });
      return;
    }
    try {
      await entry.session.save();
    } finally {
      this.dropIfIdle(id);
    }
  }

  private dropIfIdle(id: string): void {
    const entry = this.sessions.get(id);
    if (entry && entry.users <= 0 && !entry.session.hasUnsavedChanges()) this.sessions.delete(id);
  }
}
