import type { QuireApi } from '../../../api/quire-api';
import { stripFrontmatter } from '../../../../../src-shared/markdown/frontmatter';
import { renderMarkdown } from '../markdown/render-markdown';
import { headingPosition } from './heading-target';
import type { LoadLinkPreview } from './hover-preview';
import { resolveEditorLink } from './resolve-editor-link';

/** About a screenful of the note: enough for a card, cheap to render on hover. */
const PREVIEW_CHARS = 1_500;

/** A first line `# Title` repeats the card's own title: left out. */
function withoutTitleHeading(body: string, title: string): string {
  const match = /^\s*#[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/.exec(body);
  return match && match[1]?.trim().toLowerCase() === title.trim().toLowerCase()
    ? body.slice(match[0].length)
    : body;
}

function beginning(text: string, heading: string | null, title: string): string {
  const body = heading ? stripFrontmatter(text) : withoutTitleHeading(stripFrontmatter(text), title);
  const at = heading ? headingPosition(body, heading) : null;
  const from = at ?? 0;
  const slice = body.slice(from, from + PREVIEW_CHARS);
  // Cut at a line end, so half a table row or a dangling `[[` does not render.
  const cut = slice.length === PREVIEW_CHARS ? slice.slice(0, Math.max(slice.lastIndexOf('\n'), 0)) : slice;
  return cut || slice;
}

/** Hover cards: the target note's title and rendered beginning, read only, through the host. */
export function createLinkPreviewLoader(api: QuireApi, folder: () => string = () => ''): LoadLinkPreview {
  return async (link, currentText) => {
    // Wikilinks inside the card show as links but are not looked up: the card is a glance.
    const render = (text: string, title: string): string =>
      renderMarkdown(beginning(text, link.heading, title), () => undefined).html;
    if (link.target === '') return { status: 'found', title: 'This note', html: render(currentText, '') };
    const found = await resolveEditorLink(api, link, folder());
    if (!found) return { status: 'missing', title: link.target };
    const note = await api.notes.get.query({ id: found.id });
    return { status: 'found', title: note.title, html: render(note.body, note.title) };
  };
}
