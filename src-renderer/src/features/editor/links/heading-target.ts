import { extractHeadings, headingKey } from '../../../../../src-shared/markdown/headings';

/**
 * Where `[[Note#Heading]]` lands in the note's text: the first heading whose text matches (case,
 * spacing and emphasis aside), else the first one that starts with it; null when none does.
 */
export function headingPosition(text: string, heading: string): number | null {
  const wanted = headingKey(heading);
  if (wanted === '') return null;
  const headings = extractHeadings(text);
  const exact = headings.find((h) => headingKey(h.text) === wanted);
  const found = exact ?? headings.find((h) => headingKey(h.text).startsWith(wanted));
  return found ? found.from : null;
}
