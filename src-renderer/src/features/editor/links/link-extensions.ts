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

export interface LinkExtensionDeps {
  api: QuireApi;
  /** A link was followed (Ctrl/⌘+click or Enter); attachments are left to their own handling. */
  onFollow: (link: Exclude<EditorLink, { kind: 'attachment' }>) => void;
}

/** Links in the editor: follow them, glance at their target, and complete them after `[[`. */
export function linkExtensions({ api, onFollow }: LinkExtensionDeps): Extension {
  const source = linkCompletionSource({
    suggest: (query, limit) => api.links.suggest.query({ query, limit }),
    async headings(target) {
      const found = await api.links.resolve.query({ target });
      if (!found) return null;
      try {
        return await api.links.headings.query({ id: found.id });
      } catch (error) {
        // Trashed or deleted between the two calls: no headings to offer, as for an unknown note.
        if (failureReasonOf(error) === 'NOTE_NOT_FOUND') return null;
        throw error;
      }
    },
  });
  return [
    followLinks((link) => {
      if (link.kind !== 'attachment') onFollow(link);
    }),
    hoverPreview(createLinkPreviewLoader(api)),
    autocompletion(),
    markdownLanguage.data.of({ autocomplete: source }),
    linksTheme,
  ];
}
