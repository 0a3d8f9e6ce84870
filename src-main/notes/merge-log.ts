import type { MergeNotice } from '../../src-shared/api/notes-api';

/** One merge of a note on this device (editing rule E7): what the user had just before it. */
export interface MergeRecord extends MergeNotice {
  id: string;
  at: number;
  before: { title: string; body: string };
}

export interface MergeLog {
  add(record: MergeRecord): void;
  /** Newest first. */
  of(id: string): MergeRecord[];
}

const PER_NOTE = 20;
const NOTES = 500;

/**
 * The merges of this session, bounded in notes and entries. It is a convenience for version
 * history ("what I had before the merge"); nothing depends on it for correctness: every merge
 * keeps both sides' text in the note itself (M1) and the sync server keeps replaced versions (R11).
 */
export function createMergeLog(): MergeLog {
  const byNote = new Map<string, MergeRecord[]>();
  return {
    add(record) {
      const list = byNote.get(record.id) ?? [];
      byNote.delete(record.id);
      byNote.set(record.id, [record, ...list].slice(0, PER_NOTE));
      if (byNote.size > NOTES) {
        const oldest = byNote.keys().next().value;
        if (oldest !== undefined) byNote.delete(oldest);
      }
    },
    of: (id) => [...(byNote.get(id) ?? [])],
  };
}
