import { useEffect, useState } from 'react';
import { ATTACHMENTS_PAGE_MAX } from '../../../../../src-shared/api/attachments-api';
import type { QuireApi, ResolvedAttachment } from '../../../api/quire-api';
import { useServices } from '../../../api/useServices';

export type ResolvedAttachments = ReadonlyMap<string, ResolvedAttachment | null>;

const NONE: ResolvedAttachments = new Map();

/** One `attachments.resolve` call for a render's targets (more only past the input's bound). */
async function resolveAll(
  api: QuireApi,
  fromFolder: string,
  targets: readonly string[],
): Promise<ResolvedAttachments> {
  const batches: string[][] = [];
  for (let i = 0; i < targets.length; i += ATTACHMENTS_PAGE_MAX)
    batches.push(targets.slice(i, i + ATTACHMENTS_PAGE_MAX));
  const answers = await Promise.all(
    batches.map((batch) => api.attachments.resolve.query({ fromFolder, targets: batch })),
  );
  return new Map(answers.flatMap((answer) => Object.entries(answer)));
}

/**
 * The attachments a note embeds, resolved from its folder and kept current: when
 * `attachments.changes` names one of them (its bytes arrived, it was renamed) or something new
 * appears while a target is missing, they are resolved again. Pass a stable array.
 */
export function useAttachments(fromFolder: string, targets: readonly string[]): ResolvedAttachments {
  const { api } = useServices();
  const [resolved, setResolved] = useState<ResolvedAttachments>(NONE);

  useEffect(() => {
    if (targets.length === 0) return undefined;
    let current: ResolvedAttachments | null = null;
    let latest = 0;
    let stopped = false;
    const load = (): void => {
      const call = (latest += 1);
      resolveAll(api, fromFolder, targets).then(
        (answer) => {
          if (stopped || call !== latest) return;
          current = answer;
          setResolved(answer);
        },
        // The embeds stay as they were (pending or last known); the next change asks again.
        () => undefined,
      );
    };
    const affected = (ids: readonly string[]): boolean =>
      current === null ||
      // The first event of a (re)subscription has no ids: changes may have been missed.
      ids.length === 0 ||
      [...current.values()].some((attachment) => attachment === null || ids.includes(attachment.id));
    // Resolved on the subscription's first event, so no change between the two goes unseen.
    let opened = false;
    const subscription = api.attachments.changes.subscribe(undefined, {
      onData: ({ ids }) => {
        if (!opened || affected(ids)) load();
        opened = true;
      },
      onError: () => {
        if (!opened) load();
        opened = true;
      },
    });
    return () => {
      stopped = true;
      subscription.unsubscribe();
    };
  }, [api, fromFolder, targets]);

  return targets.length === 0 ? NONE : resolved;
}
