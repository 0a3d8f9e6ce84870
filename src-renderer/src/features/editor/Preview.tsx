import { useMemo, type MouseEvent } from 'react';
import { extractWikiLinks } from '../../../../src-shared/markdown/wikilinks';
import { titleKey } from '../../../../src-shared/note-title';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { embeddedAttachmentTargets, renderMarkdown } from './markdown/render-markdown';
import { useTitleIds } from './useTitleIds';
import { FrontmatterTable } from './FrontmatterTable';
import { useAttachments } from './preview-embeds/useAttachments';
import { attachmentSrc } from './preview-embeds/attachment-src';

interface PreviewProps {
  text: string;
  /** The note's folder: relative embeds (`![](img/a.png)`) resolve from it, as in Obsidian. */
  folder?: string;
  /** A wikilink was followed: the target's id if it exists, else null (the caller may create it). */
  onOpenLink: (title: string, id: string | null) => void;
}

/** The rendered, sanitised note, beside the editor. */
export function Preview({ text, folder = '', onOpenLink }: PreviewProps) {
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
  // The same for attachment embeds: all of one render's targets go to the host in one call.
  const embedsKey = useMemo(() => JSON.stringify(embeddedAttachmentTargets(settledText)), [settledText]);
  const embedTargets = useMemo(() => JSON.parse(embedsKey) as string[], [embedsKey]);
  const attachments = useAttachments(folder, embedTargets);
  const rendered = useMemo(
    () =>
      renderMarkdown(settledText, (title) => ids.get(titleKey(title)), {
        lookup: (target) => attachments.get(target),
        src: attachmentSrc,
      }),
    [settledText, ids, attachments],
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
