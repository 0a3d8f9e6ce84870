import { useState } from 'react';
import type { AdminDevice } from '../../../../src-shared/sync/admin';
import { useConsole } from '../context';
import { dateOnly, dateTime, limitText, relativeTime, usageCaption } from '../format';
import { useLoad } from '../hooks';
import { hrefOf, linkHandler } from '../routes';
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  Loading,
  Menu,
  ProgressBar,
  Table,
  useToast,
  type Column,
} from '../ui';
import { UserBadges } from './Users';
import { FailureNote, useUserActions } from './user-actions';
import { useAction } from '../hooks';
import type { FailureReason } from '../../../../src-shared/errors/reasons';

export function UserDetailPage({ userId }: { userId: string }) {
  const { api, go, now } = useConsole();
  const user = useLoad(() => api.users.get(userId), userId);
  const devices = useLoad(() => api.users.devices(userId), userId);
  const reloadAll = () => {
    user.reload();
    devices.reload();
  };
  const actions = useUserActions(reloadAll);
  const at = now();

  const back = (
    <a className="back-link" href={hrefOf({ page: 'users' })} onClick={linkHandler(go, { page: 'users' })}>
      ← Users
    </a>
  );
  if (user.status === 'error' && !user.data)
    return (
      <section className="page">
        {back}
        <ErrorState reason={user.reason} onRetry={user.reload} />
      </section>
    );
  if (!user.data)
    return (
      <section className="page">
        {back}
        <Loading label="Loading the user…" />
      </section>
    );
  const u = user.data;
  return (
    <section className="page" aria-labelledby="user-title">
      {back}
      <header className="page-header">
        <div>
          <h1 id="user-title" className="with-badges">
            {u.email} <UserBadges user={u} now={at} />
          </h1>
          <p className="page-sub">
            {u.role === 'admin' ? 'Administrator' : 'Member'} since {dateOnly(u.createdAt)} · last active{' '}
            {relativeTime(u.lastActiveAt, at).toLowerCase()}
          </p>
        </div>
        <div className="page-actions">
          {u.purgeAt !== null ? (
            <Button onClick={() => actions.cancelDeletion(u)}>Cancel deletion</Button>
          ) : (
            <Menu label="Manage" items={actions.menuFor(u)} />
          )}
        </div>
      </header>
      {u.purgeAt !== null && (
        <div className="banner banner-danger" role="status">
          Scheduled for deletion: everything this account holds is erased {dateTime(u.purgeAt)}.
        </div>
      )}
      <div className="cards">
        <div className="card">
          <p className="card-label">Storage</p>
          <ProgressBar
            value={u.bytesUsed}
            max={u.quotaBytes}
            label={`Storage used by ${u.email}`}
            caption={usageCaption(u.bytesUsed, u.quotaBytes)}
          />
          <p className="card-note">
            Quota: {u.quotaBytes === null ? 'no limit' : limitText(u.quotaBytes)} (
            {u.quotaIsCustom ? 'set for this user' : 'server default'})
            <br />
            Largest file: {u.maxFileBytes === null ? 'no limit' : limitText(u.maxFileBytes)} (
            {u.maxFileIsCustom ? 'set for this user' : 'server default'})
          </p>
          <Button small onClick={() => actions.open('quota', u)}>
            Set quota…
          </Button>
        </div>
        <div className="card">
          <p className="card-label">Notes</p>
          <p className="card-figure">{u.noteCount.toLocaleString('en')}</p>
        </div>
        <div className="card">
          <p className="card-label">Devices</p>
          <p className="card-figure">{u.deviceCount}</p>
        </div>
      </div>
      <h2 className="section-title">Devices</h2>
      <DevicesTable
        devices={devices.data}
        status={devices.status}
        reason={devices.status === 'error' ? devices.reason : null}
        now={at}
        onRetry={devices.reload}
        onRevoked={reloadAll}
      />
      {actions.dialogs}
    </section>
  );
}

function DevicesTable({
  devices,
  status,
  reason,
  now,
  onRetry,
  onRevoked,
}: {
  devices: AdminDevice[] | null;
  status: 'loading' | 'ready' | 'error';
  reason: FailureReason | null;
  now: number;
  onRetry: () => void;
  onRevoked: () => void;
}) {
  const { api } = useConsole();
  const toast = useToast();
  const [revoking, setRevoking] = useState<AdminDevice | null>(null);
  const [failure, setFailure] = useState<FailureReason | null>(null);
  const { busy, run } = useAction(setFailure);

  if (reason) return <ErrorState reason={reason} onRetry={onRetry} />;
  if (!devices) return <Loading label="Loading devices…" />;
  if (devices.length === 0)
    return <EmptyState title="No devices">This user has not signed in from any device yet.</EmptyState>;

  const columns: Column<AdminDevice>[] = [
    {
      key: 'name',
      header: 'Device',
      cell: (device) => (
        <div className="user-cell">
          <span>{device.name}</span>
          {device.revokedAt !== null && <Badge>Revoked</Badge>}
        </div>
      ),
    },
    { key: 'platform', header: 'Platform', cell: (device) => device.platform ?? 'Unknown' },
    { key: 'version', header: 'App version', cell: (device) => device.appVersion ?? '—' },
    { key: 'created', header: 'Signed in', cell: (device) => dateOnly(device.createdAt) },
    {
      key: 'seen',
      header: 'Last seen',
      cell: (device) => (
        <span title={dateTime(device.lastSeenAt)}>{relativeTime(device.lastSeenAt, now)}</span>
      ),
    },
    { key: 'ip', header: 'Last IP', cell: (device) => <code>{device.lastIp ?? '—'}</code> },
    {
      key: 'actions',
      header: 'Actions',
      cell: (device) =>
        device.revokedAt === null ? (
          <Button small variant="danger" onClick={() => setRevoking(device)}>
            Revoke…
          </Button>
        ) : (
          <span className="muted">{relativeTime(device.revokedAt, now)}</span>
        ),
    },
  ];
  return (
    <>
      {status === 'loading' && <span className="inline-loading">Updating…</span>}
      <Table caption="Devices" columns={columns} rows={devices} rowKey={(device) => device.deviceId} />
      <Dialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        submitLabel="Revoke device"
        submitVariant="danger"
        busy={busy}
        onClose={() => {
          setRevoking(null);
          setFailure(null);
        }}
        onSubmit={() => {
          const device = revoking;
          if (!device) return;
          void run(() => api.devices.revoke(device.deviceId)).then((ok) => {
            if (!ok) return;
            toast.show(`${device.name} is signed out.`);
            setRevoking(null);
            onRevoked();
          });
        }}
      >
        <FailureNote reason={failure} />
        <p>
          The device is signed out now and stops syncing. Its notes stay on it; its owner can sign in again
          with their password.
        </p>
      </Dialog>
    </>
  );
}
