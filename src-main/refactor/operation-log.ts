import type { NoteVersion } from '../../src-shared/api/notes-api';
import type { RefactorKind, UndoableOperation } from '../../src-shared/api/refactor-api';
import { QuireError } from '../errors';

/** A note's content as an operation found it, to write back on undo. */
export interface NoteContent {
  title: string;
  folder: string;
  body: string;
}

export interface OperationEntry {
  id: string;
  before: NoteContent;
  /** The version the operation wrote: undo's base, so an edit made since merges (E10). */
  after: NoteVersion;
}

export interface Operation {
  operationId: string;
  kind: Exclude<RefactorKind, 'undo'>;
  label: string;
  at: number;
  entries: OperationEntry[];
  undone: boolean;
}

export interface OperationLog {
  add(operation: Omit<Operation, 'undone'>): void;
  /**
   * The operation to undo, marked undone at once (two quick clicks undo once); refused when it
   * was undone already or is no longer remembered.
   */
  take(operationId: string): Operation;
  /** An undo that failed before writing anything: the operation can be undone again. */
  reopen(operationId: string): void;
  lastUndoable(): UndoableOperation | null;
}

/**
 * Kept in memory only, the last few operations and at most so many characters of text: an undo
 * is for the change just made (the toast's button, "Undo last rename"). After a restart every
 * note's earlier text is still in version history, and persisting a second copy of up to
 * thousands of notes per operation would cost more than it gives.
 */
export const OPERATIONS_KEPT = 20;
export const OPERATION_TEXT_KEPT = 64_000_000;

export function createOperationLog(
  limits = { operations: OPERATIONS_KEPT, chars: OPERATION_TEXT_KEPT },
): OperationLog {
  const operations: Operation[] = [];
  const sizeOf = (operation: Operation): number =>
    operation.entries.reduce((sum, entry) => sum + entry.before.body.length + entry.after.body.length, 0);

  const trim = (): void => {
    let total = operations.reduce((sum, operation) => sum + sizeOf(operation), 0);
    // The newest operation stays even when it alone is over the budget: it is the one undone.
    while (operations.length > 1 && (operations.length > limits.operations || total > limits.chars)) {
      const dropped = operations.shift();
      if (dropped) total -= sizeOf(dropped);
    }
  };

  const find = (operationId: string): Operation | undefined =>
    operations.find((operation) => operation.operationId === operationId);

  return {
    add(operation) {
      operations.push({ ...operation, undone: false });
      trim();
    },
    take(operationId) {
      const operation = find(operationId);
      if (!operation) throw new QuireError('UNDO_EXPIRED');
      if (operation.undone) throw new QuireError('ALREADY_UNDONE');
      operation.undone = true;
      return operation;
    },
    reopen(operationId) {
      const operation = find(operationId);
      if (operation) operation.undone = false;
    },
    lastUndoable() {
      const last = [...operations].reverse().find((operation) => !operation.undone);
      if (!last) return null;
      return { operationId: last.operationId, kind: last.kind, label: last.label, at: last.at };
    },
  };
}
