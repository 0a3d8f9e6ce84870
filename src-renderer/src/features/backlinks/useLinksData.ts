import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../../api/useServices';
import { describeFailure } from '../../api/failures';
import {
  LINK_INDEX_LIMITS,
  type BacklinksOutput,
  type OutgoingLink,
  type UnlinkedOutput,
} from '../../../../src-shared/api/link-index-api';

/** Other notes changed: the lists follow soon after. */
const REFRESH_MS = 400;
/**
 * Only the open note changed (the user is typing in it): its links are read again once the typing
 * pauses, never per keystroke, so a note with thousands of backlinks types as fast as any other.
 */
const SELF_REFRESH_MS = 1_200;
/** Source notes per page of linked and unlinked mentions. */
export const MENTION_PAGE = 50;

type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export interface LinksData {
  backlinks: Loaded<BacklinksOutput>;
  outgoing: Loaded<OutgoingLink[]>;
  /** Read only once asked for (the section starts folded). */
  unlinked: Loaded<UnlinkedOutput> | null;
  showMoreBacklinks: () => void;
  showMoreUnlinked: () => void;
  /** Reads everything shown again now (after linking a mention). */
  refresh: () => void;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A result that equals the shown one keeps its identity: nothing renders again. */
function keep<T>(previous: Loaded<T> | null, next: Loaded<T>): Loaded<T> {
  if (previous?.status === 'ready' && next.status === 'ready' && same(previous.value, next.value))
    return previous;
  return next;
}

/**
 * The open note's backlinks, outgoing links and (when wanted) unlinked mentions, kept current. One
 * instance per note (the pane is keyed by it), so another note starts from its first page.
 */
export function useLinksData(noteId: string, wantUnlinked: boolean): LinksData {
  const { api, changes } = useServices();
  const [backlinks, setBacklinks] = useState<Loaded<BacklinksOutput>>({ status: 'loading' });
  const [outgoing, setOutgoing] = useState<Loaded<OutgoingLink[]>>({ status: 'loading' });
  const [unlinked, setUnlinked] = useState<Loaded<UnlinkedOutput> | null>(null);
  const [backlinkLimit, setBacklinkLimit] = useState(MENTION_PAGE);
  const [unlinkedLimit, setUnlinkedLimit] = useState(MENTION_PAGE);
  // Answers of an earlier note (or an earlier read) are dropped when they arrive late.
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    const settle =
      <T>(set: (update: (previous: Loaded<T> | null) => Loaded<T>) => void) =>
      (promise: Promise<T>): void => {
        promise.then(
          (value) =>
            mine === generation.current && set((previous) => keep(previous, { status: 'ready', value })),
          (error: unknown) =>
            mine === generation.current && set(() => ({ status: 'error', message: describeFailure(error) })),
        );
      };
    settle<BacklinksOutput>((update) => setBacklinks((previous) => update(previous)))(
      api.linkIndex.backlinks.query({ id: noteId, limit: backlinkLimit }),
    );
    settle<OutgoingLink[]>((update) => setOutgoing((previous) => update(previous)))(
      api.linkIndex.outgoing.query({ id: noteId }),
    );
    if (wantUnlinked) {
      settle<UnlinkedOutput>((update) => setUnlinked((previous) => update(previous)))(
        api.linkIndex.unlinked.query({ id: noteId, limit: unlinkedLimit }),
      );
    }
  }, [api, noteId, backlinkLimit, unlinkedLimit, wantUnlinked]);

  useEffect(load, [load]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let due = Infinity;
    const schedule = (ms: number): void => {
      const at = Date.now() + ms;
      if (timer !== null) {
        // A refresh already coming sooner serves a change elsewhere; typing pushes it back.
        if (ms === REFRESH_MS && due <= at) return;
        clearTimeout(timer);
      }
      due = at;
      timer = setTimeout(() => {
        timer = null;
        due = Infinity;
        load();
      }, ms);
    };
    const unsubscribe = changes.subscribe((change) => {
      const onlySelf = change.kind === 'ids' && change.ids.every((id) => id === noteId);
      schedule(onlySelf ? SELF_REFRESH_MS : REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [changes, load, noteId]);

  return {
    backlinks,
    outgoing,
    unlinked: wantUnlinked ? (unlinked ?? { status: 'loading' }) : null,
    showMoreBacklinks: () =>
      setBacklinkLimit((limit) => Math.min(LINK_INDEX_LIMITS.groupsMax, limit + MENTION_PAGE)),
    showMoreUnlinked: () =>
      setUnlinkedLimit((limit) => Math.min(LINK_INDEX_LIMITS.groupsMax, limit + MENTION_PAGE)),
    refresh: load,
  };
}
