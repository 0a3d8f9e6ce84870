/**
 * The conflict markers a sync merge writes into a note body (docs/sync-protocol.md M6, M10),
 * defined once: the writer (conflictMarkerLines) and the parser (../conflict-blocks.ts) both
 * read these prefixes.
 */

export interface ConflictLabels {
  ours: string;
  theirs: string;
}

/**
 * A conflict block is a line starting with CONFLICT_OPEN_PREFIX (then the end of the line, or a
 * space and the label of ours), ours' lines, a line that is exactly CONFLICT_SEPARATOR, theirs'
 * lines, and a line starting with CONFLICT_CLOSE_PREFIX (then the end, or a space and a label).
 */
export const CONFLICT_OPEN_PREFIX = '<<<<<<<';
export const CONFLICT_SEPARATOR = '=======';
export const CONFLICT_CLOSE_PREFIX = '>>>>>>>';

export interface ConflictMarkerLines {
  open: string;
  separator: string;
  close: string;
}

const LABEL_MAX_LENGTH = 60;

/** The three marker lines of a conflict block between ours and theirs (M6, M10). */
export function conflictMarkerLines(labels: ConflictLabels): ConflictMarkerLines {
  return {
    open: `${CONFLICT_OPEN_PREFIX} ${sanitizeLabel(labels.ours, 'this device')}`,
    separator: CONFLICT_SEPARATOR,
    close: `${CONFLICT_CLOSE_PREFIX} ${sanitizeLabel(labels.theirs, 'another device')}`,
  };
}

/** One line (a label with a line break would end the marker early), trimmed, not too long. */
function sanitizeLabel(label: string, fallback: string): string {
  const line = label.replace(/[\r\n\t\v\f\u0085\u2028\u2029]/g, ' ').trim();
  // Cut by code points, so never inside a surrogate pair.
  const cut = Array.from(line).slice(0, LABEL_MAX_LENGTH).join('').trimEnd();
  return cut === '' ? fallback : cut;
}
