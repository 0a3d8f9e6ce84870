import fc from 'fast-check';
import { SYNC_LIMITS, SYNC_PROTOCOL_VERSION } from '../../../src-shared/sync/protocol';
import {
  acceptable,
  fuzzNote,
  authHeaders,
  authKinds,
  mutatedInput,
  withoutSelfHarm,
  type AuthKind,
  type FuzzCase,
  type FuzzIds,
  type FuzzProcedure,
} from './fuzz-cases';
import { deepJsonText, deepObjectText, hostileValue, invalidJson, invalidUtf8 } from './fuzz-values';

/** T2's other requests: every non-tRPC endpoint, WebSocket frames, and the fixed limit cases. */

const ENDPOINTS = [
  '/healthz',
  '/readyz',
  '/metrics',
  '/blobs/',
  `/blobs/${'a'.repeat(64)}`,
  '/blobs/..%2f..%2fetc%2fpasswd',
  '/blobs/%00',
  '/admin',
  '/admin/',
  '/admin/users',
  '/admin/api/audit.csv',
  '/admin/api/audit.csv?q=%00&limit=-1',
  '/admin/api/nothing',
  '/admin/../../etc/passwd',
  '/admin/assets/%2e%2e%2f%2e%2e%2fpackage.json',
  '/trpc',
  '/trpc/',
  '/trpc/%00',
  '/trpc/no.such.procedure',
  '/trpc/__proto__',
  '/trpc/constructor.prototype',
  '/nowhere',
  '/%ff%fe',
  '/favicon.ico',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL'];

/** Pages a browser or a probe may fetch and get: the console's files, liveness, readiness, metrics. */
function pageMayAnswer(method: string, path: string, auth: AuthKind): boolean {
  if (method === 'OPTIONS') return true;
  if (method !== 'GET' && method !== 'HEAD') return false;
  // The audit export is an administrator's download.
  if (path === '/admin/api/audit.csv') return auth === 'admin';
  return (
    /^\/(healthz|readyz|metrics)$/.test(path) ||
    (/^\/admin(\/|$)/.test(path) && !path.startsWith('/admin/api/'))
  );
}

export function endpointCase(ids: FuzzIds): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      method: fc.constantFrom(...METHODS),
      path: fc.constantFrom(...ENDPOINTS),
      auth: authKinds,
      extra: fc.constantFrom<Record<string, string>>(
        {},
        { origin: 'http://evil.example' },
        { 'x-forwarded-for': '1.2.3.4, garbage, ::1' },
        { range: 'bytes=9-1' },
        { 'content-type': 'text/html' },
        { 'x-request-id': 'x'.repeat(500) },
        { 'accept-encoding': 'gzip;q=bogus' },
      ),
      body: fc.oneof(fc.constant(undefined), invalidJson, invalidUtf8),
    })
    .map(({ method, path, auth, extra, body }) => ({
      kind: 'http' as const,
      label: `${method} ${path} as ${auth}`,
      request: {
        method,
        path,
        headers: { ...authHeaders(auth, ids), ...extra },
        ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
      },
      mayAccept: pageMayAnswer(method, path.split('?')[0]!, auth),
    }));
}

/** WebSocket: hostile frames and hostile tRPC messages, one socket per case. */
export function wsCase(procedures: FuzzProcedure[], ids: FuzzIds): fc.Arbitrary<FuzzCase> {
  const params = fc.constantFrom<Record<string, unknown> | null>(
    null,
    { token: ids.token },
    { token: ids.token },
    { token: ids.adminToken },
    { token: Buffer.alloc(32, 5).toString('base64url') },
    { token: 12 },
    { token: ['a'] },
    JSON.parse('{"__proto__":{"token":"x"},"token":null}') as Record<string, unknown>,
  );
  const call = fc.constantFrom(...procedures).chain((procedure) =>
    fc.record({
      procedure: fc.constant(procedure),
      input: mutatedInput(procedure.path, ids),
      id: fc.oneof(
        fc.integer({ min: 1, max: 1e6 }),
        fc.constantFrom<unknown>('x\u0000', null, { a: 1 }, 1e300, -1),
      ),
      method: fc.constantFrom(procedure.type, procedure.type, 'subscription.stop', 'bogus'),
    }),
  );
  const garbage = fc.oneof(
    invalidJson,
    invalidUtf8,
    fc.constantFrom('1', '[]', 'null', '""', deepJsonText(20_000)),
    hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
  );
  // The socket's credentials, as the HTTP kinds they stand for (a socket never reads the cookie).
  const kindOf = (connectionParams: Record<string, unknown> | null): AuthKind =>
    connectionParams?.token === ids.token
      ? 'valid'
      : connectionParams?.token === ids.adminToken
        ? 'admin'
        : 'bogus';
  return fc
    .record({
      params,
      calls: fc.array(call, { minLength: 1, maxLength: 3 }),
      junk: fc.option(garbage, { freq: 3 }),
    })
    .filter(({ params: connectionParams, calls }) =>
      calls.every(({ procedure, input }) => {
        const auth = kindOf(connectionParams);
        return withoutSelfHarm(procedure, auth) === auth && acceptable(procedure, input, auth) !== 'valid';
      }),
    )
    .map(({ params: connectionParams, calls, junk }) => {
      const frames: (string | Buffer)[] = calls.map(({ procedure, input, id, method }) =>
        JSON.stringify({ id, jsonrpc: '2.0', method, params: { path: procedure.path, input } }),
      );
      if (junk !== null) frames.unshift(junk);
      // A stop or a bogus method has no answer to wait for; everything else answers once.
      const answered = calls.filter(({ method, procedure }) => method === procedure.type).length;
      return {
        kind: 'ws' as const,
        label: `ws ${calls.map(({ procedure, method }) => `${method} ${procedure.path}`).join(', ')}`,
        connectionParams,
        frames,
        expectAnswers: Math.max(1, answered),
        // Junk beside calls: only refusals and no-input answers are fine; nothing is written.
        mayAccept: calls.some(
          ({ procedure, input }) => acceptable(procedure, input, kindOf(connectionParams)) === 'accept',
        ),
      };
    });
}

/** The fixed cases: limits + 1, and the few multi-megabyte bodies (bounded: five, ≤ 5 MB each). */
export function limitCases(ids: FuzzIds, batchCallsMax: number): FuzzCase[] {
  const auth = { authorization: `Bearer ${ids.token}`, 'content-type': 'application/json' };
  const sync = { protocolVersion: SYNC_PROTOCOL_VERSION, vaultId: ids.vaultId, collection: 'notes' };
  const post = (path: string, body: string | Buffer, label: string): FuzzCase => ({
    kind: 'http',
    label,
    request: { method: 'POST', path, headers: auth, body },
    mayAccept: false,
  });
  const over = batchCallsMax + 1;
  const pulls = Array.from({ length: over }, () => 'sync.pull').join(',');
  const pullInput = { ...sync, checkpoint: null, batchSize: 1 };
  const batchInput = JSON.stringify(
    Object.fromEntries(Array.from({ length: over }, (_, i) => [String(i), pullInput])),
  );
  const rows = (count: number, body = '#') =>
    Array.from({ length: count }, (_, i) => ({
      assumedMasterState: null,
      newDocumentState: { ...fuzzNote(`limit-${i}`), body },
    }));
  const wsCalls = Array.from({ length: over }, (_, i) => ({
    id: i + 1,
    jsonrpc: '2.0',
    method: 'query',
    params: { path: 'sync.pull', input: pullInput },
  }));
  return [
    {
      kind: 'http',
      label: `HTTP batch of ${over} pulls (L1 + 1)`,
      request: {
        method: 'GET',
        path: `/trpc/${pulls}?batch=1&input=${encodeURIComponent(batchInput)}`,
        headers: auth,
      },
      mayAccept: false,
    },
    post(`/trpc/${pulls}?batch=1`, batchInput, `HTTP POST batch of ${over} pulls`),
    post(
      '/trpc/sync.pull',
      JSON.stringify({ ...sync, checkpoint: null, batchSize: SYNC_LIMITS.pullBatchMax + 1 }),
      'pull batchSize + 1',
    ),
    post(
      '/trpc/sync.push',
      JSON.stringify({ ...sync, rows: rows(SYNC_LIMITS.pushRowsMax + 1) }),
      'push rows + 1',
    ),
    post(
      '/trpc/sync.revisions',
      JSON.stringify({ ...sync, documentId: 'x', limit: SYNC_LIMITS.revisionsPageMax + 1 }),
      'revisions limit + 1',
    ),
    post(
      '/trpc/sync.push',
      JSON.stringify({ ...sync, rows: rows(1, 'x'.repeat(SYNC_LIMITS.documentBytesMax + 1)) }),
      'a note over documentBytesMax',
    ),
    post(
      '/trpc/auth.signIn',
      JSON.stringify({ email: ids.email, password: 'p'.repeat(2_000_000), deviceName: 'x' }),
      '2 MB password',
    ),
    post(
      '/trpc/sync.pull',
      JSON.stringify({ ...pullInput, checkpoint: { id: 'x'.repeat(3_000_000), seq: 1 } }),
      '3 MB pull',
    ),
    post(
      '/trpc/auth.signUp',
      JSON.stringify({ email: ids.email, password: 'x', deviceName: 'd'.repeat(1_000_000) }),
      '1 MB device name',
    ),
    {
      kind: 'ws',
      label: `one WebSocket message of ${over} pulls (L1 + 1)`,
      connectionParams: { token: ids.token },
      frames: [JSON.stringify(wsCalls)],
      expectAnswers: over,
      mayAccept: false,
    },
    {
      kind: 'ws',
      label: 'a 20,000-deep WebSocket message',
      connectionParams: { token: ids.token },
      frames: [`{"id":1,"method":"query","params":{"path":"sync.pull","input":${deepObjectText(20_000)}}}`],
      expectAnswers: 1,
      mayAccept: false,
    },
  ];
}
