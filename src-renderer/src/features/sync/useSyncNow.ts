import { useCallback } from 'react';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { toasts } from '../../ui';

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
          message: `Couldn’t sync now. ${describeFailure(error)}`,
        }),
      );
  }, [api, sync]);
}
