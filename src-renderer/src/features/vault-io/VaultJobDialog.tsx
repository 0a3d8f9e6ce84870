import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ReportEntry } from '../../../../src-shared/api/vault-api';
import { REPORT_PAGE_MAX } from '../../../../src-shared/api/vault-api';
import type { OnExisting } from '../../../../src-shared/api/vault-api';
import type { VaultJob } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { describeReason } from '../../../../src-shared/errors/reason-words';
import { useServices } from '../../api/useServices';
import { Button, Modal, ModalHeader } from '../../ui';
import { FolderField } from './FolderField';
import { formatBytes, formatEta, reportCsv, reportKindWords } from './report-words';
import { isFinished, useVaultJob } from './useVaultJob';
import './vault-io.css';

export type VaultJobKind = 'import' | 'export';

interface VaultJobDialogProps {
  /** Which dialog is open, or null. */
  kind: VaultJobKind | null;
  onClose: () => void;
}

const WORDS = {
  import: {
    title: 'Import folder',
    lead: 'Bring a folder of Markdown notes and files (an Obsidian vault, for one) into Quire. The folder is only read.',
    start: 'Import',
    icon: 'arrowDown',
  },
  export: {
    title: 'Export vault',
    lead: 'Write every note as a .md file and every attachment at its path, exactly as they were imported.',
    start: 'Export',
    icon: 'notes',
  },
} as const;

/** Import or export: choose a folder, watch the job, read (and save) its report. */
export function VaultJobDialog({ kind, onClose }: VaultJobDialogProps) {
  const titleId = useId();
  return (
    <Modal open={kind !== null} onClose={onClose} labelledBy={titleId} className="vault-dialog">
      {kind && <VaultJobPanel kind={kind} titleId={titleId} onClose={onClose} />}
    </Modal>
  );
}

function VaultJobPanel({
  kind,
  titleId,
  onClose,
}: {
  kind: VaultJobKind;
  titleId: string;
  onClose: () => void;
}) {
  const [started, setStarted] = useState<VaultJob | null>(null);
  const words = WORDS[kind];
  return (
    <>
      <ModalHeader
        icon={words.icon}
        title={words.title}
        titleId={titleId}
        lead={words.lead}
        onClose={onClose}
      />
      {started ? (
        <JobProgress key={started.jobId} initial={started} onClose={onClose} />
      ) : (
        <StartForm kind={kind} onStarted={setStarted} onClose={onClose} />
      )}
    </>
  );
}

function StartForm({
  kind,
  onStarted,
  onClose,
}: {
  kind: VaultJobKind;
  onStarted: (job: VaultJob) => void;
  onClose: () => void;
}) {
  const { api } = useServices();
  const [dir, setDir] = useState('');
  const [includeHidden, setIncludeHidden] = useState(false);
  const [onExisting, setOnExisting] = useState<OnExisting>('skip');
  const [allowNonEmpty, setAllowNonEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (dir.trim() === '') {
      setError('Type the folder’s full path.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const job =
        kind === 'import'
          ? await api.vault.startImport.mutate({ dir, includeHidden, onExisting })
          : await api.vault.startExport.mutate({ dir, allowNonEmpty });
      onStarted(job);
    } catch (failure) {
      setError(describeFailure(failure));
      setBusy(false);
    }
  };

  return (
    <form className="vault-form" onSubmit={(event) => void submit(event)} noValidate>
      <FolderField
        purpose={kind}
        value={dir}
        onChange={setDir}
        placeholder={kind === 'import' ? '/home/me/Notes' : '/home/me/Quire export'}
        hint={
          kind === 'import'
            ? 'The full path of the folder to import, on the machine running Quire.'
            : 'The full path of an empty folder (it is created if missing).'
        }
        error={error}
      />
      {kind === 'import' ? (
        <>
          <fieldset className="vault-options">
            <legend className="form-label">Notes already in the vault at the same path</legend>
            {(
              [
                ['skip', 'Skip them (keep the vault’s version)'],
                ['update', 'Update them from the folder'],
                ['keepBoth', 'Keep both (import beside them under a new name)'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="vault-option">
                <input
                  type="radio"
                  name="onExisting"
                  value={value}
                  checked={onExisting === value}
                  onChange={() => setOnExisting(value)}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <label className="vault-option">
            <input
              type="checkbox"
              checked={includeHidden}
              onChange={(e) => setIncludeHidden(e.target.checked)}
            />
            Include hidden folders (<code>.obsidian</code>, <code>.trash</code>, …)
          </label>
        </>
      ) : (
        <label className="vault-option">
          <input
            type="checkbox"
            checked={allowNonEmpty}
            onChange={(e) => setAllowNonEmpty(e.target.checked)}
          />
          Allow a folder that already holds files (matching paths are overwritten)
        </label>
      )}
      <div className="dialog-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy} spinner>
          {WORDS[kind].start}
        </Button>
      </div>
    </form>
  );
}

function JobProgress({ initial, onClose }: { initial: VaultJob; onClose: () => void }) {
  const { api } = useServices();
  const job = useVaultJob(initial) ?? initial;
  const [cancelling, setCancelling] = useState(false);
  const finished = isFinished(job);
  const percent =
    job.filesTotal === 0
      ? finished
        ? 100
        : 0
      : Math.min(100, Math.round((job.filesDone / job.filesTotal) * 100));
  const eta = finished ? null : formatEta(job.etaMs);

  const cancel = (): void => {
    if (cancelling) return;
    setCancelling(true);
    api.vault.cancel.mutate({ jobId: job.jobId }).catch(() => setCancelling(false));
  };

  return (
    <div className="vault-job">
      <p className="vault-job-state" role="status">
        {stateWords(job)}
      </p>
      <div
        className="vault-progress-track"
        role="progressbar"
        aria-label={job.kind === 'import' ? 'Import progress' : 'Export progress'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="vault-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <dl className="vault-counts">
        <div>
          <dt>Files</dt>
          <dd data-testid="vault-files">
            {job.filesDone.toLocaleString()} of {job.filesTotal.toLocaleString()}
          </dd>
        </div>
        <div>
          <dt>Notes</dt>
          <dd data-testid="vault-notes">{job.notes.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Attachments</dt>
          <dd data-testid="vault-attachments">{job.attachments.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {formatBytes(job.bytesDone)} of {formatBytes(job.bytesTotal)}
          </dd>
        </div>
      </dl>
      {eta && <p className="vault-eta">{eta}</p>}
      {finished && <JobReportView job={job} />}
      <div className="dialog-actions">
        {finished ? (
          <Button variant="primary" onClick={onClose} data-autofocus>
            Done
          </Button>
        ) : (
          <Button onClick={cancel} busy={cancelling} spinner>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
      </div>
    </div>
  );
}

function stateWords(job: VaultJob): string {
  const verb = job.kind === 'import' ? 'Import' : 'Export';
  switch (job.state) {
    case 'scanning':
      return `Looking through ${job.dir}…`;
    case 'running':
      return job.kind === 'import' ? `Importing from ${job.dir}…` : `Exporting to ${job.dir}…`;
    case 'done':
      return `${verb} finished: ${job.notes.toLocaleString()} notes and ${job.attachments.toLocaleString()} attachments.`;
    case 'cancelled':
      return `${verb} cancelled. ${job.kind === 'import' ? 'The files imported so far are whole and kept.' : ''}`.trim();
    case 'failed':
      return `${verb} failed: ${describeReason(job.reason ?? 'UNKNOWN')}`;
  }
}

/** How many report entries the dialog lists; "Save report…" writes them all. */
const SHOWN_MAX = 200;

function JobReportView({ job }: { job: VaultJob }) {
  const { api } = useServices();
  const [entries, setEntries] = useState<ReportEntry[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.vault.report.query({ jobId: job.jobId, offset: 0, limit: SHOWN_MAX }).then(
      (report) => {
        if (!live) return;
        setEntries(report.entries);
        setTotal(report.total);
      },
      (failure: unknown) => live && setError(describeFailure(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, job.jobId]);

  const save = async (): Promise<void> => {
    const all: ReportEntry[] = [];
    try {
      for (let offset = 0; ; offset += REPORT_PAGE_MAX) {
        const page = await api.vault.report.query({ jobId: job.jobId, offset, limit: REPORT_PAGE_MAX });
        all.push(...page.entries);
        if (page.entries.length === 0 || all.length >= page.total) break;
      }
    } catch (failure) {
      setError(describeFailure(failure));
      return;
    }
    download(`quire-${job.kind}-report.csv`, reportCsv(all));
  };

  if (error) {
    return (
      <p className="form-alert" role="alert">
        Couldn’t load the report: {error}
      </p>
    );
  }
  if (!entries) return <p className="hint">Loading the report…</p>;
  if (total === 0) {
    return <p className="vault-report-empty">Every file was kept as it is. Nothing to report.</p>;
  }
  return (
    <section className="vault-report" aria-label="Report">
      <header className="vault-report-header">
        <h3>
          Report: {total.toLocaleString()} {total === 1 ? 'file' : 'files'} to know about
        </h3>
        <Button icon="arrowDown" onClick={() => void save()}>
          Save report…
        </Button>
      </header>
      <ul className="vault-report-list">
        {entries.map((entry, index) => (
          <li key={`${entry.path}\u0000${index}`}>
            <span className="vault-report-path" title={entry.path}>
              {entry.path}
            </span>
            <span className="vault-report-kind">
              {reportKindWords(entry.kind)}
              {entry.keptAs !== undefined && <> as {entry.keptAs}</>}
            </span>
          </li>
        ))}
      </ul>
      {total > entries.length && (
        <p className="hint">{(total - entries.length).toLocaleString()} more in the saved report.</p>
      )}
    </section>
  );
}

/** Hands a text file to the browser's download (Electron saves it through the same path). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returned.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
