import type { RefactorResult } from '../../../../src-shared/api/refactor-api';

const plural = (count: number, one: string, many: string): string =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** What a toast says after an operation: "Renamed · updated 3 links in 2 notes". */
export function resultMessage(done: string, result: RefactorResult): string {
  const what = result.kind === 'rename-tag' ? ['tag', 'tags'] : ['link', 'links'];
  if (result.linksRewritten === 0) return done;
  return `${done} · updated ${plural(result.linksRewritten, what[0]!, what[1]!)} in ${plural(result.linkedNotes, 'note', 'notes')}`;
}

/** What the toast says after an undo. */
export function undoMessage(result: RefactorResult): string {
  if (result.notesChanged === 0) return 'Nothing left to undo';
  return `Undone · ${plural(result.notesChanged, 'note', 'notes')} restored`;
}
