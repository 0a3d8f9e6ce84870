import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { ConnectionStatus } from '../api/services-context';
import { useServices } from '../api/useServices';

/**
 * The transport's state. On the way back from 'reconnecting' the notes feed is told to resync,
 * in case the link re-subscribed without the host noticing a gap.
 */
export function useConnectionStatus(): ConnectionStatus {
  const { connection, changes } = useServices();
  const status = useSyncExternalStore(connection.subscribe, connection.getSnapshot);
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === 'reconnecting' && status === 'connected') changes.resync();
    previous.current = status;
  }, [status, changes]);
  return status;
}
