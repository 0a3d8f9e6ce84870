import { extractHeadings, headingKey } from '../../../../src-shared/markdown/headings';

/** Headings past this many are not followed (a generated note can have thousands). */
const HEADINGS_FOLLOWED = 500;

export function headingTexts(body: string): string[] {
  return extractHeadings(body, HEADINGS_FOLLOWED).map((heading) => heading.text);
}

/**
 * The one heading an edit renamed: the same headings in the same order but one whose text
 * changed (as links see it). Null when none changed, several did, or headings came or went.
 */
export function renamedHeading(
  before: readonly string[],
  after: readonly string[],
): { index: number; from: string; to: string } | null {
  if (before.length !== after.length) return null;
  let found: { index: number; from: string; to: string } | null = null;
  for (let index = 0; index < before.length; index += 1) {
    if (headingKey(before[index]!) === headingKey(after[index]!)) continue;
    if (found) return null;
    found = { index, from: before[index]!, to: after[index]! };
  }
  return found;
}

/**
 * Follows one note's headings across saves, remembering what each renamed heading was called
 * before the user started retyping it: links name that text, not the half-typed ones between.
 */
export class HeadingTracker {
  private headings: string[] | null = null;
  private readonly originals = new Map<number, string>();

  /** A saved body; the rename (original → current) to offer, if one heading changed. */
  next(body: string): { from: string; to: string } | null {
    const after = headingTexts(body);
    const before = this.headings;
    this.headings = after;
    if (!before) return null;
    if (before.length !== after.length) {
      this.originals.clear();
      return null;
    }
    const change = renamedHeading(before, after);
    if (!change) return null;
    const from = this.originals.get(change.index) ?? change.from;
    if (headingKey(from) === headingKey(change.to)) {
      this.originals.delete(change.index);
      return null;
    }
    this.originals.set(change.index, from);
    return { from, to: change.to };
  }

  /** The links were updated (or the offer declined): the heading's current text is its name now. */
  settle(from: string): void {
    for (const [index, original] of this.originals) if (original === from) this.originals.delete(index);
  }
}
