import { useEffect } from 'react';
import { useServices } from '../../api/useServices';

/** A note counts as opened once it stays open this long (arrowing through the list opens many). */
export const OPENED_AFTER_MS = 300;

/** Tells the host which note is open, for the quick switcher's "recent" rows. */
export function useRecordOpenedNote(id: string | null): void {
  const { api } = useServices();
  useEffect(() => {
    if (id === null) return;
    const timer = setTimeout(() => {
      api.recent.noteOpened.mutate({ id }).catch(() => undefined);
    }, OPENED_AFTER_MS);
    return () => clearTimeout(timer);
  }, [api, id]);
}
