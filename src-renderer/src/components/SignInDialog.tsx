import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { z } from 'zod';
import { ACCOUNT_LIMITS } from '../../../src-shared/sync/account';
import { syncSignInInput, syncSignUpInput } from '../../../src-shared/api/sync-api';
import type { SyncStatus } from '../api/quire-api';
import { errorCode } from '../api/errors';
import { describeSyncFailure, reasonWords, type SyncField } from '../api/sync-errors';
import { useServices } from '../hooks/useServices';
import { useSyncStatus } from '../hooks/useSyncStatus';
import { toasts } from '../state/toast-store';
import { FormField } from './FormField';
import { Icon } from './Icon';
import { Modal } from './Modal';

export type SignInMode = 'sign-in' | 'sign-up';

interface SignInDialogProps {
  open: boolean;
  onClose: () => void;
}

/** Sign in to a Quire sync server, or create an account on one. */
export function SignInDialog({ open, onClose }: SignInDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={titleId} className="sign-in-dialog">
      <SignInForm titleId={titleId} onDone={onClose} />
    </Modal>
  );
}

type Values = Record<SyncField, string>;
type FieldErrors = Partial<Record<SyncField, string>>;

const FIELDS: readonly SyncField[] = ['serverUrl', 'email', 'password', 'inviteCode'];
const LAST_SERVER_KEY = 'quire.sync.lastServerUrl';

/** What a blank field says, instead of zod's "too small". */
const MISSING: Record<SyncField, string> = {
  serverUrl: 'Enter the address of your sync server, like https://sync.example.com',
  email: 'Enter your email address',
  password: 'Enter your password',
  inviteCode: '',
};

function lastServerUrl(): string {
  try {
    return localStorage.getItem(LAST_SERVER_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberServerUrl(url: string): void {
  try {
    localStorage.setItem(LAST_SERVER_KEY, url);
  } catch {
    // Only a convenience for the next sign-in.
  }
}

/**
 * "sync.example.com" means https; "localhost:8080" (a server on this machine) means http.
 * Anything with a scheme is left for the schema to judge.
 */
export function withScheme(address: string): string {
  const trimmed = address.trim();
  if (trimmed === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(trimmed);
  return `${local ? 'http' : 'https'}://${trimmed}`;
}

function isField(key: unknown): key is SyncField {
  return typeof key === 'string' && (FIELDS as readonly string[]).includes(key);
}

/** The first message per field, from the same zod schemas the host parses with. */
function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], values: Values): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (!isField(field) || errors[field]) continue;
    errors[field] = values[field].trim() === '' && MISSING[field] ? MISSING[field] : issue.message;
  }
  return errors;
}

/** The host's own validation answer (BAD_REQUEST with zod's flattened field errors), per field. */
function hostFieldErrors(error: unknown): FieldErrors {
  if (errorCode(error) !== 'BAD_REQUEST') return {};
  const data = (error as { data?: { zodError?: { fieldErrors?: Record<string, unknown> } } }).data;
  const errors: FieldErrors = {};
  for (const [key, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) {
    const first: unknown = Array.isArray(messages) ? messages[0] : undefined;
    if (isField(key) && typeof first === 'string') errors[key] = first;
  }
  return errors;
}

/**
 * Without a named reason, the code tells: signing up, CONFLICT is an email already in use and
 * BAD_REQUEST (without field errors) an invite the server refused; signing in, BAD_REQUEST is a
 * wrong email or password.
 */
function fieldOfCode(code: string | undefined, mode: SignInMode): SyncField | undefined {
  if (mode === 'sign-up')
    return code === 'CONFLICT' ? 'email' : code === 'BAD_REQUEST' ? 'inviteCode' : undefined;
  return code === 'BAD_REQUEST' ? 'password' : undefined;
}

interface FormError {
  message: string;
}

function initialValues(status: SyncStatus | null): Values {
  return {
    serverUrl: status?.account?.serverUrl ?? lastServerUrl(),
    email: status?.account?.email ?? '',
    password: '',
    inviteCode: '',
  };
}

/** Why the dialog opened by itself, if it did: the server signed this device out. */
function noticeOf(status: SyncStatus | null): string | null {
  if (status?.state !== 'error' || !status.error) return null;
  const words = reasonWords(status.error.reason);
  return words.fix === 'sign-in' ? status.error.message || words.words : null;
}

function SignInForm({ titleId, onDone }: { titleId: string; onDone: () => void }) {
  const { api, sync } = useServices();
  const status = useSyncStatus();
  const [mode, setMode] = useState<SignInMode>('sign-in');
  const [values, setValues] = useState<Values>(() => initialValues(status));
  const [notice] = useState(() => noticeOf(status));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  /** The email already has an account there: offer the other tab. */
  const [offerSignIn, setOfferSignIn] = useState(false);
  const inputs = useRef<Partial<Record<SyncField, HTMLInputElement | null>>>({});
  const tabs = useRef<Record<SignInMode, HTMLButtonElement | null>>({ 'sign-in': null, 'sign-up': null });
  const panelId = useId();
  const tabId = useId();
  const signUp = mode === 'sign-up';

  // Focus lands on the first field still to fill in.
  const [firstEmpty] = useState<SyncField>(() =>
    values.serverUrl === '' ? 'serverUrl' : values.email === '' ? 'email' : 'password',
  );

  const focusField = (field: SyncField): void => {
    const input = inputs.current[field];
    input?.focus();
    input?.select();
  };

  const setValue = (field: SyncField, value: string): void => {
    setValues((v) => ({ ...v, [field]: value }));
    // An error goes as soon as the field is edited; the next submit judges it again.
    if (fieldErrors[field]) setFieldErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const switchMode = (next: SignInMode, focusTab = false): void => {
    if (busy) return;
    setMode(next);
    setFieldErrors({});
    setFormError(null);
    setOfferSignIn(false);
    if (focusTab) tabs.current[next]?.focus();
  };

  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next: SignInMode =
      event.key === 'Home' ? 'sign-in' : event.key === 'End' ? 'sign-up' : signUp ? 'sign-in' : 'sign-up';
    switchMode(next, true);
  };

  const fail = (errors: FieldErrors, form: FormError | null): void => {
    setFieldErrors(errors);
    setFormError(form);
    const first = FIELDS.find((field) => errors[field]);
    if (first) focusField(first);
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const serverUrl = withScheme(values.serverUrl);
    const typed: Values = { ...values, serverUrl };
    if (serverUrl !== values.serverUrl) setValues(typed);
    const input = signUp
      ? {
          serverUrl,
          email: typed.email,
          password: typed.password,
          inviteCode: typed.inviteCode.trim() || undefined,
        }
      : { serverUrl, email: typed.email, password: typed.password };
    const parsed = (signUp ? syncSignUpInput : syncSignInInput).safeParse(input);
    if (!parsed.success) return fail(fieldErrorsOf(parsed.error.issues, typed), null);

    setBusy(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const next = signUp ? await api.sync.signUp.mutate(input) : await api.sync.signIn.mutate(input);
      sync.accept(next);
      if (next.state === 'signed-out') {
        // The host answered without an account: it says why in `error`.
        const words = reasonWords(next.error?.reason ?? 'UNKNOWN');
        const field = words.field;
        return fail(field ? { [field]: next.error?.message || words.words } : {}, {
          message: next.error?.message || words.words,
        });
      }
      rememberServerUrl(serverUrl);
      const email = next.account?.email ?? parsed.data.email;
      toasts.show({
        message: signUp
          ? `Account created. Syncing your notes as ${email}.`
          : `Signed in as ${email}. Syncing your notes.`,
      });
      onDone();
    } catch (error) {
      const fromHost = hostFieldErrors(error);
      if (Object.keys(fromHost).length > 0) return fail(fromHost, null);
      const failure = describeSyncFailure(
        error,
        signUp ? 'Quire couldn’t create the account. Try again.' : 'Quire couldn’t sign in. Try again.',
      );
      // The host words its refusals itself; which field they concern follows from the code.
      const field = failure.field ?? fieldOfCode(errorCode(error), mode);
      if (field && field !== 'password') {
        fail({ [field]: failure.message }, null);
        setOfferSignIn(failure.reason === 'EMAIL_TAKEN' || (signUp && field === 'email'));
      } else {
        // Wrong credentials concern both fields: said once above them, the password ready to retype.
        fail({}, { message: failure.message });
        if (field === 'password') focusField('password');
      }
    } finally {
      setBusy(false);
    }
  };

  const tab = (value: SignInMode, label: string) => (
    <button
      ref={(el) => {
        tabs.current[value] = el;
      }}
      type="button"
      role="tab"
      id={`${tabId}-${value}`}
      className="tab"
      aria-selected={mode === value}
      aria-controls={panelId}
      tabIndex={mode === value ? 0 : -1}
      onClick={() => switchMode(value)}
      onKeyDown={onTabKeyDown}
    >
      {label}
    </button>
  );

  return (
    <>
      <header className="modal-header">
        <span className="modal-header-icon" aria-hidden="true">
          <Icon name="cloud" size={18} />
        </span>
        <div>
          <h2 id={titleId}>Sync your notes</h2>
          <p className="modal-lead">
            Keep your notes the same on all your devices through a Quire sync server. Everything stays on this
            device too, and works offline.
          </p>
        </div>
      </header>
      {notice && (
        <p className="dialog-notice" role="note">
          <Icon name="alert" size={14} />
          {notice}
        </p>
      )}
      <div className="tabs" role="tablist" aria-label="Account">
        {tab('sign-in', 'Sign in')}
        {tab('sign-up', 'Create account')}
      </div>
      <form
        id={panelId}
        role="tabpanel"
        aria-labelledby={`${tabId}-${mode}`}
        className="sign-in-form"
        noValidate
        aria-busy={busy}
        onSubmit={(event) => void submit(event)}
      >
        {formError && (
          <div className="form-alert" role="alert">
            <Icon name="alert" size={14} />
            <span>{formError.message}</span>
          </div>
        )}
        <FormField
          ref={(el) => {
            inputs.current.serverUrl = el;
          }}
          label="Server address"
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="https://sync.example.com"
          maxLength={2_000}
          value={values.serverUrl}
          onChange={(v) => setValue('serverUrl', v)}
          error={fieldErrors.serverUrl}
          readOnly={busy}
          autoFocusOnOpen={firstEmpty === 'serverUrl'}
        />
        <FormField
          ref={(el) => {
            inputs.current.email = el;
          }}
          label="Email"
          type="email"
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="name@example.com"
          maxLength={ACCOUNT_LIMITS.emailMaxLength}
          value={values.email}
          onChange={(v) => setValue('email', v)}
          error={fieldErrors.email}
          errorAction={
            offerSignIn && signUp ? (
              <button type="button" className="link-button" onClick={() => switchMode('sign-in')}>
                Switch to Sign in
              </button>
            ) : undefined
          }
          readOnly={busy}
          autoFocusOnOpen={firstEmpty === 'email'}
        />
        <FormField
          ref={(el) => {
            inputs.current.password = el;
          }}
          label="Password"
          type={showPassword ? 'text' : 'password'}
          autoComplete={signUp ? 'new-password' : 'current-password'}
          spellCheck={false}
          autoCapitalize="off"
          maxLength={ACCOUNT_LIMITS.passwordMaxLength}
          value={values.password}
          onChange={(v) => setValue('password', v)}
          hint={signUp ? `At least ${ACCOUNT_LIMITS.passwordMinLength} characters.` : undefined}
          error={fieldErrors.password}
          readOnly={busy}
          autoFocusOnOpen={firstEmpty === 'password'}
          trailing={
            <button
              type="button"
              className="icon-button small field-toggle"
              aria-label="Show password"
              aria-pressed={showPassword}
              title={showPassword ? 'Hide password' : 'Show password'}
              onClick={() => setShowPassword((s) => !s)}
            >
              <Icon name={showPassword ? 'eyeOff' : 'eye'} size={14} />
            </button>
          }
        />
        {signUp && (
          <FormField
            ref={(el) => {
              inputs.current.inviteCode = el;
            }}
            label="Invite code"
            optional
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            maxLength={ACCOUNT_LIMITS.inviteCodeMaxLength}
            value={values.inviteCode}
            onChange={(v) => setValue('inviteCode', v)}
            hint="Only if the server’s administrator gave you one."
            error={fieldErrors.inviteCode}
            readOnly={busy}
          />
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {busy && (
              <span className="is-spinning" aria-hidden="true">
                <Icon name="refresh" size={14} />
              </span>
            )}
            {signUp ? (busy ? 'Creating account…' : 'Create account') : busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </>
  );
}
