import { useEffect, useState } from 'react';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../../../src-shared/sync/admin';
import { formatByteSize } from '../../../../src-shared/format/byte-size';
import { REASON_WORDS } from '../../../../src-shared/errors/reason-words';
import { failureReasonSchema } from '../../../../src-shared/errors/reasons';
import { useConsole } from '../context';
import { dateOnly, dateTime, timeOnly } from '../format';
import { useLoad } from '../hooks';
import { Badge, EmptyState, ErrorState, Loading, Pager, Table, type BadgeTone, type Column } from '../ui';

const PAGE_SIZE = 50;

/** Each action in words, for the filter and the table. */
export const ACTION_WORDS: Record<AuditAction, string> = {
  sign_in: 'Signed in',
  sign_in_failed: 'Sign-in failed',
  sign_up: 'Signed up',
  sign_out: 'Signed out',
  console_sign_in: 'Console sign-in',
  console_sign_in_failed: 'Console sign-in failed',
  console_sign_out: 'Console sign-out',
  invite_created: 'Invite created',
  invite_revoked: 'Invite revoked',
  device_revoked: 'Device revoked',
  user_created: 'User created',
  user_disabled: 'User disabled',
  user_enabled: 'User enabled',
  role_changed: 'Role changed',
  password_reset: 'Password reset',
  user_deletion_scheduled: 'Deletion scheduled',
  user_deletion_cancelled: 'Deletion cancelled',
  user_purged: 'User erased',
  quota_changed: 'Quota changed',
  default_quota_changed: 'Default quota changed',
  quota_refused: 'Push refused: quota',
  rate_limited: 'Rate limited',
  job_run_requested: 'Job run requested',
};

function toneOf(action: AuditAction): BadgeTone {
  if (action.endsWith('_failed') || action === 'quota_refused' || action === 'rate_limited') return 'warning';
  if (action === 'user_purged' || action === 'user_deletion_scheduled' || action === 'user_disabled')
    return 'danger';
  if (action.startsWith('console_')) return 'accent';
  return 'neutral';
}

function detailsText(details: AuditEntry['details']): string {
  return (
    Object.entries(details)
      // Ids mean nothing to a reader; the row already names who and what.
      .filter(([key]) => !/Id$/.test(key))
      .map(([key, value]) => {
        if (value === null) return `${key}: —`;
        // Sizes are stored in bytes; people read them in GB and MB.
        if (key === 'reason' && typeof value === 'string') {
          const known = failureReasonSchema.safeParse(value);
          return known.success ? REASON_WORDS[known.data].headline : `reason: ${value}`;
        }
        if (typeof value === 'number' && /At$/.test(key))
          return `${key.replace(/At$/, '')}: ${dateTime(value)}`;
        if (typeof value === 'number' && /bytes$/i.test(key))
          return `${key.replace(/Bytes$/, '')}: ${formatByteSize(value)}`;
        return `${key}: ${String(value)}`;
      })
      .join(' · ')
  );
}

export function AuditPage() {
  const { api } = useConsole();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [action, setAction] = useState<AuditAction | null>(null);
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setQuery(search.trim());
      setOffset(0);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  const entries = useLoad(
    () => api.audit.list({ query, offset, limit: PAGE_SIZE, ...(action ? { action } : {}) }),
    `${query}|${action ?? ''}|${offset}`,
  );
  const columns: Column<AuditEntry>[] = [
    {
      key: 'at',
      header: 'When',
      cell: (entry) => (
        <span className="when">
          <span>{dateOnly(entry.at)}</span>
          <span className="muted small">{timeOnly(entry.at)}</span>
        </span>
      ),
    },
    {
      key: 'action',
      header: 'What',
      cell: (entry) => <Badge tone={toneOf(entry.action)}>{ACTION_WORDS[entry.action]}</Badge>,
    },
    {
      key: 'actor',
      header: 'By',
      cell: (entry) => (
        <span className="who">{entry.actorEmail ?? <span className="muted">Server</span>}</span>
      ),
    },
    {
      key: 'target',
      header: 'Whom',
      cell: (entry) => <span className="who">{entry.targetEmail ?? <span className="muted">—</span>}</span>,
    },
    { key: 'ip', header: 'IP', cell: (entry) => <code>{entry.ip ?? '—'}</code> },
    {
      key: 'details',
      header: 'Details',
      cell: (entry) => <span className="details">{detailsText(entry.details)}</span>,
    },
  ];

  return (
    <section className="page" aria-labelledby="audit-title">
      <header className="page-header">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="page-sub">
            Who did what, from where.
            {entries.data && ` Entries are kept for ${entries.data.retentionDays} days.`}
          </p>
        </div>
        <div className="page-actions">
          <a className="btn btn-plain" href={api.auditCsvUrl({ query, action })} download>
            Export CSV
          </a>
        </div>
      </header>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Search email, IP or details"
          aria-label="Search the audit log"
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.target.value)}
        />
        <select
          aria-label="Action"
          className="select"
          value={action ?? ''}
          onChange={(event) => {
            const value = event.target.value;
            setAction(AUDIT_ACTIONS.find((known) => known === value) ?? null);
            setOffset(0);
          }}
        >
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((known) => (
            <option key={known} value={known}>
              {ACTION_WORDS[known]}
            </option>
          ))}
        </select>
        {entries.status === 'loading' && entries.data && <span className="inline-loading">Updating…</span>}
      </div>
      {entries.status === 'error' && <ErrorState reason={entries.reason} onRetry={entries.reload} />}
      {!entries.data && entries.status === 'loading' && <Loading label="Loading the audit log…" />}
      {entries.data && entries.status !== 'error' && (
        <>
          {entries.data.entries.length === 0 ? (
            <EmptyState title={query || action ? 'Nothing matches' : 'Nothing logged yet'}>
              {query || action ? 'Try another search or action.' : 'Sign-ins and admin actions appear here.'}
            </EmptyState>
          ) : (
            <Table
              caption="Audit log"
              columns={columns}
              rows={entries.data.entries}
              rowKey={(entry) => String(entry.id)}
            />
          )}
          <Pager
            offset={offset}
            limit={PAGE_SIZE}
            total={entries.data.total}
            onOffset={setOffset}
            noun="entries"
          />
        </>
      )}
    </section>
  );
}
