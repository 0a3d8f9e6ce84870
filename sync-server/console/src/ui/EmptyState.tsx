import type { ReactNode } from 'react';
import { REASON_WORDS } from '../../../../src-shared/errors/reason-words';
import type { FailureReason } from '../../../../src-shared/errors/reasons';
import { Button } from './Button';

/** Nothing to show yet, and what would fill it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

/** A page or panel that is still loading: announced politely, drawn as a quiet skeleton. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A failure in words from its reason (src-shared/errors/reason-words.ts), with a way to retry. */
export function ErrorState({ reason, onRetry }: { reason: FailureReason; onRetry?: () => void }) {
  const words = REASON_WORDS[reason];
  return (
    <div className="error-state" role="alert">
      <p className="error-title">{words.headline}</p>
      <p className="error-words">{words.words}</p>
      {onRetry && <Button onClick={onRetry}>Try again</Button>}
    </div>
  );
}
