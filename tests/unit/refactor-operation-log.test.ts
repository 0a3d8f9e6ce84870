import { describe, expect, it } from 'vitest';
import { createOperationLog, type OperationEntry } from '../../src-main/refactor/operation-log';
import type { NoteVersion } from '../../src-shared/api/notes-api';
import { QuireError } from '../../src-main/errors';

function entry(id: string, body: string): OperationEntry {
  const after: NoteVersion = {
    id,
    title: id,
    body,
    tags: [],
    folder: '',
    createdAt: 1,
    updatedAt: 2,
    trashedAt: 0,
    needsReview: false,
    revision: 2,
    writtenBy: 'local',
  };
  return { id, before: { title: id, folder: '', body }, after };
}

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof QuireError ? error.reason : String(error);
  }
  return 'no error';
}

describe('the refactor operation log (E10)', () => {
  it('E10: keeps the last operations within its bounds, the newest always', () => {
    const log = createOperationLog({ operations: 2, chars: 10 });
    log.add({ operationId: 'a', kind: 'rename-note', label: 'A', at: 1, entries: [entry('n', 'xx')] });
    log.add({ operationId: 'b', kind: 'rename-tag', label: 'B', at: 2, entries: [entry('n', 'xx')] });
    log.add({ operationId: 'c', kind: 'move-folder', label: 'C', at: 3, entries: [entry('n', 'xx')] });
    expect(reasonOf(() => log.take('a'))).toBe('UNDO_EXPIRED');
    // Over the character budget on its own, the newest is still kept: it is the one undone.
    log.add({
      operationId: 'd',
      kind: 'rename-note',
      label: 'D',
      at: 4,
      entries: [entry('n', 'x'.repeat(50))],
    });
    expect(reasonOf(() => log.take('c'))).toBe('UNDO_EXPIRED');
    expect(log.lastUndoable()).toEqual({ operationId: 'd', kind: 'rename-note', label: 'D', at: 4 });
  });

  it('E10: an operation is taken once; a failed undo can reopen it', () => {
    const log = createOperationLog();
    log.add({ operationId: 'a', kind: 'rename-note', label: 'A', at: 1, entries: [entry('n', 'x')] });
    expect(log.take('a').entries).toHaveLength(1);
    expect(reasonOf(() => log.take('a'))).toBe('ALREADY_UNDONE');
    expect(log.lastUndoable()).toBeNull();
    log.reopen('a');
    expect(log.lastUndoable()?.operationId).toBe('a');
  });
});
