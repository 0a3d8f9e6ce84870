/* eslint-disable @typescript-eslint/require-await -- fake fetches answer as fetch does: with promises */
import { describe, expect, it, vi } from 'vitest';
import { ConsoleFailure, createHttpConsoleApi } from '../../sync-server/console/src/api';

/** K2: what the console's tRPC client sends, and how it reads refusals (by reason only). */

function urlOf(input: RequestInfo | URL): string {
  return input instanceof Request ? input.url : input instanceof URL ? input.href : input;
}

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const ME = { userId: 'u0', email: 'ada@example.com', registration: 'open', serverVersion: '0.1.0' };

describe('the console’s API client', () => {
  it('K2: sends x-quire-console: 1 with same-origin credentials to /trpc', async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      answer([{ result: { data: ME } }]),
    );
    const api = createHttpConsoleApi({ url: 'http://127.0.0.1:1/trpc', fetch });
    await expect(api.me()).resolves.toEqual(ME);
    const [input, init] = fetch.mock.calls[0]!;
    expect(urlOf(input)).toMatch(/^http:\/\/127\.0\.0\.1:1\/trpc\/console\.me\?/);
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).get('x-quire-console')).toBe('1');
  });

  it('K6: turns a refusal into its reason, and an UNAUTHENTICATED one into a signed-out event', async () => {
    const onSignedOut = vi.fn();
    const refusal = (reason: string) =>
      answer(
        [
          {
            error: {
              message: 'raw server text',
              code: -32001,
              data: { code: 'UNAUTHORIZED', httpStatus: 401, reason },
            },
          },
        ],
        401,
      );
    const fetch = vi.fn(async () => refusal('UNAUTHENTICATED'));
    const api = createHttpConsoleApi({ url: 'http://127.0.0.1:1/trpc', fetch, onSignedOut });
    const failure = await api.users.list({}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsoleFailure);
    expect((failure as ConsoleFailure).reason).toBe('UNAUTHENTICATED');
    expect((failure as ConsoleFailure).message).not.toContain('raw server text');
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    // A wrong password at sign-in is not a session that ended.
    fetch.mockImplementation(async () => refusal('BAD_CREDENTIALS'));
    await expect(api.signIn({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      reason: 'BAD_CREDENTIALS',
    });
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('K6: calls a server it cannot reach NETWORK, and an answer of the wrong shape UNKNOWN', async () => {
    const down = createHttpConsoleApi({
      url: 'http://127.0.0.1:1/trpc',
      fetch: vi.fn(async () => {
        throw new TypeError('fetch failed');
      }),
    });
    await expect(down.health.get()).rejects.toMatchObject({ reason: 'NETWORK' });
    const odd = createHttpConsoleApi({
      url: 'http://127.0.0.1:1/trpc',
      fetch: vi.fn(async () => answer([{ result: { data: { users: 'not a list' } } }])),
    });
    await expect(odd.users.list({})).rejects.toMatchObject({ reason: 'UNKNOWN' });
  });

  it('sends each procedure’s input as its contract names it', async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      answer([{ result: { data: null } }]),
    );
    const api = createHttpConsoleApi({ url: 'http://127.0.0.1:1/trpc', fetch });
    await api.quotas.setUser({ userId: 'u1', quotaBytes: 5e9, maxFileBytes: null });
    const [input, init] = fetch.mock.calls[0]!;
    expect(urlOf(input)).toContain('/trpc/admin.quotas.setUser');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({
      0: { userId: 'u1', quotaBytes: 5e9, maxFileBytes: null },
    });
    expect(api.auditCsvUrl({ query: 'a b', action: 'sign_in' })).toBe(
      '/admin/api/audit.csv?query=a+b&action=sign_in',
    );
  });
});
