import { useState, type FormEvent } from 'react';
import { REASON_WORDS } from '../../../../src-shared/errors/reason-words';
import type { FailureReason } from '../../../../src-shared/errors/reasons';
import type { ConsoleMe } from '../../../../src-shared/sync/admin';
import { failureReason, type ConsoleApi } from '../api';
import { Button, Field } from '../ui';

/** K1: an administrator's email and password open a console session; nobody else's do. */
export function SignInPage({
  api,
  notice,
  onSignedIn,
}: {
  api: ConsoleApi;
  notice: string | null;
  onSignedIn: (me: ConsoleMe) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState<FailureReason | null>(null);
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setReason(null);
    api.signIn({ email: email.trim(), password }).then(onSignedIn, (error: unknown) => {
      setReason(failureReason(error));
      setBusy(false);
    });
  };

  return (
    <div className="center-page sign-in-page">
      <form className="sign-in-card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            Q
          </span>
        </div>
        <h1 id="sign-in-title">Sign in to the admin console</h1>
        <p className="muted">For administrators of this Quire sync server.</p>
        {notice && !reason && <p className="notice">{notice}</p>}
        {reason && (
          <div className="form-error" role="alert">
            <strong>{REASON_WORDS[reason].headline}.</strong> {REASON_WORDS[reason].words}
          </div>
        )}
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={missing && !email.trim() ? 'Enter your email address.' : null}
          data-autofocus
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={missing && !password ? 'Enter your password.' : null}
        />
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </div>
  );
}
