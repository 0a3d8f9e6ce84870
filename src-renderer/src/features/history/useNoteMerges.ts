import { useEffect, useState } from 'react';
import type { MergeRecord } from '../../api/quire-api';
import { useServices } from '../../api/useServices';

/**
 * The merges of a note recorded on this device (editing rule E7), newest first: what the user had
 * just before each. Local, so they show signed out too; an error shows none rather than a failure.
 */
export function useNoteMerges(noteId: string): MergeRecord[] {
  const { api } = useServices();
  const [merges, setMerges] = useState<MergeRecord[]>([]);
  useEffect(() => {
    let active = true;
    api.notes.merges.query({ id: noteId }).then(
      (records) => {
        if (active) setMerges(records);
      },
      () => {
        if (active) setMerges([]);
      },
    );
    return () => {
      active = false;
    };
  }, [api, noteId]);
  return merges;
}
