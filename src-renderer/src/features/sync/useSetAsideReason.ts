import type { FailureReason } from '../../api/failures';
import { useSyncStatus } from './useSyncStatus';

/**
 * Why sync set this note aside (docs/sync-protocol.md R10, R16), from the live sync status; null
 * when it syncs normally (or sync is off).
 */
export function useSetAsideReason(noteId: string): FailureReason | null {
  const status = useSyncStatus();
  return status?.setAside.find((entry) => entry.id === noteId)?.reason ?? null;
}
