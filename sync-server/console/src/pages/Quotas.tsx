import { useEffect, useState } from 'react';
import type { FailureReason } from '../../../../src-shared/errors/reasons';
import { formatByteSize } from '../../../../src-shared/format/byte-size';
import type { AdminUser, QuotaDefaults } from '../../../../src-shared/sync/admin';
import { useConsole } from '../context';
import { limitText, usageCaption } from '../format';
import { useAction, useLoad } from '../hooks';
import { hrefOf, linkHandler } from '../routes';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Field,
  Loading,
  Pager,
  ProgressBar,
  Table,
  useToast,
  type Column,
} from '../ui';
import { FailureNote, readSizeField, useUserActions } from './user-actions';

const PAGE_SIZE = 50;

export function QuotasPage() {
  const { api } = useConsole();
  const defaults = useLoad(() => api.quotas.defaults(), 'defaults');
  return (
    <section className="page" aria-labelledby="quotas-title">
      <header className="page-header">
        <div>
          <h1 id="quotas-title">Quotas</h1>
          <p className="page-sub">
            Storage counts notes, attachments and revisions. A push that would pass the quota is refused
            whole, and the user’s app says their storage is full.
          </p>
        </div>
      </header>
      <h2 className="section-title">Defaults</h2>
      {defaults.status === 'error' && !defaults.data && (
        <ErrorState reason={defaults.reason} onRetry={defaults.reload} />
      )}
      {!defaults.data && defaults.status === 'loading' && <Loading label="Loading the defaults…" />}
      {defaults.data && (
        <DefaultsForm key={JSON.stringify(defaults.data)} current={defaults.data} onSaved={defaults.reload} />
      )}
      <h2 className="section-title">Per user</h2>
      <UserQuotas />
    </section>
  );
}

function DefaultsForm({ current, onSaved }: { current: QuotaDefaults; onSaved: () => void }) {
  const { api } = useConsole();
  const toast = useToast();
  const [quota, setQuota] = useState(current.quotaBytes === null ? '' : formatByteSize(current.quotaBytes));
  const [maxFile, setMaxFile] = useState(
    current.maxFileBytes === null ? '' : formatByteSize(current.maxFileBytes),
  );
  const [tried, setTried] = useState(false);
  const [reason, setReason] = useState<FailureReason | null>(null);
  const { busy, run } = useAction(setReason);
  const quotaField = readSizeField(quota);
  const fileField = readSizeField(maxFile);

  return (
    <form
      className="card form-card"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
        if (!quotaField.ok || !fileField.ok || busy) return;
        setReason(null);
        void run(() =>
          api.quotas.setDefaults({ quotaBytes: quotaField.bytes, maxFileBytes: fileField.bytes }),
        ).then((ok) => {
          if (!ok) return;
          toast.show('Default quotas saved.');
          onSaved();
        });
      }}
    >
      <FailureNote reason={reason} />
      <div className="form-row">
        <Field
          label="Storage quota per user"
          value={quota}
          placeholder="No limit"
          onChange={(event) => setQuota(event.target.value)}
          hint="Like 5 GB. Empty: no limit."
          error={tried && !quotaField.ok ? quotaField.message : null}
        />
        <Field
          label="Largest file"
          value={maxFile}
          placeholder="No limit"
          onChange={(event) => setMaxFile(event.target.value)}
          hint="Like 100 MB. Empty: no limit."
          error={tried && !fileField.ok ? fileField.message : null}
        />
      </div>
      <div>
        <Button type="submit" variant="primary" busy={busy}>
          Save defaults
        </Button>
      </div>
    </form>
  );
}

function UserQuotas() {
  const { api, go } = useConsole();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  const users = useLoad(() => api.users.list({ query, offset, limit: PAGE_SIZE }), `${query}|${offset}`);
  const actions = useUserActions(users.reload);

  const columns: Column<AdminUser>[] = [
    {
      key: 'email',
      header: 'User',
      cell: (user) => (
        <a
          className="row-link"
          href={hrefOf({ page: 'user', userId: user.userId })}
          onClick={linkHandler(go, { page: 'user', userId: user.userId })}
        >
          {user.email}
        </a>
      ),
    },
    {
      key: 'storage',
      header: 'Used',
      cell: (user) => (
        <ProgressBar
          value={user.bytesUsed}
          max={user.quotaBytes}
          label={`Storage used by ${user.email}`}
          caption={usageCaption(user.bytesUsed, user.quotaBytes)}
        />
      ),
    },
    {
      key: 'quota',
      header: 'Quota',
      cell: (user) => (
        <span className="badges">
          {limitText(user.quotaBytes)}{' '}
          {user.quotaIsCustom ? <Badge tone="accent">Own</Badge> : <Badge>Default</Badge>}
        </span>
      ),
    },
    {
      key: 'file',
      header: 'Largest file',
      cell: (user) => (
        <span className="badges">
          {limitText(user.maxFileBytes)}{' '}
          {user.maxFileIsCustom ? <Badge tone="accent">Own</Badge> : <Badge>Default</Badge>}
        </span>
      ),
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (user) => (
        <div className="row-actions">
          <Button small onClick={() => actions.open('quota', user)}>
            Set…
          </Button>
        </div>
      ),
    },
  ];
  return (
    <>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Search by email"
          aria-label="Search users for their quota"
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {users.status === 'error' && <ErrorState reason={users.reason} onRetry={users.reload} />}
      {!users.data && users.status === 'loading' && <Loading label="Loading users…" />}
      {users.data && users.status !== 'error' && (
        <>
          {users.data.users.length === 0 ? (
            <EmptyState title="No users to show" />
          ) : (
            <Table
              caption="Quotas per user"
              columns={columns}
              rows={users.data.users}
              rowKey={(user) => user.userId}
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
    </>
  );
}
