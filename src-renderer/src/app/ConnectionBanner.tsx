import { Icon } from '../ui';
import { useConnectionStatus } from './useConnectionStatus';

/** Tells the user when the host is unreachable; edits stay queued and are saved on reconnect. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status !== 'reconnecting') return null;
  return (
    <div className="connection-banner" role="status">
      <Icon name="offline" size={14} />
      Disconnected — reconnecting… Your edits are kept and will be saved.
    </div>
  );
}
