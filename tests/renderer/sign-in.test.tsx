// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src-renderer/src/api/quire-api';
import { withScheme } from '../../src-renderer/src/features/sync/useSignInForm';
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
import { giveListboxesAHeight, renderApp, settle } from './support/render-app';

afterEach(() => {
  cleanup();
  for (const toast of toasts.getSnapshot()) toasts.dismiss(toast.id);
  localStorage.clear();
});
giveListboxesAHeight();

const dialog = () => screen.getByRole('dialog', { name: 'Sync your notes' });
const field = (name: string | RegExp) => within(dialog()).getByLabelText<HTMLInputElement>(name);
const type = (name: string | RegExp, value: string) => fireEvent.change(field(name), { target: { value } });
/** What Enter in any field does: submit the form. */
const submit = () => fireEvent.submit(within(dialog()).getByRole('tabpanel'));
const errorOf = (name: string | RegExp) => {
  const id = field(name).getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent : undefined;
};

async function openSignIn(host: FakeHost = createFakeHost()): Promise<FakeHost> {
  await renderApp(host);
  fireEvent.click(screen.getByRole('button', { name: 'Sync is off' }));
  await settle();
  return host;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

describe('Sign-in dialog', () => {
  it('is a modal with Sign in / Create account tabs, focus on the first field', async () => {
    await openSignIn();
    const tabs = within(dialog()).getAllByRole('tab');
    expect(tabs.map((t) => [t.textContent, t.getAttribute('aria-selected')])).toEqual([
      ['Sign in', 'true'],
      ['Create account', 'false'],
    ]);
    expect(document.activeElement).toBe(field('Server address'));
    expect(within(dialog()).queryByLabelText(/Invite code/)).toBeNull();
    expect(within(dialog()).getByRole('button', { name: 'Sign in' }).getAttribute('type')).toBe('submit');
  });

  it('validates every field inline with the schema’s words and sends nothing', async () => {
    const host = await openSignIn();
    submit();
    await settle();
    expect(errorOf('Server address')).toBe(
      'Enter the address of your sync server, like https://sync.example.com',
    );
    expect(errorOf('Email')).toBe('Enter your email address');
    expect(errorOf('Password')).toBe('Enter your password');
    expect(field('Email').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field('Server address'));

    type('Server address', 'ftp://files.example.com');
    expect(field('Server address').getAttribute('aria-invalid')).toBeNull();
    type('Email', 'ada@');
    type('Password', 'x');
    submit();
    await settle();
    expect(errorOf('Server address')).toBe('Enter the server address, like https://sync.example.com');
    expect(errorOf('Email')).toBe('Enter an email address like name@example.com');
    expect(errorOf('Password')).toBeUndefined();
    expect(host.sync.signIn).not.toHaveBeenCalled();
  });

  it('asks for a longer password when creating an account, and sends the invite code', async () => {
    const host = await openSignIn();
    const createTab = within(dialog()).getByRole('tab', { name: 'Create account' });
    fireEvent.keyDown(within(dialog()).getByRole('tab', { name: 'Sign in' }), { key: 'ArrowRight' });
    expect(createTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(createTab);

    type('Server address', 'sync.example.com');
    type('Email', 'Ada@Example.com');
    type('Password', 'short');
    type(/^Invite code/, ' ABC-123 ');
    submit();
    await settle();
    expect(errorOf('Password')).toBe('Use at least 8 characters');
    expect(host.sync.signUp).not.toHaveBeenCalled();
    // The scheme was added for you, where you can see it.
    expect(field('Server address').value).toBe('https://sync.example.com');

    type('Password', 'correct horse');
    submit();
    await settle();
    expect(host.sync.signUp).toHaveBeenCalledWith({
      serverUrl: 'https://sync.example.com',
      email: 'Ada@Example.com',
      password: 'correct horse',
      inviteCode: 'ABC-123',
    });
    expect(screen.queryByRole('dialog', { name: 'Sync your notes' })).toBeNull();
  });

  it('signs in: busy while the host works, then closes, says so, and the status follows', async () => {
    const host = createFakeHost();
    const answer = deferred<SyncStatus>();
    host.sync.signIn.mockImplementationOnce(() => answer.promise);
    await openSignIn(host);
    type('Server address', 'http://localhost:8080/');
    type('Email', 'ada@example.com');
    type('Password', 'hunter22');
    submit();
    await settle();

    const busy = within(dialog()).getByRole('button', { name: 'Signing in…' });
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect(within(dialog()).getByRole('tabpanel').getAttribute('aria-busy')).toBe('true');
    submit();
    expect(host.sync.signIn).toHaveBeenCalledExactlyOnceWith({
      serverUrl: 'http://localhost:8080/',
      email: 'ada@example.com',
      password: 'hunter22',
    });

    await act(async () => {
      const status = syncStatus({
        state: 'syncing',
        account: { ...syncStatus().account!, email: 'ada@example.com' },
      });
      host.sync.setStatus(status);
      answer.resolve(status);
      await answer.promise;
    });
    await settle();
    expect(screen.queryByRole('dialog', { name: 'Sync your notes' })).toBeNull();
    expect(screen.getByText('Signed in as ada@example.com. Syncing your notes.')).toBeTruthy();
    expect(screen.getByTestId('sync-status').dataset.state).toBe('syncing');
    // The next sign-in starts from the same server.
    expect(localStorage.getItem('quire.sync.lastServerUrl')).toBe('http://localhost:8080/');
  });

  it('says the refusal in the words of its reason and keeps everything typed', async () => {
    const host = createFakeHost();
    host.sync.signIn.mockRejectedValueOnce(hostError('BAD_CREDENTIALS'));
    await openSignIn(host);
    type('Server address', 'https://sync.example.com');
    type('Email', 'ada@example.com');
    type('Password', 'wrong password');
    submit();
    await settle();
    expect(within(dialog()).getByRole('alert').textContent).toBe(REASON_WORDS.BAD_CREDENTIALS.words);
    expect(field('Email').value).toBe('ada@example.com');
    expect(document.activeElement).toBe(field('Password'));
    expect(
      within(dialog()).getByRole('button', { name: 'Sign in' }).getAttribute('aria-disabled'),
    ).toBeNull();
  });

  it('turns a named reason into its words, and an unreachable host into a hint', async () => {
    const host = createFakeHost();
    host.sync.signIn.mockRejectedValueOnce(hostError('SERVER_TOO_OLD'));
    host.sync.signIn.mockRejectedValueOnce(transportError());
    await openSignIn(host);
    type('Server address', 'https://sync.example.com');
    type('Email', 'ada@example.com');
    type('Password', 'hunter22');
    submit();
    await settle();
    expect(within(dialog()).getByRole('alert').textContent).toBe(REASON_WORDS.SERVER_TOO_OLD.words);
    expect(within(dialog()).getByRole('alert').textContent).toMatch(/Ask its administrator to update it/);
    submit();
    await settle();
    expect(within(dialog()).getByRole('alert').textContent).toBe(REASON_WORDS.HOST_UNREACHABLE.words);
    expect(within(dialog()).getByRole('alert').textContent).toMatch(/Can’t reach Quire’s background process/);
  });

  it('puts the server’s field errors next to their fields', async () => {
    const host = createFakeHost();
    host.sync.signIn.mockRejectedValueOnce(
      hostError('INVALID_INPUT', { formErrors: [], fieldErrors: { email: ['Not allowed here'] } }),
    );
    await openSignIn(host);
    type('Server address', 'https://sync.example.com');
    type('Email', 'ada@example.com');
    type('Password', 'hunter22');
    submit();
    await settle();
    expect(errorOf('Email')).toBe('Not allowed here');
    expect(document.activeElement).toBe(field('Email'));
  });

  it('an email already in use points at the field and offers to switch to Sign in', async () => {
    const host = createFakeHost();
    host.sync.signUp.mockRejectedValueOnce(hostError('EMAIL_TAKEN'));
    await openSignIn(host);
    fireEvent.click(within(dialog()).getByRole('tab', { name: 'Create account' }));
    type('Server address', 'https://sync.example.com');
    type('Email', 'ada@example.com');
    type('Password', 'hunter22 hunter22');
    submit();
    await settle();
    expect(errorOf('Email')).toBe(`${REASON_WORDS.EMAIL_TAKEN.words} Switch to Sign in`);
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Switch to Sign in' }));
    expect(within(dialog()).getByRole('tab', { name: 'Sign in' }).getAttribute('aria-selected')).toBe('true');
    expect(field('Email').value).toBe('ada@example.com');
    expect(field('Email').getAttribute('aria-invalid')).toBeNull();
  });

  it('an invite the server refused is said at the invite code', async () => {
    const host = createFakeHost();
    host.sync.signUp.mockRejectedValueOnce(hostError('INVITE_INVALID'));
    await openSignIn(host);
    fireEvent.click(within(dialog()).getByRole('tab', { name: 'Create account' }));
    type('Server address', 'https://sync.example.com');
    type('Email', 'ada@example.com');
    type('Password', 'hunter22 hunter22');
    type(/^Invite code/, 'nope');
    submit();
    await settle();
    expect(errorOf(/^Invite code/)).toBe(REASON_WORDS.INVITE_INVALID.words);
    expect(errorOf(/^Invite code/)).toMatch(/^That invite code isn’t valid/);
  });

  it('shows and hides the password, and Cancel closes without sending', async () => {
    const host = await openSignIn();
    expect(field('Password').type).toBe('password');
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Show password' }));
    expect(field('Password').type).toBe('text');
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.queryByRole('dialog', { name: 'Sync your notes' })).toBeNull();
    expect(host.sync.signIn).not.toHaveBeenCalled();
  });

  it('starts from the last server used', async () => {
    localStorage.setItem('quire.sync.lastServerUrl', 'https://notes.example.org');
    const host = createFakeHost();
    host.sync.status = SIGNED_OUT;
    await openSignIn(host);
    expect(field('Server address').value).toBe('https://notes.example.org');
    expect(document.activeElement).toBe(field('Email'));
  });
});

describe('withScheme', () => {
  it('adds https, or http for this machine, and leaves a given scheme alone', () => {
    expect(withScheme(' sync.example.com ')).toBe('https://sync.example.com');
    expect(withScheme('localhost:8080')).toBe('http://localhost:8080');
    expect(withScheme('127.0.0.1:5000/quire')).toBe('http://127.0.0.1:5000/quire');
    expect(withScheme('http://sync.example.com')).toBe('http://sync.example.com');
    expect(withScheme('ftp://x')).toBe('ftp://x');
    expect(withScheme('')).toBe('');
  });
});
