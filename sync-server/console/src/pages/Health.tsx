import type { ServerHealth } from '../../../../src-shared/sync/admin';
import { formatByteSize } from '../../../../src-shared/format/byte-size';
import { useConsole } from '../context';
import { uptime } from '../format';
import { useLoad } from '../hooks';
import { Badge, Button, ErrorState, Loading } from '../ui';

const KIND_WORDS: Record<string, string> = {
  postgres: 'PostgreSQL',
  pglite: 'Embedded (PGlite)',
  'pg-notify': 'PostgreSQL NOTIFY',
  redis: 'Redis',
  local: 'In-process',
  fs: 'Files on disk',
  s3: 'S3-compatible',
};

function Check({
  title,
  ok,
  kind,
  detail,
  info = false,
}: {
  title: string;
  ok: boolean;
  kind?: string;
  detail: string;
  /** A fact, not a check: no verdict badge. */
  info?: boolean;
}) {
  return (
    <div className={ok ? 'check' : 'check check-bad'}>
      <div className="check-head">
        <span className={info ? 'dot dot-info' : ok ? 'dot dot-ok' : 'dot dot-bad'} aria-hidden="true" />
        <h2 className="check-title">{title}</h2>
        {!info && <Badge tone={ok ? 'success' : 'danger'}>{ok ? 'OK' : 'Problem'}</Badge>}
      </div>
      {kind && <p className="check-kind">{KIND_WORDS[kind] ?? kind}</p>}
      <p className="check-detail">{detail}</p>
    </div>
  );
}

function diskDetail(health: ServerHealth): string {
  const { freeBytes, totalBytes, detail } = health.disk;
  if (freeBytes === null || totalBytes === null) return detail;
  return `${formatByteSize(freeBytes)} free of ${formatByteSize(totalBytes)}`;
}

export function HealthPage() {
  const { api } = useConsole();
  const health = useLoad(() => api.health.get(), 'health');
  const h = health.data;
  return (
    <section className="page" aria-labelledby="health-title">
      <header className="page-header">
        <div>
          <h1 id="health-title">Health</h1>
          <p className="page-sub">What the server depends on, checked now.</p>
        </div>
        <div className="page-actions">
          <Button onClick={health.reload} busy={health.status === 'loading'}>
            Check again
          </Button>
        </div>
      </header>
      {health.status === 'error' && <ErrorState reason={health.reason} onRetry={health.reload} />}
      {!h && health.status === 'loading' && <Loading label="Checking…" />}
      {h && health.status !== 'error' && (
        <div className="checks">
          <Check title="Database" ok={h.database.ok} kind={h.database.kind} detail={h.database.detail} />
          <Check title="Change bus" ok={h.bus.ok} kind={h.bus.kind} detail={h.bus.detail} />
          <Check title="Blob store" ok={h.blobStore.ok} kind={h.blobStore.kind} detail={h.blobStore.detail} />
          <Check title="Disk" ok={h.disk.ok} detail={diskDetail(h)} />
          <Check
            title="Migrations"
            ok={h.migrations.ok}
            detail={
              h.migrations.ok
                ? `Schema ${h.migrations.current}, current`
                : `Schema ${h.migrations.current} of ${h.migrations.latest}: restart the server to migrate`
            }
          />
          <Check
            title="Version"
            ok
            info
            detail={`Quire server ${h.version.server} · protocol ${h.version.protocol} · Node ${h.version.node} · up ${uptime(h.uptimeMs)}`}
          />
        </div>
      )}
    </section>
  );
}
