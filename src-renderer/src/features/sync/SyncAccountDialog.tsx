import { useId, useState } from 'react';
import type { DeviceSession, SyncStatus } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { useNow } from '../../lib/useNow';
import { formatFullTime, formatRelativeTime } from '../../lib/relative-time';
import {
  Button,
  type ConfirmRequest,
  EmptyState,
  Icon,
  LinkButton,
  Modal,
  ModalHeader,
  toasts,
} from '../../ui';
import { useDevices } from './useDevices';
import { useSecondsUntil } from './useSecondsUntil';
import { useSyncNow } from './useSyncNow';
import { useSyncStatus } from './useSyncStatus';
import { describeSyncStatus, plural } from './sync-status-text';
import { SyncProgress } from './SyncProgress';
import { StorageUsageSection } from './StorageUsageSection';

interface SyncAccountDialogProps {
  open: boolean;
  onClose: () => void;
  /** Asks before signing out (this device or another). */
  confirm: (request: ConfirmRequest) => void;
  onSignIn: () => void;
}

/** The account this device syncs with: where, as whom, which devices, and signing out. */
export function SyncAccountDialog({ open, onClose, confirm, onSignIn }: SyncAccountDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={titleId} className="account-dialog" closeOnBackdrop>
      <AccountPanel titleId={titleId} onClose={onClose} confirm={confirm} onSignIn={onSignIn} />
    </Modal>
  );
}

interface AccountPanelProps {
  titleId: string;
  onClose: () => void;
  confirm: (request: ConfirmRequest) => void;
  onSignIn: () => void;
}

function AccountPanel({ titleId, onClose, confirm, onSignIn }: AccountPanelProps) {
  const status = useSyncStatus();
  const account = status?.account ?? null;

  return (
    <>
      <ModalHeader
        icon="cloud"
        title="Sync"
        titleId={titleId}
        lead="Your notes, the same on every device signed in to this account."
        onClose={onClose}
      />
      {status && account ? (
        <SignedIn status={status} account={account} onClose={onClose} confirm={confirm} onSignIn={onSignIn} />
      ) : (
        <EmptyState icon="cloudOff" title="Sync is off">
          <p>Your notes are only on this device. Sign in to a Quire sync server to sync them.</p>
          <Button variant="primary" onClick={onSignIn}>
            Sign in…
          </Button>
        </EmptyState>
      )}
    </>
  );
}

interface SignedInProps {
  status: SyncStatus;
  account: NonNullable<SyncStatus['account']>;
  onClose: () => void;
  confirm: (request: ConfirmRequest) => void;
  onSignIn: () => void;
}

function SignedIn({ status, account, onClose, confirm, onSignIn }: SignedInProps) {
  const { api, sync } = useServices();
  const now = useNow();
  const secondsToRetry = useSecondsUntil(status.state === 'offline' ? status.retryAt : null);
  const syncNow = useSyncNow();
  const devices = useDevices();
  const [revoking, setRevoking] = useState<string | null>(null);
  const text = describeSyncStatus(status, now, secondsToRetry);
  const devicesHeadingId = useId();

  const revoke = (device: DeviceSession): void => {
    confirm({
      title: `Sign out “${device.deviceName}”?`,
      message: `${device.deviceName} stops syncing at once and needs your password to sync again. The notes already on it stay there.`,
      confirmLabel: 'Sign out device',
      onConfirm: () => {
        setRevoking(device.deviceId);
        devices
          .revoke(device.deviceId)
          .then(() => toasts.show({ message: `${device.deviceName} is signed out.` }))
          .catch((error: unknown) =>
            toasts.show({
              tone: 'error',
              message: `Couldn’t sign out ${device.deviceName}. ${describeFailure(error)}`,
            }),
          )
          .finally(() => setRevoking(null));
      },
    });
  };

  const signOut = (): void => {
    const pending =
      status.pendingPush > 0
        ? ` ${plural(status.pendingPush, 'change made here hasn’t', 'changes made here haven’t')} reached the server yet; ${status.pendingPush === 1 ? 'it stays' : 'they stay'} on this device.`
        : '';
    confirm({
      title: 'Sign out of sync on this device?',
      message: `Your notes stay on this device and you can keep writing. They just stop syncing with your other devices until you sign in again.${pending}`,
      confirmLabel: 'Sign out',
      onConfirm: () => {
        api.sync.signOut
          .mutate()
          .then((next) => {
            sync.accept(next);
            onClose();
            toasts.show({ message: 'Signed out. Your notes are still here.' });
          })
          .catch((error: unknown) =>
            toasts.show({
              tone: 'error',
              message: `Couldn’t sign out. ${describeFailure(error)}`,
            }),
          );
      },
    });
  };

  const lastSynced =
    status.lastSyncedAt === null
      ? 'Not synced yet'
      : `Last synced ${formatRelativeTime(status.lastSyncedAt, now)}`;
  const fix = text.action;

  return (
    <div className="account-body">
      <section className="account-card" aria-label="Account">
        <span className="avatar" aria-hidden="true">
          {account.email.slice(0, 1).toUpperCase()}
        </span>
        <div className="account-identity">
          <span className="account-email">{account.email}</span>
          <span className="account-server" title={account.serverUrl}>
            {account.serverUrl}
          </span>
        </div>
      </section>

      <section className={`account-status is-${text.tone}`} aria-label="Sync status">
        <span
          className={text.spinning ? 'sync-status-icon is-spinning' : 'sync-status-icon'}
          aria-hidden="true"
        >
          <Icon name={text.icon} size={15} />
        </span>
        <div className="account-status-text">
          <span className="account-status-label">{text.label}</span>
          <span
            className="account-status-detail"
            title={status.lastSyncedAt === null ? undefined : formatFullTime(status.lastSyncedAt)}
          >
            {text.detail ?? lastSynced}
          </span>
        </div>
        {fix?.fix === 'sign-in' ? (
          <Button variant="primary" onClick={onSignIn}>
            {fix.label}
          </Button>
        ) : (
          <Button icon="refresh" onClick={syncNow} disabled={status.state === 'syncing'}>
            {status.state === 'offline' ? 'Retry now' : 'Sync now'}
          </Button>
        )}
      </section>
      {status.state === 'syncing' && status.progress && status.progress.total > 0 && (
        <SyncProgress progress={status.progress} />
      )}
      <StorageUsageSection refreshKey={`${status.lastSyncedAt ?? ''} ${status.error?.reason ?? ''}`} />

      <section className="account-section" aria-labelledby={devicesHeadingId}>
        <div className="account-section-header">
          <h3 id={devicesHeadingId}>Devices</h3>
          {devices.status === 'ready' && (
            <span className="account-section-count">{devices.devices.length}</span>
          )}
        </div>
        {devices.status === 'error' && devices.devices.length === 0 ? (
          <div className="inline-error in-dialog" role="alert">
            {devices.error} <LinkButton onClick={devices.reload}>Try again</LinkButton>
          </div>
        ) : devices.status === 'loading' && devices.devices.length === 0 ? (
          <p className="account-muted" role="status">
            Loading devices…
          </p>
        ) : (
          <ul className="device-list" aria-label="Signed-in devices">
            {devices.devices.map((device) => (
              <li key={device.deviceId} className="device-row">
                <span className="device-icon" aria-hidden="true">
                  <Icon name="laptop" size={16} />
                </span>
                <div className="device-text">
                  <span className="device-name">
                    {device.deviceName}
                    {device.current && <span className="badge">This device</span>}
                  </span>
                  <span className="device-meta">
                    <span title={formatFullTime(device.lastSeenAt)}>
                      {device.current ? 'Active now' : `Active ${formatRelativeTime(device.lastSeenAt, now)}`}
                    </span>
                    {' · '}
                    <span title={formatFullTime(device.createdAt)}>
                      Signed in {formatRelativeTime(device.createdAt, now)}
                    </span>
                  </span>
                </div>
                {!device.current && (
                  <Button
                    variant="subtle-danger"
                    aria-label={`Sign out device ${device.deviceName}`}
                    disabled={revoking === device.deviceId}
                    onClick={() => revoke(device)}
                  >
                    {revoking === device.deviceId ? 'Signing out…' : 'Sign out device'}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <footer className="account-footer">
        <p>
          Signed in on this device as <strong>{account.deviceName}</strong>. Signing out stops syncing here;
          your notes stay on this device.
        </p>
        <Button variant="danger" icon="logOut" onClick={signOut}>
          Sign out
        </Button>
      </footer>
    </div>
  );
}
