// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { REASON_WORDS } from '../../src-shared/errors/reason-words';
import { createFakeApi, ME, refuse } from './support/fake-api';
import { renderConsole } from './support/render-console';

afterEach(cleanup);

function signedOutApi() {
  const api = createFakeApi();
  api.me.mockRejectedValue(refuse('UNAUTHENTICATED'));
  return api;
}

async function signInWith(email: string, password: string): Promise<void> {
  fireEvent.change(await screen.findByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('K1: console sign-in', () => {
  it('without a session shows the sign-in page, and signing in opens the Users page', async () => {
    const api = signedOutApi();
    renderConsole('/admin/users', api);
    expect(await screen.findByRole('heading', { name: 'Sign in to the admin console' })).toBeTruthy();
    await signInWith('ada@example.com', 'correct horse battery');
    await waitFor(() =>
      expect(api.signIn).toHaveBeenCalledWith({
        email: 'ada@example.com',
        password: 'correct horse battery',
      }),
    );
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeTruthy();
    expect(screen.getByText(ME.email)).toBeTruthy();
  });

  it('says a wrong password and a member’s account in the words of their reasons', async () => {
    const api = signedOutApi();
    api.signIn.mockRejectedValueOnce(refuse('BAD_CREDENTIALS')).mockRejectedValueOnce(refuse('NOT_ADMIN'));
    renderConsole('/admin', api);
    await signInWith('ada@example.com', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toContain(REASON_WORDS.BAD_CREDENTIALS.words);
    await signInWith('grace@example.com', 'right');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(REASON_WORDS.NOT_ADMIN.words),
    );
    expect(screen.queryByRole('heading', { name: 'Users' })).toBeNull();
  });

  it('asks for both fields before calling the server', async () => {
    const api = signedOutApi();
    renderConsole('/admin', api);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address.')).toBeTruthy();
    expect(api.signIn).not.toHaveBeenCalled();
  });

  it('K6: returns to the sign-in page, saying why, when the server ends the session', async () => {
    const { endSession } = renderConsole('/admin/users');
    await screen.findByRole('heading', { name: 'Users' });
    act(() => endSession());
    expect(await screen.findByText('Your console session ended. Sign in again.')).toBeTruthy();
  });

  it('signs out through console.signOut', async () => {
    const { api } = renderConsole('/admin/users');
    await screen.findByRole('heading', { name: 'Users' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(api.signOut).toHaveBeenCalled());
    expect(await screen.findByText('You signed out.')).toBeTruthy();
  });

  it('shows a server it cannot reach in words, and tries again', async () => {
    const api = createFakeApi();
    api.me.mockRejectedValueOnce(refuse('NETWORK'));
    renderConsole('/admin', api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(REASON_WORDS.NETWORK.words);
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeTruthy();
  });
});

describe('navigation', () => {
  it('opens each page from the sidebar and marks the current one', async () => {
    renderConsole('/admin/users');
    await screen.findByRole('heading', { name: 'Users' });
    const nav = screen.getByRole('navigation', { name: 'Console' });
    for (const [link, heading] of [
      ['Quotas', 'Quotas'],
      ['Audit log', 'Audit log'],
      ['Jobs', 'Jobs'],
      ['Health', 'Health'],
      ['Users', 'Users'],
    ] as const) {
      fireEvent.click(within(nav).getByRole('link', { name: link }));
      expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy();
      expect(within(nav).getByRole('link', { name: link }).getAttribute('aria-current')).toBe('page');
      expect(window.location.pathname).toBe(
        within(nav).getByRole('link', { name: link }).getAttribute('href'),
      );
    }
  });
});
