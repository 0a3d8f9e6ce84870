// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src-renderer/src/api/create-services';
import { ServicesContext } from '../../src-renderer/src/api/services-context';
import { useSignInForm } from '../../src-renderer/src/features/sync/useSignInForm';
import { toasts } from '../../src-renderer/src/ui/toast-store';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import {
  SIGNED_OUT,
  createFakeHost,
  hostError,
  syncStatus,
  transportError,
  type FakeHost,
} from './support/fake-host';

afterEach(() => {
  cleanup();
  document.body.replaceChildren();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
  localStorage.clear();
});

/** The hook over a fake host, its inputs attached, as the dialog attaches them. */
function renderForm(host: FakeHost = createFakeHost()) {
  const services = createServices(host.api, {
    getSnapshot: () => 'connected',
    subscribe: () => () => undefined,
  });
  // The sidebar already listens to the sync status when the dialog opens, so the form reads it at once.
  services.sync.subscribe(() => undefined);
  const onDone = vi.fn();
  const hook = renderHook(() => useSignInForm({ onDone }), {
    wrapper: ({ children }: { children: ReactNode }) => (
      <ServicesContext value={services}>{children}</ServicesContext>
    ),
  });
  const inputs = {
    serverUrl: document.createElement('input'),
    email: document.createElement('input'),
    password: document.createElement('input'),
    inviteCode: document.createElement('input'),
  };
  for (const [field, input] of Object.entries(inputs)) {
    document.body.append(input);
    hook.result.current.inputRef(field as keyof typeof inputs)(input);
  }
  return { ...hook, host, onDone, inputs };
}

function fill(
  form: ReturnType<typeof renderForm>,
  values: Partial<Record<'serverUrl' | 'email' | 'password' | 'inviteCode', string>>,
): void {
  act(() => {
    for (const [field, value] of Object.entries(values))
      form.result.current.setValue(field as keyof typeof values, value);
  });
}

const submit = (form: ReturnType<typeof renderForm>) => act(() => form.result.current.submit());

const ADA = { serverUrl: 'sync.example.com', email: 'ada@example.com', password: 'hunter22 hunter22' };

describe('useSignInForm', () => {
  it('checks the fields with the host’s schemas, says what is missing, focuses the first, sends nothing', async () => {
    const form = renderForm();
    expect(form.result.current.firstEmpty).toBe('serverUrl');
    await submit(form);
    expect(form.result.current.fieldErrors).toEqual({
      serverUrl: 'Enter the address of your sync server, like https://sync.example.com',
      email: 'Enter your email address',
      password: 'Enter your password',
    });
    expect(form.result.current.formError).toBeNull();
    expect(document.activeElement).toBe(form.inputs.serverUrl);
    expect(form.host.sync.signIn).not.toHaveBeenCalled();

    // Editing a field takes its error away; the others stay until the next submit.
    fill(form, { email: 'ada@example.com' });
    expect(Object.keys(form.result.current.fieldErrors)).toEqual(['serverUrl', 'password']);
  });

  it('signs in with the scheme added, remembers the server, says so and is done', async () => {
    const form = renderForm();
    fill(form, ADA);
    await submit(form);
    expect(form.host.sync.signIn).toHaveBeenCalledExactlyOnceWith({
      serverUrl: 'https://sync.example.com',
      email: 'ada@example.com',
      password: 'hunter22 hunter22',
    });
    expect(form.result.current.values.serverUrl).toBe('https://sync.example.com');
    expect(form.result.current.busy).toBe(false);
    expect(form.onDone).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem('quire.sync.lastServerUrl')).toBe('https://sync.example.com');
    expect(toasts.getSnapshot().map((t) => t.message)).toEqual([
      'Signed in as ada@example.com. Syncing your notes.',
    ]);
  });

  it('creates an account with the invite code trimmed, or none when it is blank', async () => {
    const form = renderForm();
    act(() => form.result.current.switchMode('sign-up'));
    fill(form, { ...ADA, inviteCode: '  ' });
    await submit(form);
    expect(form.host.sync.signUp).toHaveBeenCalledExactlyOnceWith({
      serverUrl: 'https://sync.example.com',
      email: 'ada@example.com',
      password: 'hunter22 hunter22',
      inviteCode: undefined,
    });
    expect(form.onDone).toHaveBeenCalledTimes(1);
  });

  it('puts each refusal where its reason says, in the words of REASON_WORDS', async () => {
    const form = renderForm();
    act(() => form.result.current.switchMode('sign-up'));
    fill(form, ADA);

    form.host.sync.signUp.mockRejectedValueOnce(hostError('EMAIL_TAKEN'));
    await submit(form);
    expect(form.result.current.fieldErrors).toEqual({ email: REASON_WORDS.EMAIL_TAKEN.words });
    expect(form.result.current.formError).toBeNull();
    expect(form.result.current.offerSignIn).toBe(true);
    expect(document.activeElement).toBe(form.inputs.email);

    form.host.sync.signUp.mockRejectedValueOnce(hostError('INVITE_INVALID'));
    await submit(form);
    expect(form.result.current.fieldErrors).toEqual({ inviteCode: REASON_WORDS.INVITE_INVALID.words });
    expect(form.result.current.offerSignIn).toBe(false);
    expect(document.activeElement).toBe(form.inputs.inviteCode);

    form.host.sync.signUp.mockRejectedValueOnce(hostError('REGISTRATION_CLOSED'));
    await submit(form);
    expect(form.result.current.fieldErrors).toEqual({});
    expect(form.result.current.formError).toBe(REASON_WORDS.REGISTRATION_CLOSED.words);

    // What was typed stays through all of it.
    expect(form.result.current.values).toMatchObject({
      email: 'ada@example.com',
      password: 'hunter22 hunter22',
    });
    expect(form.onDone).not.toHaveBeenCalled();
  });

  it('says wrong credentials once, above the fields, with the password ready to retype', async () => {
    const form = renderForm();
    fill(form, ADA);
    form.host.sync.signIn.mockRejectedValueOnce(hostError('BAD_CREDENTIALS'));
    await submit(form);
    expect(form.result.current.fieldErrors).toEqual({});
    expect(form.result.current.formError).toBe(REASON_WORDS.BAD_CREDENTIALS.words);
    expect(document.activeElement).toBe(form.inputs.password);
  });

  it('puts the host’s own field errors at their fields, and says an unreachable host above them', async () => {
    const form = renderForm();
    fill(form, ADA);
    form.host.sync.signIn.mockRejectedValueOnce(
      hostError('INVALID_INPUT', { formErrors: [], fieldErrors: { email: ['Not allowed here'] } }),
    );
    await submit(form);
    expect(form.result.current.fieldErrors).toEqual({ email: 'Not allowed here' });
    expect(form.result.current.formError).toBeNull();

    form.host.sync.signIn.mockRejectedValueOnce(transportError());
    await submit(form);
    expect(form.result.current.fieldErrors).toEqual({});
    expect(form.result.current.formError).toBe(REASON_WORDS.HOST_UNREACHABLE.words);
  });

  it('a host that answers signed out says why, at the field if the reason has one', async () => {
    const form = renderForm();
    fill(form, ADA);
    form.host.sync.signIn.mockResolvedValueOnce({ ...SIGNED_OUT, error: { reason: 'KEYCHAIN_UNAVAILABLE' } });
    await submit(form);
    expect(form.result.current.formError).toBe(REASON_WORDS.KEYCHAIN_UNAVAILABLE.words);
    expect(form.result.current.fieldErrors).toEqual({});

    form.host.sync.signIn.mockResolvedValueOnce({ ...SIGNED_OUT, error: { reason: 'BAD_CREDENTIALS' } });
    await submit(form);
    expect(form.result.current.formError).toBe(REASON_WORDS.BAD_CREDENTIALS.words);
    expect(form.result.current.fieldErrors).toEqual({ password: REASON_WORDS.BAD_CREDENTIALS.words });
    expect(form.onDone).not.toHaveBeenCalled();
  });

  it('is busy while the host works: a second submit and a switch of tabs are ignored', async () => {
    const form = renderForm();
    fill(form, ADA);
    let answer!: () => void;
    form.host.sync.signIn.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answer = () => resolve(syncStatus({ state: 'syncing' }));
        }),
    );
    let first!: Promise<void>;
    act(() => {
      first = form.result.current.submit();
    });
    expect(form.result.current.busy).toBe(true);
    await act(() => form.result.current.submit());
    act(() => form.result.current.switchMode('sign-up'));
    expect(form.result.current.mode).toBe('sign-in');
    expect(form.host.sync.signIn).toHaveBeenCalledTimes(1);
    await act(async () => {
      answer();
      await first;
    });
    expect(form.result.current.busy).toBe(false);
    expect(form.onDone).toHaveBeenCalledTimes(1);
  });

  it('opens on the account the server signed out, saying why, focus on the password', () => {
    const host = createFakeHost();
    host.sync.status = syncStatus({ state: 'error', error: { reason: 'UNAUTHENTICATED' } });
    const form = renderForm(host);
    expect(form.result.current.notice).toBe(REASON_WORDS.UNAUTHENTICATED.words);
    expect(form.result.current.values).toMatchObject({
      serverUrl: 'https://sync.example.com',
      email: 'ada@example.com',
      password: '',
    });
    expect(form.result.current.firstEmpty).toBe('password');
  });

  it('has no notice when sync stopped for a reason signing in cannot fix', () => {
    const host = createFakeHost();
    host.sync.status = syncStatus({ state: 'error', error: { reason: 'CLIENT_TOO_OLD' } });
    const form = renderForm(host);
    expect(form.result.current.notice).toBeNull();
  });
});
