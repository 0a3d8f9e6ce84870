import { useEffect, useId, useState } from 'react';
import { formatByteSize } from '../../../../src-shared/format/byte-size';
import type { StorageUsage } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';

/** "312 MB of 1.0 GB used", or "312 MB used" when the account has no quota (Q7). */
export function storageUsageText(usage: StorageUsage): string {
  const used = formatByteSize(usage.bytesUsed);
  return usage.quotaBytes === null ? `${used} used` : `${used} of ${formatByteSize(usage.quotaBytes)} used`;
}

interface StorageUsageSectionProps {
  /** Loads again when this changes (a sync finished, a refusal came or went). */
  refreshKey: string;
}

type Loaded =
  | { status: 'loading'; usage: StorageUsage | null }
  | { status: 'ready'; usage: StorageUsage }
  | { status: 'error'; usage: StorageUsage | null; error: string };

/** The account dialog's "Storage" line: bytes on the sync server against the quota, with a bar. */
export function StorageUsageSection({ refreshKey }: StorageUsageSectionProps) {
  const { api } = useServices();
  const headingId = useId();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading', usage: null });

  useEffect(() => {
    let active = true;
    api.sync.storage.query().then(
      (usage) => {
        if (active) setLoaded({ status: 'ready', usage });
      },
      (error: unknown) => {
        if (active) setLoaded((s) => ({ status: 'error', usage: s.usage, error: describeFailure(error) }));
      },
    );
    return () => {
      active = false;
    };
  }, [api, refreshKey]);

  const usage = loaded.usage;
  const quota = usage?.quotaBytes ?? null;
  const ratio = usage && quota !== null ? (quota === 0 ? 1 : Math.min(1, usage.bytesUsed / quota)) : null;
  const tone = ratio === null ? '' : ratio >= 1 ? ' is-full' : ratio >= 0.9 ? ' is-nearly-full' : '';

  return (
    <section className="account-section" aria-labelledby={headingId} data-testid="storage-usage">
      <div className="account-section-header">
        <h3 id={headingId}>Storage</h3>
      </div>
      {usage ? (
        <div className={`sync-progress storage-usage${tone}`}>
          {ratio !== null && (
            <div
              className="sync-progress-track"
              role="progressbar"
              aria-label="Sync storage used"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(ratio * 100)}
              aria-valuetext={storageUsageText(usage)}
            >
              <div className="sync-progress-fill" style={{ width: `${ratio * 100}%` }} />
            </div>
          )}
          <span className="sync-progress-text">{storageUsageText(usage)}</span>
        </div>
      ) : loaded.status === 'error' ? (
        <p className="account-muted" role="status">
          {loaded.error}
        </p>
      ) : (
        <p className="account-muted" role="status">
          Loading storage…
        </p>
      )}
    </section>
  );
}
