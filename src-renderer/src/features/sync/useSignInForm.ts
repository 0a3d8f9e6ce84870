import { useRef, useState } from 'react';
import type { z } from 'zod';
import { syncSignInInput, syncSignUpInput } from '../../../../src-shared/api/sync-api';
import { describeReason } from '../../../../src-shared/errors/reason-words';
import {
  describeFailure,
  failureReasonOf,
  reasonField,
  reasonFix,
  refusedFields,
  type SignInField,
} from '../../api/failures';
import type { SyncStatus } from '../../api/quire-api';
import { useServices } from '../../api/useServices';
import { toasts } from '../../ui';
import { useSyncStatus } from './useSyncStatus';

export type SignInMode = 'sign-in' | 'sign-up';
export type SignInValues = Record<SignInField, string>;
export type SignInFieldErrors = Partial<Record<SignInField, string>>;

const FIELDS: readonly SignInField[] = ['serverUrl', 'email', 'password', 'inviteCode'];
const LAST_SERVER_KEY = 'quire.sync.lastServerUrl';

/** What a blank field says, instead of zod's "too small". */
const MISSING: Record<SignInField, string> = {
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

function isField(key: string): key is SignInField {
  return (FIELDS as readonly string[]).includes(key);
}

/** The first message per field, from the same zod schemas the host parses with. */
function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], values: SignInValues): SignInFieldErrors {
  const errors: SignInFieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !isField(field) || errors[field]) continue;
    errors[field] = values[field].trim() === '' && MISSING[field] ? MISSING[field] : issue.message;
  }
  return errors;
}

/** The host's own validation answer (refused input, with zod's field errors), on the form's fields. */
function hostFieldErrors(error: unknown): SignInFieldErrors {
  const errors: SignInFieldErrors = {};
  if (failureReasonOf(error) !== 'INVALID_INPUT') return errors;
  for (const [key, message] of Object.entries(refusedFields(error))) if (isField(key)) errors[key] = message;
  return errors;
}

function initialValues(status: SyncStatus | null): SignInValues {
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
  const { reason } = status.error;
  return reasonFix(reason) === 'sign-in' ? describeReason(reason) : null;
}

export interface SignInForm {
  mode: SignInMode;
  /** Sign in or create an account; errors go, what was typed stays. Ignored while busy. */
  switchMode: (next: SignInMode) => void;
  values: SignInValues;
  setValue: (field: SignInField, value: string) => void;
  /** Said at each field. */
  fieldErrors: SignInFieldErrors;
  /** Said once above the fields: a refusal about the whole form. */
  formError: string | null;
  /** Why the dialog opened by itself (the server signed this device out), or null. */
  notice: string | null;
  /** The host is working on it; a second submit is ignored. */
  busy: boolean;
  /** The email already has an account there: offer the Sign in tab. */
  offerSignIn: boolean;
  /** The field to focus when the form opens: the first one still to fill in. */
  firstEmpty: SignInField;
  /** Hands the form an input, so an error can put the cursor in its field. */
  inputRef: (field: SignInField) => (element: HTMLInputElement | null) => void;
  /** Checks the fields with the host's schemas, then signs in or up; `onDone` runs once it has. */
  submit: () => Promise<void>;
}

/**
 * The sign-in form's state and its one job: checking what was typed with the host's own schemas,
 * sending it, and putting each refusal where it belongs (a field, or the form), in the words of
 * its reason. Whatever happens, what was typed stays.
 */
export function useSignInForm({ onDone }: { onDone: () => void }): SignInForm {
  const { api, sync } = useServices();
  const status = useSyncStatus();
  const [mode, setMode] = useState<SignInMode>('sign-in');
  const [values, setValues] = useState<SignInValues>(() => initialValues(status));
  const [notice] = useState(() => noticeOf(status));
  const [fieldErrors, setFieldErrors] = useState<SignInFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [offerSignIn, setOfferSignIn] = useState(false);
  const inputs = useRef<Partial<Record<SignInField, HTMLInputElement | null>>>({});
  const [firstEmpty] = useState<SignInField>(() =>
    values.serverUrl === '' ? 'serverUrl' : values.email === '' ? 'email' : 'password',
  );
  const signUp = mode === 'sign-up';

  const focusField = (field: SignInField): void => {
    const input = inputs.current[field];
    input?.focus();
    input?.select();
  };

  const setValue = (field: SignInField, value: string): void => {
    setValues((v) => ({ ...v, [field]: value }));
    // An error goes as soon as the field is edited; the next submit judges it again.
    if (fieldErrors[field]) setFieldErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const switchMode = (next: SignInMode): void => {
    if (busy) return;
    setMode(next);
    setFieldErrors({});
    setFormError(null);
    setOfferSignIn(false);
  };

  const fail = (errors: SignInFieldErrors, form: string | null): void => {
    setFieldErrors(errors);
    setFormError(form);
    const first = FIELDS.find((field) => errors[field]);
    if (first) focusField(first);
  };

  const submit = async (): Promise<void> => {
    if (busy) return;
    const serverUrl = withScheme(values.serverUrl);
    const typed: SignInValues = { ...values, serverUrl };
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
        // The host answered without an account: its status says why.
        const reason = next.error?.reason ?? 'UNKNOWN';
        const words = describeReason(reason);
        const field = reasonField(reason);
        return fail(field ? { [field]: words } : {}, words);
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
      const reason = failureReasonOf(error);
      const words = describeFailure(error);
      const field = reasonField(reason);
      if (field && field !== 'password') {
        fail({ [field]: words }, null);
        setOfferSignIn(reason === 'EMAIL_TAKEN');
      } else {
        // Wrong credentials concern both fields: said once above them, the password ready to retype.
        fail({}, words);
        if (field === 'password') focusField('password');
      }
    } finally {
      setBusy(false);
    }
  };

  const inputRef =
    (field: SignInField) =>
    (element: HTMLInputElement | null): void => {
      inputs.current[field] = element;
    };

  return {
    mode,
    switchMode,
    values,
    setValue,
    fieldErrors,
    formError,
    notice,
    busy,
    offerSignIn,
    firstEmpty,
    inputRef,
    submit,
  };
}
