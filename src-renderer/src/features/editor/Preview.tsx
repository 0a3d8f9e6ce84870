import { useMemo, type MouseEvent } from 'react';
import { extractWikiLinks } from '../../../../src-shared/markdown/wikilinks';
import { titleKey } from '../../../../src-shared/note-title';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { renderMarkdown } from './markdown/render-markdown';
import { useTitleIds } from './useTitleIds';
import { FrontmatterTable } from './FrontmatterTable';

interface PreviewProps {
  text: string;
  /** A wikilink was followed: the target's id if it exists, else null (the caller may create it). */
  onOpenLink: (title: string, id: string | null) => void;
}

/** The rendered, sanitised note, beside the editor. */
export function Preview({ text, onOpenLink }: PreviewProps) {
  // Rendering a long note on every keystroke would make typing lag; a short pause is invisible.
  const settledText = useDebouncedValue(text, 120);
  // A cheap scan finds the targets to look up before the (costlier) render that needs their ids.
  // Kept as a string so that typing which leaves the links alone does not re-watch them.
  const targetsKey = useMemo(
    () => JSON.stringify([...new Set(extractWikiLinks(settledText).map((link) => link.target))]),
    [settledText],
  );
  const targets = useMemo(() => JSON.parse(targetsKey) as string[], [targetsKey]);
  const ids = useTitleIds(targets);
  const rendered = useMemo(
    () => renderMarkdown(settledText, (title) => ids.get(titleKey(title))),
    [settledText, ids],
  );

  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    if (!(event.target instanceof Element)) return;
    const link = event.target.closest('a[data-wikilink]');
    if (!link) return;
    event.preventDefault();
    const title = link.getAttribute('data-wikilink') ?? '';
    onOpenLink(title, link.getAttribute('data-note-id'));
  };

  return (
    <div
      className="preview"
      data-testid="preview"
      role="region"
      aria-label="Preview"
      tabIndex={-1}
      onClick={onClick}
    >
      <article className="preview-body">
        <FrontmatterTable frontmatter={rendered.frontmatter} />
        <div className="markdown" dangerouslySetInnerHTML={{ __html: rendered.html }} />
      </article>
    </div>
  );
}
