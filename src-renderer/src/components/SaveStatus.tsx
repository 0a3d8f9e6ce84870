import type { AutosaveSnapshot } from '../lib/autosave';
import { Icon } from './Icon';

const LABELS = { saved: 'Saved', pending: 'Saving…', saving: 'Saving…', error: 'Not saved' } as const;

/** Quiet save feedback. Pending and in-flight both read "Saving…": users don't care which. */
export function SaveStatus({ snapshot }: { snapshot: AutosaveSnapshot }) {
  const { status, error } = snapshot;
  return (
    <span
      className={`save-status is-${status}`}
      data-testid="save-status"
      role="status"
      title={status === 'error' && error ? `${error} Quire keeps retrying.` : undefined}
    >
      {status === 'error' && <Icon name="alert" size={13} />}
      {LABELS[status]}
    </span>
  );
}
