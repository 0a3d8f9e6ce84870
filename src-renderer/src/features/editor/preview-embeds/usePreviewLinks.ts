import { useEffect, useMemo, useState } from 'react';
import {
  LINK_EMBEDS_MAX,
  LINK_RESOLVE_MANY_MAX,
  type LinkEmbedResult,
} from '../../../../../src-shared/api/links-api';
import {
  embedKey,
  embedTargetsOf,
  type EmbedRequestTarget,
} from '../../../../../src-shared/markdown/links/link-sections';
import {
  linkLookupKey,
  parseLinks,
  type LinkKind,
} from '../../../../../src-shared/markdown/links/link-syntax';
import { useServices } from '../../../api/useServices';

export interface PreviewLinks {
  /** A link's note id, null for none, undefined while it is being looked up. */
  resolve: (target: string, kind: LinkKind) => string | null | undefined;
  /** An embed's answer, undefined while it is being asked for. */
  embed: (target: EmbedRequestTarget) => LinkEmbedResult | undefined;
  /** Every embed answer, for what the embedded parts show in turn (their attachments). */
  embeds: readonly LinkEmbedResult[];
}

interface Answers {
  ids: ReadonlyMap<string, string | null>;
  embeds: ReadonlyMap<string, LinkEmbedResult>;
}

const NONE: Answers = { ids: new Map(), embeds: new Map() };

/** The distinct links and embeds of a text, as one stable key (typing elsewhere changes nothing). */
function requestOf(text: string): string {
  const links = new Map<string, { target: string; kind: LinkKind }>();
  for (const link of parseLinks(text)) {
    if (link.target === '') continue;
    const kind = link.kind === 'markdown' ? 'markdown' : 'wikilink';
    links.set(linkLookupKey(link.target, kind), { target: link.target, kind });
  }
  return JSON.stringify({
    links: [...links.values()].slice(0, LINK_RESOLVE_MANY_MAX),
    embeds: embedTargetsOf(text).slice(0, LINK_EMBEDS_MAX),
  });
}

/**
 * The preview's links and note embeds, resolved by the host from the note's folder (Obsidian's
 * rules): one `links.resolveMany` and one `links.embeds` call per change of what the note links
 * to, and again after any note changes (a rename, a new note, an edit of an embedded one).
 */
export function usePreviewLinks(folder: string, sourceId: string | undefined, text: string): PreviewLinks {
  const { api, changes } = useServices();
  const key = useMemo(() => requestOf(text), [text]);
  const [answers, setAnswers] = useState<{ key: string; folder: string; answers: Answers }>({
    key: '',
    folder,
    answers: NONE,
  });

  useEffect(() => {
    const request = JSON.parse(key) as {
      links: { target: string; kind: LinkKind }[];
      embeds: EmbedRequestTarget[];
    };
    if (request.links.length === 0 && request.embeds.length === 0) return undefined;
    let stopped = false;
    let latest = 0;
    const load = (): void => {
      const call = (latest += 1);
      Promise.all([
        request.links.length === 0
          ? Promise.resolve([])
          : api.links.resolveMany.query({ sourceFolder: folder, targets: request.links }),
        request.embeds.length === 0
          ? Promise.resolve([])
          : api.links.embeds.query({
              sourceFolder: folder,
              targets: request.embeds,
              ...(sourceId ? { sourceId } : {}),
            }),
      ]).then(
        ([ids, embeds]) => {
          if (stopped || call !== latest) return;
          setAnswers({
            key,
            folder,
            answers: {
              ids: new Map(
                request.links.map((link, i) => [linkLookupKey(link.target, link.kind), ids[i] ?? null]),
              ),
              embeds: new Map(request.embeds.map((target, i) => [embedKey(target), embeds[i] ?? null])),
            },
          });
        },
        // Left as they were (loading, or the last answer): a failed lookup is not "no such note".
        () => undefined,
      );
    };
    load();
    const unsubscribe = changes.subscribe(() => load());
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [api, changes, folder, sourceId, key]);

  // Answers for another folder would resolve links differently: not shown.
  const current = answers.folder === folder ? answers.answers : NONE;
  return useMemo(
    () => ({
      resolve: (target, kind) =>
        current.ids.get(linkLookupKey(target, kind === 'markdown' ? 'markdown' : 'wikilink')),
      embed: (target) => current.embeds.get(embedKey(target)),
      embeds: [...current.embeds.values()],
    }),
    [current],
  );
}
