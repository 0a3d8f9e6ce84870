import { Icon } from '../../ui';
import type { AutosaveSnapshot } from './autosave';

const LABELS = { saved: 'Saved', pending: 'Saving…', saving: 'Saving…', error: 'Not saved' } as const;

/**
 * Quiet save feedback. Pending and in-flight both read "Saving…": users don't care which. On error
 * the tooltip says whether the queue retries: it does for transient failures only, and drops a
 * patch it can never save (the note was deleted, the host rejected it).
 */
export function SaveStatus({ snapshot }: { snapshot: AutosaveSnapshot }) {
  const { status, error, retrying } = snapshot;
  const next = retrying ? 'Quire keeps retrying.' : 'Retrying can’t fix this, so Quire stopped trying.';
  return (
    <span
      className={`save-status is-${status}`}
      data-testid="save-status"
      role="status"
      title={status === 'error' && error ? `${error} ${next}` : undefined}
    >
      {status === 'error' && <Icon name="alert" size={13} />}
      {LABELS[status]}
    </span>
  );
}
