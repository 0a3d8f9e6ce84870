import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenMatches } from '../../sync-server/ops/ops-http';
import {
  httpClient,
  note,
  signIn,
  signUp,
  startTestSyncServer,
  syncFields,
  wsClient,
  type TestSyncServer,
} from '../support/sync-server';

const TOKEN = 'metrics-token-0123456789';

/** A sample's value from Prometheus text; labels must match exactly as written. */
function sample(text: string, name: string, labels = ''): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}${labels} `)) return Number(line.slice(name.length + labels.length + 1));
  }
  return null;
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('/metrics on the main port with METRICS_TOKEN', () => {
  let server: TestSyncServer;
  const scrape = async (): Promise<string> => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    server = await startTestSyncServer({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('O4: refuses a missing or wrong token with 401, serves Prometheus text with the right one', async () => {
    const missing = await fetch(`${server.url}/metrics`);
    expect(missing.status).toBe(401);
    expect(await missing.text()).not.toContain('quire_');
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await right.text();
    for (const name of [
      'quire_pulls_total',
      'quire_pushes_total',
      'quire_rows_pushed_total',
      'quire_rows_pulled_total',
      'quire_conflicts_total',
      'quire_websocket_connections',
      'quire_db_pool_connections',
      'quire_db_pool_idle_connections',
      'quire_db_pool_waiting_clients',
      'quire_blob_bytes_in_total',
      'quire_blob_bytes_out_total',
      'quire_process_cpu_user_seconds_total',
    ]) {
      expect(sample(text, name), name).not.toBeNull();
    }
    expect(text).toContain('# TYPE quire_push_duration_seconds histogram');
    expect(text).toContain('# TYPE quire_stream_fanout_seconds histogram');
    expect(text).toContain('# TYPE quire_job_runs_total counter');
    expect(sample(text, 'quire_db_pool_connections')).toBeGreaterThan(0);
  });

  it('O3: pushes, pulls, rows, conflicts, connections, fan-out and blob bytes move with the traffic', async () => {
    const before = await scrape();
    const laptop = await signUp(server.url);
    const phone = await signIn(server.url, laptop.account.email);
    const fields = syncFields(laptop.account.vaultId);
    const client = httpClient(server.url, laptop.token);

    // The phone listens live: the laptop's push reaches it through the bus (fan-out).
    const live = wsClient(server.url, phone.token);
    const events: unknown[] = [];
    const subscription = live.client.sync.stream.subscribe(fields, { onData: (event) => events.push(event) });
    try {
      await until(() => events.includes('RESYNC'), 'the stream to start');
      await until(
        async () => sample(await scrape(), 'quire_websocket_connections') === 1,
        'one live connection',
      );

      await client.sync.push.mutate({
        ...fields,
        rows: [
          { assumedMasterState: null, newDocumentState: note('a') },
          { assumedMasterState: null, newDocumentState: note('b') },
        ],
      });
      // Pushed again as if new: the server answers it with a conflict.
      const second = await client.sync.push.mutate({
        ...fields,
        rows: [{ assumedMasterState: null, newDocumentState: note('a', { title: 'other' }) }],
      });
      expect(second.conflicts).toHaveLength(1);
      const page = await client.sync.pull.query({ ...fields, checkpoint: null, batchSize: 100 });
      expect(page.documents).toHaveLength(2);
      await until(() => events.some((event) => event !== 'RESYNC'), 'the live event');

      const bytes = Buffer.from('attachment bytes for the metrics test');
      const hash = createHash('sha256').update(bytes).digest('hex');
      const put = await fetch(`${server.url}/blobs/${hash}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${laptop.token}`, 'content-length': String(bytes.length) },
        body: bytes,
      });
      expect(put.status).toBe(201);
      const got = await fetch(`${server.url}/blobs/${hash}`, {
        headers: { authorization: `Bearer ${phone.token}` },
      });
      expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);

      const after = await scrape();
      const moved = (name: string) => (sample(after, name) ?? 0) - (sample(before, name) ?? 0);
      expect(moved('quire_pushes_total')).toBe(2);
      expect(moved('quire_rows_pushed_total')).toBe(3);
      expect(moved('quire_conflicts_total')).toBe(1);
      expect(moved('quire_pulls_total')).toBe(1);
      expect(moved('quire_rows_pulled_total')).toBe(2);
      expect(moved('quire_push_duration_seconds_count')).toBe(2);
      expect(moved('quire_pull_duration_seconds_count')).toBe(1);
      expect(moved('quire_stream_fanout_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(moved('quire_blob_bytes_in_total')).toBe(bytes.length);
      expect(moved('quire_blob_bytes_out_total')).toBe(bytes.length);
    } finally {
      subscription.unsubscribe();
      await live.close();
    }
    await until(
      async () => sample(await scrape(), 'quire_websocket_connections') === 0,
      'the connection to close',
    );
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('O4: is not there on the main port (404)', async () => {
    const server = await startTestSyncServer();
    try {
      const response = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('quire_');
    } finally {
      await server.close();
    }
  });

  it('O4: METRICS_PORT serves /metrics without a token, and nothing else', async () => {
    const server = await startTestSyncServer({ env: { METRICS_PORT: '0' } });
    try {
      const port = server.server.metricsPort;
      expect(port).toBeGreaterThan(0);
      expect(port).not.toBe(server.server.port);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(sample(await metrics.text(), 'quire_pulls_total')).toBe(0);
      expect((await fetch(`http://127.0.0.1:${port}/trpc/hello`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(404);
      // The main port still has no /metrics.
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('tokenMatches', () => {
  it('O4: only the exact token matches, whatever the lengths', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });
});
