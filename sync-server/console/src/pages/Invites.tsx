import type { AdminInvite } from '../../../../src-shared/sync/admin';
import { REASON_WORDS } from '../../../../src-shared/errors/reason-words';
import { failureReason } from '../api';
import { useConsole } from '../context';
import { dateTime, relativeTime } from '../format';
import { useLoad } from '../hooks';
import { Badge, Button, ErrorState, Table, useToast, type Column } from '../ui';

function stateOf(invite: AdminInvite, now: number) {
  if (invite.usedAt !== null)
    return <Badge tone="success">Used by {invite.usedByEmail ?? 'a deleted user'}</Badge>;
  if (invite.expiresAt <= now) return <Badge>Expired</Badge>;
  return <Badge tone="accent">Open</Badge>;
}

/** The invites sent so far (never their codes: the server keeps only hashes), with revoke. */
export function InvitesSection({ version }: { version: number }) {
  const { api, now } = useConsole();
  const toast = useToast();
  const invites = useLoad(() => api.invites.list(), `invites#${version}`);
  const at = now();

  const revoke = (invite: AdminInvite) => {
    api.invites.revoke(invite.inviteId).then(
      () => {
        toast.show('Invite revoked: its code no longer works.');
        invites.reload();
      },
      (error: unknown) => toast.show(REASON_WORDS[failureReason(error)].words, 'error'),
    );
  };

  const columns: Column<AdminInvite>[] = [
    {
      key: 'for',
      header: 'For',
      cell: (invite) => invite.email ?? <span className="muted">Anyone with the code</span>,
    },
    { key: 'state', header: 'State', cell: (invite) => stateOf(invite, at) },
    { key: 'created', header: 'Created', cell: (invite) => relativeTime(invite.createdAt, at) },
    {
      key: 'expires',
      header: 'Expires',
      cell: (invite) => <span title={dateTime(invite.expiresAt)}>{relativeTime(invite.expiresAt, at)}</span>,
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (invite) =>
        invite.usedAt === null && invite.expiresAt > at ? (
          <div className="row-actions">
            <Button small variant="danger" onClick={() => revoke(invite)}>
              Revoke
            </Button>
          </div>
        ) : null,
    },
  ];

  if (invites.status === 'error') return <ErrorState reason={invites.reason} onRetry={invites.reload} />;
  if (!invites.data || invites.data.length === 0) return null;
  return (
    <>
      <h2 className="section-title">Invites</h2>
      <Table caption="Invites" columns={columns} rows={invites.data} rowKey={(invite) => invite.inviteId} />
    </>
  );
}
