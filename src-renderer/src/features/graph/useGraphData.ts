import { useEffect, useState } from 'react';
import type { GraphInput } from '../../../../src-shared/api/link-index-api';
import { LINK_INDEX_LIMITS } from '../../../../src-shared/api/link-index-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { buildGraphModel, sameGraph, type GraphModel } from './graph-model';

/** What the graph shows: the whole vault, or one note's neighbourhood. */
export type GraphTarget = { scope: 'vault' } | { scope: 'local'; id: string; depth: 1 | 2 };

export type GraphData =
  { status: 'loading' } | { status: 'ready'; model: GraphModel } | { status: 'failed'; message: string };

/** Notes edited in a burst are one refetch, this long after the last change. */
const REFETCH_DELAY_MS = 800;

function inputOf(target: GraphTarget): GraphInput {
  return target.scope === 'vault'
    ? { scope: 'vault', limit: LINK_INDEX_LIMITS.graphNodesMax }
    : { scope: 'local', id: target.id, depth: target.depth, limit: LINK_INDEX_LIMITS.graphNodesMax };
}

/**
 * `linkIndex.graph` for the target, fetched again (keeping the last answer on screen) when notes
 * change, since a new link or title changes the graph.
 */
export function useGraphData(target: GraphTarget): GraphData {
  const { api, changes } = useServices();
  const key = target.scope === 'vault' ? 'vault' : `local:${target.depth}:${target.id}`;
  // Answers are kept with the target they answer: a new target reads as loading until its own.
  const [answer, setAnswer] = useState<{ key: string; data: GraphData } | null>(null);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const input = inputOf(target);
    const load = (): void => {
      api.linkIndex.graph.query(input).then(
        (output) => {
          if (!live) return;
          // An unchanged answer keeps its model, so the drawn graph and its layout are left alone.
          setAnswer((previous) =>
            previous?.key === key &&
            previous.data.status === 'ready' &&
            sameGraph(previous.data.model.data, output)
              ? previous
              : { key, data: { status: 'ready', model: buildGraphModel(output) } },
          );
        },
        (error: unknown) => {
          if (live) setAnswer({ key, data: { status: 'failed', message: describeFailure(error) } });
        },
      );
    };
    load();
    const unsubscribe = changes.subscribe(() => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(load, REFETCH_DELAY_MS);
    });
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
    // `key` names the target; the object itself is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, changes, key]);

  return answer?.key === key ? answer.data : { status: 'loading' };
}
