import { useSyncExternalStore } from 'react';
import type { SyncStatus } from '../../api/quire-api';
import { useServices } from '../../api/useServices';

/** The device's sync status, live (`sync.onStatus`); null until the host first answers. */
export function useSyncStatus(): SyncStatus | null {
  const { sync } = useServices();
  return useSyncExternalStore(sync.subscribe, sync.getSnapshot);
}
