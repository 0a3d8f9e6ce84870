import type { QuireApi } from '../../../api/quire-api';
import type { EditorLink } from './link-at';

/** The note an editor link names from the open note's folder (Obsidian's rules); null when none. */
export function resolveEditorLink(
  api: Pick<QuireApi, 'links'>,
  link: Extract<EditorLink, { kind: 'note' }>,
  folder: string,
): Promise<{ id: string } | null> {
  return link.markdownPath !== undefined
    ? api.links.resolve.query({ target: link.markdownPath, sourceFolder: folder, kind: 'markdown' })
    : api.links.resolve.query({ target: link.target, sourceFolder: folder });
}
