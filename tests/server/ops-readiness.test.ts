import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBus } from '../../sync-server/bus/local-bus';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { checkReadiness, LATEST_MIGRATION } from '../../sync-server/ops/readiness';
import { startTestSyncServer, type TestSyncServer } from '../support/sync-server';

describe('/healthz and /readyz', () => {
  let server: TestSyncServer;
  beforeAll(async () => {
    server = await startTestSyncServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('O5: /healthz says alive; /readyz is 200 with the database, the bus and the schema all good', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({
      ok: true,
      database: { ok: true },
      bus: { ok: true },
      migrations: { ok: true, current: LATEST_MIGRATION, latest: LATEST_MIGRATION },
    });
    const head = await fetch(`${server.url}/readyz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('O5: /readyz is 503 naming the migrations when the schema is not the one the code expects', async () => {
    await server.sql.query(
      `INSERT INTO schema_migrations (version, name) VALUES (999, 'from a newer server')`,
    );
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        ok: false,
        database: { ok: true },
        bus: { ok: true },
        migrations: {
          ok: false,
          current: 999,
          latest: LATEST_MIGRATION,
          error: `schema version 999, this server expects ${LATEST_MIGRATION}`,
        },
      });
      // Alive all the same: a load balancer stops sending traffic, an orchestrator does not kill it.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.sql.query('DELETE FROM schema_migrations WHERE version = 999');
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe('checkReadiness', () => {
  it('O5: names every cause at once: an unreachable database and a closed bus', async () => {
    const down: SqlClient = {
      kind: 'postgres',
      query: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
      transaction: () => Promise.reject(new Error('unused')),
      listen: () => Promise.reject(new Error('unused')),
      close: () => Promise.resolve(),
    };
    const bus = createLocalBus();
    await bus.close();
    expect(await checkReadiness({ sql: down, bus })).toEqual({
      ok: false,
      database: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:5432' },
      bus: { ok: false, error: 'The change bus is closed.' },
      migrations: {
        ok: false,
        error: 'could not read schema_migrations',
        current: null,
        latest: LATEST_MIGRATION,
      },
    });
  });
});
