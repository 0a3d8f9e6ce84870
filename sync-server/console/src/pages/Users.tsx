import { useEffect, useState } from 'react';
import type { AdminUser } from '../../../../src-shared/sync/admin';
import { useConsole } from '../context';
import { dateTime, relativeTime, usageCaption } from '../format';
import { useLoad } from '../hooks';
import { linkHandler, hrefOf } from '../routes';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Loading,
  Menu,
  Pager,
  ProgressBar,
  Table,
  type Column,
} from '../ui';
import { CreateUserDialog, InviteDialog } from './user-dialogs';
import { useUserActions } from './user-actions';
import { InvitesSection } from './Invites';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;

export function UserBadges({ user, now }: { user: AdminUser; now: number }) {
  return (
    <span className="badges">
      {user.role === 'admin' && <Badge tone="accent">Admin</Badge>}
      {user.disabled && <Badge tone="warning">Disabled</Badge>}
      {user.purgeAt !== null && (
        <Badge tone="danger">Deletion scheduled · {relativeTime(user.purgeAt, now).toLowerCase()}</Badge>
      )}
    </span>
  );
}

export function UsersPage() {
  const { api, go, now } = useConsole();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [dialog, setDialog] = useState<'create' | 'invite' | null>(null);
  // Bumped when an invite is created, so the list below shows it.
  const [invitesVersion, setInvitesVersion] = useState(0);

  // Typing waits for a pause before asking the server.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [search]);

  const users = useLoad(() => api.users.list({ query, offset, limit: PAGE_SIZE }), `${query}|${offset}`);
  const actions = useUserActions(users.reload);
  const at = now();

  const columns: Column<AdminUser>[] = [
    {
      key: 'email',
      header: 'User',
      cell: (user) => (
        <div className="user-cell">
          <a
            className="row-link"
            href={hrefOf({ page: 'user', userId: user.userId })}
            onClick={linkHandler(go, { page: 'user', userId: user.userId })}
          >
            {user.email}
          </a>
          <UserBadges user={user} now={at} />
        </div>
      ),
    },
    { key: 'notes', header: 'Notes', align: 'right', cell: (user) => user.noteCount.toLocaleString('en') },
    {
      key: 'storage',
      header: 'Storage',
      cell: (user) => (
        <ProgressBar
          value={user.bytesUsed}
          max={user.quotaBytes}
          label={`Storage used by ${user.email}`}
          caption={usageCaption(user.bytesUsed, user.quotaBytes)}
        />
      ),
    },
    { key: 'devices', header: 'Devices', align: 'right', cell: (user) => user.deviceCount },
    {
      key: 'active',
      header: 'Last active',
      cell: (user) => (
        <span title={user.lastActiveAt === null ? undefined : dateTime(user.lastActiveAt)}>
          {relativeTime(user.lastActiveAt, at)}
        </span>
      ),
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (user) =>
        user.purgeAt !== null ? (
          <div className="row-actions">
            <Button small onClick={() => actions.cancelDeletion(user)}>
              Cancel deletion
            </Button>
          </div>
        ) : (
          <div className="row-actions">
            <Menu label="Manage" items={actions.menuFor(user)} />
          </div>
        ),
    },
  ];

  return (
    <section aria-labelledby="users-title" className="page">
      <header className="page-header">
        <div>
          <h1 id="users-title">Users</h1>
          <p className="page-sub">Everyone with an account on this server.</p>
        </div>
        <div className="page-actions">
          <Button onClick={() => setDialog('invite')}>Invite…</Button>
          <Button variant="primary" onClick={() => setDialog('create')}>
            New user…
          </Button>
        </div>
      </header>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Search by email"
          aria-label="Search users by email"
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
        {users.status === 'loading' && users.data && <span className="inline-loading">Updating…</span>}
      </div>
      {users.status === 'error' && <ErrorState reason={users.reason} onRetry={users.reload} />}
      {users.status === 'loading' && !users.data && <Loading label="Loading users…" />}
      {users.data && users.status !== 'error' && (
        <>
          {users.data.users.length === 0 ? (
            <EmptyState title={query ? `No user matches “${query}”` : 'No users yet'}>
              {query ? 'Try part of the email address.' : 'Create a user or send an invite to get started.'}
            </EmptyState>
          ) : (
            <Table
              caption="Users"
              columns={columns}
              rows={users.data.users}
              rowKey={(user) => user.userId}
              menus
            />
          )}
          <Pager
            offset={offset}
            limit={PAGE_SIZE}
            total={users.data.total}
            onOffset={setOffset}
            noun="users"
          />
        </>
      )}
      {actions.dialogs}
      <CreateUserDialog
        open={dialog === 'create'}
        onClose={() => setDialog(null)}
        onCreated={() => {
          setDialog(null);
          users.reload();
        }}
      />
      <InvitesSection version={invitesVersion} />
      <InviteDialog
        open={dialog === 'invite'}
        onClose={() => setDialog(null)}
        onCreated={() => setInvitesVersion((n) => n + 1)}
      />
    </section>
  );
}
