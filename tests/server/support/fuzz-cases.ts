import fc from 'fast-check';
import { SYNC_PROTOCOL_VERSION } from '../../../src-shared/sync/protocol';
import { CONSOLE_COOKIE } from '../../../sync-server/admin/console-sessions';
import { CONSOLE_HEADER } from '../../../sync-server/admin/console-csrf';
import type { RawRequest } from './fuzz-wire';
import {
  deepJsonText,
  deepObjectText,
  fieldReplacement,
  holdsForbiddenText,
  hostileValue,
  invalidJson,
  invalidUtf8,
} from './fuzz-values';

/**
 * T2's requests, as fast-check arbitraries over the procedures the router has (so a new one is
 * fuzzed without an edit here) and the server's other HTTP endpoints. A case says whether a 2xx
 * is acceptable: only for calls that take no input (their junk is ignored by design) and for
 * pages a browser may fetch (/admin, /healthz); every other case must be refused with a 4xx.
 */

export interface FuzzProcedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** What the procedure's own input schemas make of a value (undefined: refused); null when it takes no input. */
  parse: ((input: unknown) => { ok: boolean; data: unknown }) | null;
  /** Per credentials: refused before the input is read (UNAUTHENTICATED, NOT_ADMIN), as probed. */
  gated: Record<AuthKind, boolean>;
}

export interface FuzzIds {
  /** The fuzzer's own account: a valid session gets the calls past authentication. */
  token: string;
  email: string;
  vaultId: string;
  deviceId: string;
  /** An administrator's session, to reach the admin procedures' input checks. */
  adminToken: string;
  /** Another account's ids, to be named where the caller's own belong. */
  foreignVaultId: string;
  foreignDeviceId: string;
  foreignUserId: string;
}

export type FuzzCase =
  | { kind: 'http'; label: string; request: RawRequest; mayAccept: boolean }
  | {
      kind: 'ws';
      label: string;
      connectionParams: Record<string, unknown> | null;
      frames: (string | Buffer)[];
      expectAnswers: number;
      mayAccept: boolean;
    };

export const fuzzNote = (id: string) => ({
  id,
  title: 'fuzz',
  body: '# fuzz\n',
  tags: [],
  folder: '',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
  trashedAt: 0,
  needsReview: false,
  _deleted: false,
});

/** A valid input per procedure for the fuzzer's account; unknown procedures start from {}. */
export function baseInput(path: string, ids: FuzzIds): Record<string, unknown> {
  const sync = { protocolVersion: SYNC_PROTOCOL_VERSION, vaultId: ids.vaultId, collection: 'notes' };
  const inputs: Record<string, Record<string, unknown>> = {
    hello: { protocolVersion: SYNC_PROTOCOL_VERSION, clientVersion: 'fuzz' },
    // Valid but refused: the email is taken, and the password is wrong, so nothing is written.
    'auth.signUp': { email: ids.email, password: 'correct horse battery', deviceName: 'fuzz' },
    'auth.signIn': { email: ids.email, password: 'not the password at all', deviceName: 'fuzz' },
    'auth.revokeDevice': { deviceId: ids.foreignDeviceId },
    'admin.createInvite': { email: 'fuzz@example.com', expiresInHours: 24 },
    'sync.pull': { ...sync, checkpoint: null, batchSize: 10 },
    'sync.push': { ...sync, rows: [{ assumedMasterState: null, newDocumentState: fuzzNote('fuzz-doc') }] },
    'sync.stream': sync,
    'sync.revisions': { ...sync, documentId: 'fuzz-doc', limit: 5 },
    'console.signIn': { email: ids.email, password: 'not the password at all' },
  };
  return structuredClone(inputs[path] ?? { userId: ids.foreignUserId, deviceId: ids.foreignDeviceId });
}

/** Every place in a value where a field could be replaced: ['rows', 0, 'newDocumentState', 'id']… */
function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, item]) => fieldPaths(item, [...prefix, key]))];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  cursor[path.at(-1)!] = replacement;
  return copy;
}

/** A valid input with one field (anywhere, nested too) swapped for a hostile value. */
export function mutatedInput(path: string, ids: FuzzIds): fc.Arbitrary<unknown> {
  const base = baseInput(path, ids);
  const paths = fieldPaths(base);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths), fieldReplacement)
        .map(([at, value]) => replaceAt(base, at, value)),
    },
    // R3: someone else's vault, with or without a NUL in it.
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(ids.foreignVaultId, `${ids.foreignVaultId}\u0000`, `\u0000${ids.vaultId}`)
        .map((vaultId) => ({ ...base, vaultId })),
    },
    { weight: 2, arbitrary: hostileValue },
  );
}

export const AUTH_KINDS = [
  'none',
  'bogus',
  'malformed',
  'basic',
  'long',
  'valid',
  'admin',
  'consoleBogus',
  'consoleNoCookie',
] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];
// Valid sessions weigh most: past authentication is where the input checks are.
export const authKinds = fc.constantFrom<AuthKind>(...AUTH_KINDS, 'valid', 'valid', 'admin');

export function authHeaders(kind: AuthKind, ids: FuzzIds): Record<string, string> {
  switch (kind) {
    case 'none':
      return {};
    case 'bogus':
      return { authorization: `Bearer ${Buffer.alloc(32, 9).toString('base64url')}` };
    case 'malformed':
      return { authorization: 'Bearer not a token, not even one word' };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${ids.email}:x`).toString('base64')}` };
    case 'long':
      return { authorization: `Bearer ${'A'.repeat(8_000)}` };
    case 'valid':
      return { authorization: `Bearer ${ids.token}` };
    case 'admin':
      return { authorization: `Bearer ${ids.adminToken}` };
    case 'consoleBogus':
      return {
        cookie: `${CONSOLE_COOKIE}=${Buffer.alloc(32, 3).toString('base64url')}; other=1`,
        [CONSOLE_HEADER]: '1',
      };
    case 'consoleNoCookie':
      return { [CONSOLE_HEADER]: '1', origin: 'http://evil.example' };
  }
}

/** Whether the server may take this call: no input to refuse, or an input its schema accepts. */
export function acceptable(
  procedure: FuzzProcedure,
  input: unknown,
  auth: AuthKind,
): 'accept' | 'refuse' | 'valid' {
  if (procedure.gated[auth]) return 'refuse';
  if (!procedure.parse) return 'accept';
  const parsed = procedure.parse(input);
  if (!parsed.ok) return 'refuse';
  // NUL or a lone surrogate in a field the schema keeps must be refused (in a key it drops, not),
  // except by hello: R1 answers any client, and it stores and echoes nothing of its input.
  if (holdsForbiddenText(parsed.data)) return procedure.path === 'hello' ? 'accept' : 'refuse';
  return 'valid';
}

/**
 * A call that takes no input would run for a valid session whatever junk it carries: a mutation
 * of that kind (sign-out, and whatever an admin may trigger) would end the fuzzer's session or
 * write, so it is fuzzed without credentials.
 */
export function withoutSelfHarm(procedure: FuzzProcedure, auth: AuthKind): AuthKind {
  return procedure.type === 'mutation' && !procedure.parse && (auth === 'valid' || auth === 'admin')
    ? 'bogus'
    : auth;
}

/** GET inputs ride in the URL: kept under Node's 16 KB header limit, longer ones go by POST. */
const URL_MAX = 12_000;

export function trpcHttpCase(procedures: FuzzProcedure[], ids: FuzzIds): fc.Arbitrary<FuzzCase> {
  return fc
    .constantFrom(...procedures)
    .chain((procedure) =>
      fc.record({
        procedure: fc.constant(procedure),
        input: mutatedInput(procedure.path, ids),
        auth: authKinds,
        batch: fc.constantFrom(0, 0, 0, 2),
        wrongMethod: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          '',
        ),
      }),
    )
    .map((fields) => ({ ...fields, auth: withoutSelfHarm(fields.procedure, fields.auth) }))
    .filter(({ procedure, input, auth }) => acceptable(procedure, input, auth) !== 'valid')
    .map(({ procedure, input, auth, batch, wrongMethod, contentType }) => {
      const byGet = (procedure.type !== 'mutation') !== wrongMethod;
      const paths = batch ? Array.from({ length: batch }, () => procedure.path).join(',') : procedure.path;
      const payload = batch
        ? Object.fromEntries(Array.from({ length: batch }, (_, i) => [String(i), input]))
        : input;
      const json = JSON.stringify(payload) ?? 'null';
      const query = `${batch ? 'batch=1&' : ''}input=${encodeURIComponent(json)}`;
      const headers = authHeaders(auth, ids);
      const accept = acceptable(procedure, input, auth) === 'accept';
      const request: RawRequest =
        byGet && query.length < URL_MAX
          ? { method: 'GET', path: `/trpc/${paths}?${query}`, headers }
          : {
              method: 'POST',
              path: `/trpc/${paths}${batch ? '?batch=1' : ''}`,
              headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
              body: json,
            };
      // A query sent by POST (or a mutation by GET) is refused by method whatever its input.
      const acceptedByMethod = accept && (request.method === 'GET') === (procedure.type !== 'mutation');
      return {
        kind: 'http' as const,
        label: `${request.method} ${procedure.path} as ${auth}`,
        request,
        mayAccept: acceptedByMethod,
      };
    });
}

/** What the server makes of a body: UTF-8 with replacement characters, then JSON (the first call of a batch). */
function decodedInput(bytes: Buffer, batch: boolean): { parsed: boolean; input: unknown } {
  const text = bytes.toString('utf8');
  if (text === '') return { parsed: true, input: undefined };
  try {
    const value: unknown = JSON.parse(text);
    return { parsed: true, input: batch ? (value as Record<string, unknown> | null)?.['0'] : value };
  } catch {
    return { parsed: false, input: undefined };
  }
}

/** Bodies no JSON parser takes whole: invalid UTF-8 inside strings, broken JSON, 20,000-deep nesting. */
export function rawBodyCase(procedures: FuzzProcedure[], ids: FuzzIds): fc.Arbitrary<FuzzCase> {
  const body = fc.oneof(
    fc.tuple(invalidUtf8, fc.constantFrom(...procedures)).map(([bytes, procedure]) => {
      const text = JSON.stringify(baseInput(procedure.path, ids));
      const at = text.indexOf('"', 2) + 1 || 1;
      return Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at))]);
    }),
    invalidUtf8,
    invalidJson.map((text) => Buffer.from(text)),
    fc.constantFrom(
      Buffer.from(deepJsonText(20_000)),
      Buffer.from(deepObjectText(20_000)),
      Buffer.from(`{"0":${deepJsonText(20_000)}}`),
    ),
  );
  return (
    fc
      .record({
        procedure: fc.constantFrom(...procedures),
        body,
        auth: authKinds,
        batch: fc.boolean(),
        contentType: fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', ''),
      })
      .map((fields) => ({ ...fields, auth: withoutSelfHarm(fields.procedure, fields.auth) }))
      // An empty body, or bytes that decode to an input the procedure takes, would be a valid call.
      .filter(({ procedure, body: bytes, auth, batch }) => {
        const decoded = decodedInput(bytes, batch);
        return !decoded.parsed || acceptable(procedure, decoded.input, auth) !== 'valid';
      })
      .map(({ procedure, body: bytes, auth, batch, contentType }) => {
        return {
          kind: 'http' as const,
          label: `raw body to ${procedure.path} as ${auth}`,
          request: {
            method: 'POST',
            path: `/trpc/${procedure.path}${batch ? '?batch=1' : ''}`,
            headers: { ...authHeaders(auth, ids), ...(contentType ? { 'content-type': contentType } : {}) },
            body: bytes,
          },
          // A call that takes no input never reads the body, so its junk cannot be refused.
          mayAccept: procedure.type === 'mutation' && !procedure.parse && !procedure.gated[auth],
        };
      })
  );
}
