import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type Ref } from 'react';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { embeddedAttachmentTargets, renderMarkdown } from './markdown/render-markdown';
import { FrontmatterTable } from './FrontmatterTable';
import { useAttachments } from './preview-embeds/useAttachments';
import { attachmentSrc } from './preview-embeds/attachment-src';
import { usePreviewLinks } from './preview-embeds/usePreviewLinks';
import { useEmbeddedAttachments } from './preview-embeds/useEmbeddedAttachments';
import { revealPreviewHeading } from './preview-embeds/reveal-heading';
import './preview-embeds/note-embeds.css';
import { loadFenceLanguages } from './markdown/code-highlight';
import './markdown/preview-code.css';

interface PreviewProps {
  text: string;
  /** The note's folder: relative embeds (`![](img/a.png)`) resolve from it, as in Obsidian. */
  folder?: string;
  /** The note shown: `![[#Heading]]` embeds its own section, and it is never embedded in itself. */
  noteId?: string | undefined;
  /** A wikilink was followed: the target's id if it exists, else null (the caller may create it). */
  /** A wikilink was clicked: its note (id when known), and the heading after `#` if it names one. */
  onOpenLink: (title: string, id: string | null, heading?: string | null) => void;
  /** An inline `#tag` chip was clicked: list the notes with that tag. */
  onTagClick?: ((tag: string) => void) | undefined;
  /** Task boxes are live unless the note is read-only. */
  readOnly?: boolean;
  /** A task box was ticked or cleared (`offset` is its `[` in the note's text); false if it could not be. */
  onToggleTask?: (offset: number, done: boolean) => boolean;
  /** The scrolling element, for scrolling along with the editor. */
  scrollRef?: Ref<HTMLDivElement>;
  /** After each render reaches the page (the scroll sync realigns). */
  onRendered?: () => void;
}

/** The rendered, sanitised note, beside the editor. */
export function Preview({
  text,
  folder = '',
  noteId,
  onOpenLink,
  onTagClick,
  readOnly = false,
  onToggleTask,
  scrollRef,
  onRendered,
}: PreviewProps) {
  // Rendering a long note on every keystroke would make typing lag; a short pause is invisible.
  const settledText = useDebouncedValue(text, 120);
  // A cheap scan finds the links and note embeds to look up (from this note's folder, by
  // Obsidian's rules) before the (costlier) render that needs their answers.
  const links = usePreviewLinks(folder, noteId, settledText);
  const embeddedAttachments = useEmbeddedAttachments(links.embeds);
  // The same for attachment embeds: all of one render's targets go to the host in one call.
  const embedsKey = useMemo(() => JSON.stringify(embeddedAttachmentTargets(settledText)), [settledText]);
  const embedTargets = useMemo(() => JSON.parse(embedsKey) as string[], [embedsKey]);
  const attachments = useAttachments(folder, embedTargets);
  // Bumped when code languages finish loading: the same text renders again, highlighted.
  const [languagesLoaded, setLanguagesLoaded] = useState(0);
  const interactiveTasks = !readOnly && onToggleTask !== undefined;
  const rendered = useMemo(
    () =>
      renderMarkdown(
        settledText,
        links.resolve,
        { lookup: (target) => attachments.get(target), src: attachmentSrc },
        { interactiveTasks, noteEmbeds: links.embed, embeddedAttachments },
      ),
    // languagesLoaded: not read, but a render after a load finds the languages loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [settledText, links, attachments, embeddedAttachments, interactiveTasks, languagesLoaded],
  );
  const languagesKey = rendered.codeLanguages.join('\n');
  useEffect(() => {
    if (languagesKey === '') return;
    let live = true;
    void loadFenceLanguages(languagesKey.split('\n')).then((loaded) => {
      if (loaded && live) setLanguagesLoaded((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [languagesKey]);
  useLayoutEffect(() => onRendered?.(), [rendered.html, onRendered]);
  // Back at the rendered text (an undo inside the debounce): React leaves equal HTML alone, so the
  // boxes the user clicked would keep their clicked state; put them back to what the text says.
  const bodyRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (text !== settledText) return;
    for (const box of bodyRef.current?.querySelectorAll<HTMLInputElement>('input[data-task]') ?? []) {
      box.checked = box.defaultChecked;
    }
  }, [text, settledText]);

  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    if (!(event.target instanceof Element)) return;
    if (event.target instanceof HTMLInputElement && event.target.hasAttribute('data-task')) {
      const offset = Number(event.target.getAttribute('data-task'));
      // Only boxes this render placed: a note's own <input data-task> changes nothing.
      // Refused (a stale offset): the box goes back rather than show what the text does not say.
      if (!rendered.taskOffsets.has(offset) || !onToggleTask?.(offset, event.target.checked)) {
        event.preventDefault();
      }
      return;
    }
    const chip = event.target.closest('a.tag-chip[data-tag]');
    if (chip) {
      event.preventDefault();
      onTagClick?.(chip.getAttribute('data-tag') ?? '');
      return;
    }
    const link = event.target.closest('a[data-wikilink]');
    if (!link) return;
    event.preventDefault();
    const title = link.getAttribute('data-wikilink') ?? '';
    const heading = link.getAttribute('data-heading');
    // `[[#Heading]]`: a heading of this note, scrolled to here.
    if (title === '') {
      if (heading) revealPreviewHeading(bodyRef.current, heading);
      return;
    }
    onOpenLink(title, link.getAttribute('data-note-id'), heading);
  };

  return (
    <div
      ref={scrollRef}
      className="preview"
      data-testid="preview"
      role="region"
      aria-label="Preview"
      tabIndex={-1}
      onClick={onClick}
    >
      <article className="preview-body">
        <FrontmatterTable frontmatter={rendered.frontmatter} />
        <div ref={bodyRef} className="markdown" dangerouslySetInnerHTML={{ __html: rendered.html }} />
      </article>
    </div>
  );
}
