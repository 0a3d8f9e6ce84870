import { Writable } from 'node:stream';
import { TRPCClientError } from '@trpc/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SessionGrant } from '../../src-shared/sync/account';
import {
  SYNC_LIMITS,
  SYNC_PROTOCOL_VERSION,
  type PushRow,
  type ReplicatedNote,
  streamEventSchema,
  type StreamEvent,
} from '../../src-shared/sync/protocol';
import { documentBytes, inspectDocument } from '../../sync-server/replication/limits';
import type { SyncServerRouter } from '../../sync-server/router';
import { createServerLogger } from '../../sync-server/server';
import {
  httpClient,
  note,
  refusal,
  signIn,
  signUp,
  startTestSyncServer,
  syncFields,
  wsClient,
  type TestSyncServer,
} from '../support/sync-server';

/** R1, R7, R8, R10, R13, R16 over the wire, against the real server on PostgreSQL. */

function expectRefusal(error: TRPCClientError<SyncServerRouter>, code: string, reason: string): void {
  const data = error.data as { code?: string; reason?: string } | undefined;
  expect({ code: data?.code, reason: data?.reason }).toEqual({ code, reason });
}

/** An object the schema must refuse, typed as a note only so the typed client will send it. */
const notANote = (value: object): ReplicatedNote => value as ReplicatedNote;

describe('R1, R10: the server refuses a request whole, with a named reason', () => {
  let server: TestSyncServer;
  let user: SessionGrant;
  let client: ReturnType<typeof httpClient>;
  let fields: ReturnType<typeof syncFields>;

  beforeAll(async () => {
    server = await startTestSyncServer();
    user = await signUp(server.url);
    client = httpClient(server.url, user.token);
    fields = syncFields(user.account.vaultId);
  });
  afterAll(() => server?.close());

  /** Every refusal in this block must leave the vault as it was: empty. */
  async function expectNothingWritten(): Promise<void> {
    expect(await client.sync.pull.query({ ...fields, checkpoint: null, batchSize: 10 })).toEqual({
      documents: [],
      checkpoint: null,
      remaining: 0,
    });
  }

  const push = (rows: PushRow[], protocolVersion = SYNC_PROTOCOL_VERSION) =>
    client.sync.push.mutate({ ...fields, protocolVersion, rows });
  const fresh = (document: ReplicatedNote): PushRow => ({
    assumedMasterState: null,
    newDocumentState: document,
  });

  it('R1: hello answers any client version with the versions served and the limits', async () => {
    const hello = await httpClient(server.url).hello.query({
      protocolVersion: 99,
      clientVersion: 'from the future',
    });
    expect(hello).toMatchObject({
      protocolVersion: SYNC_PROTOCOL_VERSION,
      minProtocolVersion: 2,
      limits: {
        pullBatchMax: SYNC_LIMITS.pullBatchMax,
        pushRowsMax: SYNC_LIMITS.pushRowsMax,
        documentBytesMax: SYNC_LIMITS.documentBytesMax,
        requestBytesMax: SYNC_LIMITS.requestBytesMax,
      },
    });
  });

  it.each([
    [0, 'CLIENT_TOO_OLD'],
    // v1 devices knew neither attachments nor a note's fileName.
    [1, 'CLIENT_TOO_OLD'],
    [SYNC_PROTOCOL_VERSION + 1, 'SERVER_TOO_OLD'],
  ] as const)(
    'R1: protocol version %i is refused as %s by every sync call',
    async (protocolVersion, reason) => {
      const versioned = { ...fields, protocolVersion };
      expectRefusal(
        await refusal(client.sync.pull.query({ ...versioned, checkpoint: null, batchSize: 1 })),
        'PRECONDITION_FAILED',
        reason,
      );
      expectRefusal(
        await refusal(client.sync.revisions.query({ ...versioned, documentId: 'a', limit: 1 })),
        'PRECONDITION_FAILED',
        reason,
      );
      // Before the schema: a document from another protocol version is not "invalid", it is "update".
      const futureNote = notANote({ ...note('a'), fieldFromTheFuture: true });
      expectRefusal(await refusal(push([fresh(futureNote)], protocolVersion)), 'PRECONDITION_FAILED', reason);

      const ws = wsClient(server.url, user.token);
      try {
        const streamError = await new Promise<unknown>((resolve) => {
          ws.client.sync.stream.subscribe(versioned, { onData: () => resolve(null), onError: resolve });
        });
        if (!(streamError instanceof TRPCClientError)) throw new Error('the stream was not refused');
        expectRefusal(streamError as TRPCClientError<SyncServerRouter>, 'PRECONDITION_FAILED', reason);
      } finally {
        await ws.close();
      }
      await expectNothingWritten();
    },
  );

  it('R10: a pull or revisions page larger than the limit is BATCH_TOO_LARGE', async () => {
    const pull = client.sync.pull.query({
      ...fields,
      checkpoint: null,
      batchSize: SYNC_LIMITS.pullBatchMax + 1,
    });
    expectRefusal(await refusal(pull), 'PAYLOAD_TOO_LARGE', 'BATCH_TOO_LARGE');
    const revisions = client.sync.revisions.query({
      ...fields,
      documentId: 'a',
      limit: SYNC_LIMITS.revisionsPageMax + 1,
    });
    expectRefusal(await refusal(revisions), 'PAYLOAD_TOO_LARGE', 'BATCH_TOO_LARGE');
  });

  it('R10: a push of more rows than the limit is BATCH_TOO_LARGE and writes nothing', async () => {
    const rows = Array.from({ length: SYNC_LIMITS.pushRowsMax + 1 }, (_, i) => fresh(note(`n${i}`)));
    expectRefusal(await refusal(push(rows)), 'PAYLOAD_TOO_LARGE', 'BATCH_TOO_LARGE');
    await expectNothingWritten();
  });

  it('R10: one push naming an id twice is DUPLICATE_ID and writes nothing', async () => {
    const refused = await refusal(
      push([fresh(note('a')), fresh(note('b')), fresh(note('a', { title: 'again' }))]),
    );
    expectRefusal(refused, 'BAD_REQUEST', 'DUPLICATE_ID');
    await expectNothingWritten();
  });

  it.each([
    ['is not an object', 'not a note'],
    ['names no note id', { title: 'no id' }],
  ])('R10: a row whose document %s refuses the whole push as INVALID_DOCUMENT', async (_what, document) => {
    const refused = await refusal(push([fresh(note('valid')), fresh(notANote(document as object))]));
    expectRefusal(refused, 'BAD_REQUEST', 'INVALID_DOCUMENT');
    expect(refused.message).toMatch(/rows\.1\.newDocumentState/);
    await expectNothingWritten();
  });

  it('R10: an HTTP body over requestBytesMax is REQUEST_TOO_LARGE', async () => {
    const padding = 'x'.repeat(SYNC_LIMITS.requestBytesMax);
    const response = await fetch(`${server.url}/trpc/sync.push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...fields, rows: [fresh(note('huge', { body: padding }))] }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { data: { reason: string } } };
    expect(body.error.data.reason).toBe('REQUEST_TOO_LARGE');
    await expectNothingWritten();
  });

  it('R10: a WebSocket message over requestBytesMax closes that socket (1009) and writes nothing', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: user.token } }));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const message = {
      id: 1,
      method: 'mutation',
      params: {
        path: 'sync.push',
        input: { ...fields, rows: [fresh(note('huge', { body: 'x'.repeat(SYNC_LIMITS.requestBytesMax) }))] },
      },
    };
    socket.send(JSON.stringify(message));
    expect(await closed).toBe(1009);
    await expectNothingWritten();
  });
});

describe('R10, R16: a row the server cannot accept is rejected alone; the rest of the push is written', () => {
  let server: TestSyncServer;
  /** Everything the server logged, to check that no note text reaches it. */
  const logged: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    server = await startTestSyncServer({ logger: createServerLogger('debug', destination) });
  });
  afterAll(() => server?.close());

  const fresh = (document: ReplicatedNote): PushRow => ({
    assumedMasterState: null,
    newDocumentState: document,
  });

  /** A user of their own, and what their vault holds. */
  async function vault() {
    const user = await signUp(server.url);
    const client = httpClient(server.url, user.token);
    const fields = syncFields(user.account.vaultId);
    return {
      push: (rows: PushRow[]) => client.sync.push.mutate({ ...fields, rows }),
      async ids(): Promise<string[]> {
        const pulled = await client.sync.pull.query({ ...fields, checkpoint: null, batchSize: 1_000 });
        return pulled.documents.map((document) => document.id).sort();
      },
    };
  }

  it('R16: a push of 50 rows, one with a lone surrogate in its body, writes the other 49 and rejects that one as INVALID_DOCUMENT (never a 500)', async () => {
    const { push, ids } = await vault();
    const secret = 'SECRET-TEXT-OF-THE-POISONED-NOTE';
    const rows = Array.from({ length: 50 }, (_, i) => fresh(note(`n${String(i).padStart(2, '0')}`)));
    // Half of 😀 (U+1F600): PostgreSQL's jsonb refuses it, which used to fail the whole push.
    rows[17] = fresh(note('n17', { body: `${secret} \ud83d and more` }));
    const answer = await push(rows);
    expect(answer).toEqual({ conflicts: [], rejected: [{ id: 'n17', reason: 'INVALID_DOCUMENT' }] });
    const expected = rows.map((row) => row.newDocumentState.id).filter((id) => id !== 'n17');
    expect(await ids()).toEqual(expected);
    // The same push again: the 49 are already there (R8), the poisoned row is still rejected.
    expect(await push(rows)).toEqual(answer);
    expect(logged.join('')).toMatch(/push rows rejected/);
    expect(logged.join('')).not.toContain(secret);
  });

  it.each([
    ['a lone low surrogate in the title', note('x', { title: 'tail \ude00' })],
    ['a lone surrogate in a tag', note('x', { tags: ['ok', '\ud800'] })],
    ['a lone surrogate in the folder', note('x', { folder: 'a/\udbff' })],
    ['a NUL character, which PostgreSQL cannot store', note('x', { body: 'a\u0000b' })],
    ['an unknown field', notANote({ ...note('x'), color: 'red' })],
    ['a field of the wrong type', notANote({ ...note('x'), title: 42 })],
    ['a missing field', notANote({ ...note('x'), needsReview: undefined })],
    ['an invalid id', note('has spaces')],
  ])('R10/R16: a document with %s is rejected alone as INVALID_DOCUMENT', async (_what, document) => {
    const { push, ids } = await vault();
    const answer = await push([fresh(note('valid')), fresh(document)]);
    expect(answer).toEqual({ conflicts: [], rejected: [{ id: document.id, reason: 'INVALID_DOCUMENT' }] });
    expect(await ids()).toEqual(['valid']);
  });

  it('R16: an assumed master with a lone surrogate rejects its row alone', async () => {
    const { push, ids } = await vault();
    const answer = await push([
      fresh(note('valid')),
      { assumedMasterState: note('x', { body: '\ud83d' }), newDocumentState: note('x') },
    ]);
    expect(answer).toEqual({ conflicts: [], rejected: [{ id: 'x', reason: 'INVALID_DOCUMENT' }] });
    expect(await ids()).toEqual(['valid']);
  });

  it('R10: a row whose assumed master is another note is rejected alone as INVALID_DOCUMENT', async () => {
    const { push, ids } = await vault();
    const answer = await push([
      fresh(note('valid')),
      { assumedMasterState: note('a'), newDocumentState: note('b') },
    ]);
    expect(answer).toEqual({ conflicts: [], rejected: [{ id: 'b', reason: 'INVALID_DOCUMENT' }] });
    expect(await ids()).toEqual(['valid']);
  });

  it('R10: a document over documentBytesMax UTF-8 JSON bytes is rejected alone as DOCUMENT_TOO_LARGE; one at the limit is written', async () => {
    // A control character is one code unit but six bytes of JSON ("\u0001"): the byte limit is
    // reachable by a note that is well inside the schema's character limit.
    const overhead = documentBytes(note('big', { body: '' }));
    const fits = Math.floor((SYNC_LIMITS.documentBytesMax - overhead) / 6);
    const atLimit = note('big', { body: '\u0001'.repeat(fits) });
    const overLimit = note('big', { body: '\u0001'.repeat(fits + 1) });
    expect(documentBytes(atLimit)).toBeLessThanOrEqual(SYNC_LIMITS.documentBytesMax);
    expect(documentBytes(overLimit)).toBeGreaterThan(SYNC_LIMITS.documentBytesMax);

    const { push, ids } = await vault();
    expect(await push([fresh(note('small')), fresh(overLimit)])).toEqual({
      conflicts: [],
      rejected: [{ id: 'big', reason: 'DOCUMENT_TOO_LARGE' }],
    });
    expect(await ids()).toEqual(['small']);

    expect(await push([fresh(atLimit)])).toEqual({ conflicts: [], rejected: [] });
    expect(await ids()).toEqual(['big', 'small']);
  });

  it('R10: a push whose every row is rejected writes nothing and still answers', async () => {
    const { push, ids } = await vault();
    expect(await push([fresh(note('only', { body: '\udfff' }))])).toEqual({
      conflicts: [],
      rejected: [{ id: 'only', reason: 'INVALID_DOCUMENT' }],
    });
    expect(await ids()).toEqual([]);
  });
});

describe('R7, R8: push over the wire', () => {
  let server: TestSyncServer;
  beforeAll(async () => {
    server = await startTestSyncServer();
  });
  afterAll(() => server?.close());

  it.each(['http', 'ws'] as const)(
    'R8: a push retried over %s neither duplicates nor conflicts with itself',
    async (transport) => {
      const user = await signUp(server.url);
      const fields = syncFields(user.account.vaultId);
      const ws = transport === 'ws' ? wsClient(server.url, user.token) : null;
      const client = ws?.client ?? httpClient(server.url, user.token);
      try {
        const first = note('retried', { body: 'v1' });
        const rows = [{ assumedMasterState: null, newDocumentState: first }];
        expect(await client.sync.push.mutate({ ...fields, rows })).toEqual({ conflicts: [], rejected: [] });
        // The reply was "lost": the device sends the very same push again.
        expect(await client.sync.push.mutate({ ...fields, rows })).toEqual({ conflicts: [], rejected: [] });

        const pulled = await client.sync.pull.query({ ...fields, checkpoint: null, batchSize: 10 });
        expect(pulled).toEqual({ documents: [first], checkpoint: { seq: 1 }, remaining: 0 });
        const revisions = await client.sync.revisions.query({ ...fields, documentId: 'retried', limit: 10 });
        expect(revisions.revisions).toEqual([]);

        // R7: a stale assumption is a conflict carrying the current master, and writes nothing.
        const second = note('retried', { body: 'v2' });
        expect(
          await client.sync.push.mutate({
            ...fields,
            rows: [{ assumedMasterState: first, newDocumentState: second }],
          }),
        ).toEqual({
          conflicts: [],
          rejected: [],
        });
        const stale = { assumedMasterState: first, newDocumentState: note('retried', { body: 'v3' }) };
        expect(await client.sync.push.mutate({ ...fields, rows: [stale] })).toEqual({
          conflicts: [second],
          rejected: [],
        });
        const after = await client.sync.revisions.query({ ...fields, documentId: 'retried', limit: 10 });
        expect(after.revisions.map((revision) => revision.document)).toEqual([first]);
      } finally {
        await ws?.close();
      }
    },
  );
});

describe('R13: the live stream', () => {
  let server: TestSyncServer;
  beforeAll(async () => {
    server = await startTestSyncServer();
  });
  afterAll(() => server?.close());

  it('emits RESYNC first, then another device’s commit, and leaves out the device’s own', async () => {
    const laptop = await signUp(server.url);
    const phone = await signIn(server.url, laptop.account.email, 'phone');
    const fields = syncFields(laptop.account.vaultId);
    const ws = wsClient(server.url, laptop.token);
    try {
      const events: StreamEvent[] = [];
      let failure: unknown = null;
      let wake: () => void = () => undefined;
      ws.client.sync.stream.subscribe(fields, {
        onData(event) {
          events.push(streamEventSchema.parse(event));
          wake();
        },
        onError(error) {
          failure = error;
          wake();
        },
      });
      /** Resolves once `count` events (or an error) have arrived. */
      const nextEvent = (count: number) =>
        new Promise<void>((resolve) => {
          wake = () => {
            if (events.length >= count || failure) resolve();
          };
          wake();
        }).then(() => expect(failure).toBeNull());
      await nextEvent(1);
      expect(events).toEqual(['RESYNC']);

      const own = note('from-laptop');
      const theirs = note('from-phone');
      await ws.client.sync.push.mutate({
        ...fields,
        rows: [{ assumedMasterState: null, newDocumentState: own }],
      });
      await httpClient(server.url, phone.token).sync.push.mutate({
        ...fields,
        rows: [{ assumedMasterState: null, newDocumentState: theirs }],
      });
      await nextEvent(2);
      // The laptop's own write (seq 1) is left out; the checkpoint still moves past it.
      expect(events).toEqual(['RESYNC', { documents: [theirs], checkpoint: { seq: 2 } }]);
    } finally {
      await ws.close();
    }
  });
});

/** The plain walk the bound replaced, as the oracle. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  return false;
}

describe('R10 size check without building the JSON', () => {
  it('the bound is never below the exact UTF-8 size of the JSON, and finds every NUL', () => {
    const tricky = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\u0000', '\u0001', '"', '\\', '\ud800', '\ud83d\ude00', 'é'),
    );
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('json'), { maxLength: 5 }),
        fc.dictionary(tricky, tie('json'), { maxKeys: 5 }),
      ),
    })).json;
    fc.assert(
      fc.property(value, (document) => {
        const { bytesAtMost, hasNul } = inspectDocument(document);
        expect(bytesAtMost).toBeGreaterThanOrEqual(documentBytes(document));
        expect(hasNul).toBe(containsNul(document));
      }),
      { numRuns: 2_000 },
    );
  });
});
