import { useCallback, useEffect, useRef, useState } from 'react';
import type { SnapshotSummary } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';

export type SnapshotList =
  | { status: 'loading' }
  | { status: 'ready'; snapshots: SnapshotSummary[] }
  | { status: 'error'; message: string };

/** The note's local snapshots (`snapshots.list`), newest first, without their text. */
export function useSnapshots(noteId: string): SnapshotList {
  const { api } = useServices();
  const [list, setList] = useState<SnapshotList>({ status: 'loading' });
  useEffect(() => {
    let active = true;
    api.snapshots.list.query({ id: noteId }).then(
      ({ snapshots }) => {
        if (active) setList({ status: 'ready', snapshots });
      },
      (error: unknown) => {
        if (active) setList({ status: 'error', message: describeFailure(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [api, noteId]);
  return list;
}

export type SnapshotText =
  { status: 'loading' } | { status: 'ready'; body: string } | { status: 'error'; message: string };

/**
 * The texts of the `wanted` snapshots (the selected one, and the one before it for "against the
 * previous version"), each loaded once and kept while the dialog is open.
 */
export function useSnapshotTexts(
  noteId: string,
  wanted: readonly number[],
): (snapshotId: number) => SnapshotText {
  const { api } = useServices();
  const [texts, setTexts] = useState<ReadonlyMap<number, SnapshotText>>(new Map());
  const asked = useRef(new Set<number>());
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const wantedKey = wanted.join(',');

  useEffect(() => {
    for (const snapshotId of wantedKey === '' ? [] : wantedKey.split(',').map(Number)) {
      if (asked.current.has(snapshotId)) continue;
      asked.current.add(snapshotId);
      const settle = (text: SnapshotText): void => {
        if (mounted.current) setTexts((map) => new Map(map).set(snapshotId, text));
      };
      api.snapshots.get.query({ id: noteId, snapshotId }).then(
        (snapshot) => settle({ status: 'ready', body: snapshot.body }),
        (error: unknown) => settle({ status: 'error', message: describeFailure(error) }),
      );
    }
  }, [api, noteId, wantedKey]);

  return useCallback(
    (snapshotId: number): SnapshotText => texts.get(snapshotId) ?? { status: 'loading' },
    [texts],
  );
}
