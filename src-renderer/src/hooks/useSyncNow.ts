import { useCallback } from 'react';
import { describeSyncFailure } from '../api/sync-errors';
import { toasts } from '../state/toast-store';
import { useServices } from './useServices';

/** "Retry now" / "Sync now": reconnects at once; a failure is said in a toast. */
export function useSyncNow(): () => void {
  const { api, sync } = useServices();
  return useCallback(() => {
    api.sync.syncNow
      .mutate()
      .then((status) => sync.accept(status))
      .catch((error: unknown) =>
        toasts.show({
          tone: 'error',
          message: `Couldn’t sync now. ${describeSyncFailure(error, 'Try again in a moment.').message}`,
        }),
      );
  }, [api, sync]);
}
