import { autocompletion } from '@codemirror/autocomplete';
import { markdownLanguage } from '@codemirror/lang-markdown';
import type { Extension } from '@codemirror/state';
import type { QuireApi } from '../../../api/quire-api';
import { failureReasonOf } from '../../../api/failures';
import { followLinks } from './follow-links';
import { hoverPreview } from './hover-preview';
import type { EditorLink } from './link-at';
import { linkCompletionSource } from './link-completion';
import { createLinkPreviewLoader } from './link-preview-loader';
import { linksTheme } from './links-theme';
import { resolveEditorLink } from './resolve-editor-link';

export interface LinkExtensionDeps {
  api: QuireApi;
  /** The open note's folder, read when needed: links resolve from it, as in Obsidian. */
  folder?: () => string;
  /** A link was followed (Ctrl/⌘+click or Enter); attachments are left to their own handling. */
  onFollow: (link: Exclude<EditorLink, { kind: 'attachment' }>) => void;
}

/** Trashed or deleted between two calls: nothing to offer, as for an unknown note. */
async function unlessGone<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (failureReasonOf(error) === 'NOTE_NOT_FOUND') return null;
    throw error;
  }
}

/** Links in the editor: follow them, glance at their target, and complete them after `[[`. */
export function linkExtensions({ api, folder = () => '', onFollow }: LinkExtensionDeps): Extension {
  const noteId = async (target: string): Promise<string | null> =>
    (await api.links.resolve.query({ target, sourceFolder: folder() }))?.id ?? null;
  const source = linkCompletionSource({
    suggest: (query, limit) => api.links.suggest.query({ query, limit }),
    async headings(target) {
      const id = await noteId(target);
      return id === null ? null : unlessGone(api.links.headings.query({ id }));
    },
    async blocks(target, query) {
      const id = await noteId(target);
      return id === null ? null : unlessGone(api.links.blocks.query({ id, query }));
    },
  });
  const follow = (link: Exclude<EditorLink, { kind: 'attachment' }>): void => {
    if (link.kind !== 'note' || link.target === '') return onFollow(link);
    // Resolved here, where the note's folder is known, so following agrees with the preview.
    resolveEditorLink(api, link, folder()).then(
      (found) => onFollow({ ...link, id: found?.id ?? null }),
      // Not knowing is not "no such note": the caller looks it up again by name.
      () => onFollow(link),
    );
  };
  return [
    followLinks((link) => {
      if (link.kind !== 'attachment') follow(link);
    }),
    hoverPreview(createLinkPreviewLoader(api, folder)),
    autocompletion(),
    markdownLanguage.data.of({ autocomplete: source }),
    linksTheme,
  ];
}
