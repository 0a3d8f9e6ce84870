import { useEffect, useMemo, useState } from 'react';
import { ATTACHMENTS_PAGE_MAX } from '../../../../../src-shared/api/attachments-api';
import type { LinkEmbedResult } from '../../../../../src-shared/api/links-api';
import type { ResolvedAttachment } from '../../../api/quire-api';
import { useServices } from '../../../api/useServices';
import { embeddedAttachmentTargets, type EmbeddedAttachments } from '../markdown/render-markdown';

type Found = ReadonlyMap<string, ReadonlyMap<string, ResolvedAttachment | null>>;

/** Folder → the attachment targets the embedded parts from that folder show. */
function targetsByFolder(embeds: readonly LinkEmbedResult[]): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  const visit = (embed: LinkEmbedResult): void => {
    if (!embed || embed.markdown === null) return;
    const targets = embeddedAttachmentTargets(embed.markdown);
    if (targets.length > 0) {
      const group = groups.get(embed.folder) ?? new Set<string>();
      for (const target of targets) group.add(target);
      groups.set(embed.folder, group);
    }
    Object.values(embed.embeds).forEach(visit);
  };
  embeds.forEach(visit);
  return new Map(
    [...groups].map(([folder, targets]) => [folder, [...targets].slice(0, ATTACHMENTS_PAGE_MAX)]),
  );
}

/**
 * The images and files inside embedded notes, each resolved from its note's folder: one
 * `attachments.resolve` per folder, again whenever the embeds' answers change.
 */
export function useEmbeddedAttachments(embeds: readonly LinkEmbedResult[]): EmbeddedAttachments {
  const { api } = useServices();
  const key = useMemo(() => JSON.stringify([...targetsByFolder(embeds)]), [embeds]);
  const [found, setFound] = useState<Found>(new Map());
  useEffect(() => {
    const groups = JSON.parse(key) as [string, string[]][];
    if (groups.length === 0) return undefined;
    let stopped = false;
    Promise.all(
      groups.map(async ([folder, targets]) => {
        const answer = await api.attachments.resolve.query({ fromFolder: folder, targets });
        return [folder, new Map(Object.entries(answer))] as const;
      }),
    ).then(
      (answers) => {
        if (!stopped) setFound(new Map(answers));
      },
      // Shown as still loading; the next change of the embeds asks again.
      () => undefined,
    );
    return () => {
      stopped = true;
    };
  }, [api, key]);
  return useMemo(() => (folder: string) => (target: string) => found.get(folder)?.get(target), [found]);
}
