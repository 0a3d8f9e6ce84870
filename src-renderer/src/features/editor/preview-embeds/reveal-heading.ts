import { headingKey } from '../../../../../src-shared/markdown/headings';

/** Scrolls the preview to its first heading (outside embeds) whose text matches `heading`. */
export function revealPreviewHeading(root: HTMLElement | null, heading: string): boolean {
  if (!root) return false;
  const wanted = headingKey(heading.split('#').at(-1) ?? heading);
  for (const element of root.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')) {
    if (element.closest('.note-embed')) continue;
    if (headingKey(element.textContent ?? '') !== wanted) continue;
    element.scrollIntoView?.({ block: 'start' });
    return true;
  }
  return false;
}
