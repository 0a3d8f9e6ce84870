import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../sync-server/config';
import { createServerLogger } from '../../sync-server/server';
import {
  firstSseEvent,
  httpClient,
  PASSWORD,
  signIn,
  signUp,
  startTestSyncServer,
  syncFields,
  wsClient,
} from '../support/sync-server';

describe('config', () => {
  it('defaults: embedded database in ./quire-server-data, loopback, 8787, info, open', () => {
    expect(parseConfig({}, '/srv')).toEqual({
      ok: true,
      config: {
        databaseUrl: null,
        dataDir: path.resolve('/srv', 'quire-server-data'),
        host: '127.0.0.1',
        port: 8787,
        logLevel: 'info',
        registration: 'open',
        redisUrl: null,
        publicUrl: null,
        blobs: {
          maxBytes: 200 * 1024 * 1024,
          gcGraceMs: 24 * 3_600_000,
          kind: 'fs',
          root: path.join(path.resolve('/srv', 'quire-server-data'), 'blobs'),
        },
        corsOrigins: [],
        trustProxy: false,
        logFormat: 'auto',
        metrics: { token: null, port: null },
        sessions: {
          idleMs: 90 * 86_400_000,
          absoluteMs: 365 * 86_400_000,
          adminIdleMs: 30 * 60_000,
          adminAbsoluteMs: 12 * 3_600_000,
        },
        retention: {
          auditMs: 365 * 86_400_000,
          revisionsAllMs: 30 * 86_400_000,
          revisionsDailyMs: 365 * 86_400_000,
          usageSnapshotEveryMs: 5 * 60_000,
          usageMs: 400 * 86_400_000,
        },
        purgeDelayMs: 24 * 3_600_000,
        limits: { connectionsPerIp: 200, connectionsPerUser: 50, wsIdleMs: 300_000, rateLimitExemptIps: [] },
      },
    });
  });

  it('reads every setting, treating empty values as unset', () => {
    const result = parseConfig(
      {
        DATABASE_URL: 'postgresql://quire@db:5432/quire',
        QUIRE_SERVER_DATA_DIR: '',
        HOST: '0.0.0.0',
        PORT: '0',
        LOG_LEVEL: 'debug',
        REGISTRATION: 'invite',
        REDIS_URL: 'rediss://cache:6380',
        PUBLIC_URL: 'https://sync.example.com',
        BLOB_STORE: 's3',
        S3_BUCKET: 'quire-blobs',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_REGION: 'eu-west-1',
        S3_ACCESS_KEY_ID: 'AKIA',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_FORCE_PATH_STYLE: 'true',
        S3_CHECKSUMS: 'when_required',
        BLOB_MAX_BYTES: '1000',
        BLOB_GC_GRACE_HOURS: '2',
        CORS_ORIGINS: 'https://notes.example.com, http://localhost:5173',
        TRUST_PROXY: 'true',
        LOG_FORMAT: 'json',
        METRICS_TOKEN: 'a-long-metrics-token',
        METRICS_PORT: '9464',
        SESSION_IDLE_DAYS: '7',
        SESSION_MAX_DAYS: '30',
        ADMIN_SESSION_IDLE_MINUTES: '10',
        ADMIN_SESSION_MAX_HOURS: '2',
        AUDIT_RETENTION_DAYS: '90',
        REVISION_KEEP_ALL_DAYS: '3',
        REVISION_KEEP_DAILY_DAYS: '60',
        USAGE_SNAPSHOT_MINUTES: '1',
        USAGE_RETENTION_DAYS: '30',
        PURGE_DELAY_HOURS: '1',
        MAX_CONNECTIONS_PER_IP: '20',
        MAX_CONNECTIONS_PER_USER: '5',
        WS_IDLE_TIMEOUT_SECONDS: '60',
        RATE_LIMIT_EXEMPT_IPS: '10.0.0.7, ::1',
      },
      '/srv',
    );
    expect(result).toEqual({
      ok: true,
      config: {
        databaseUrl: 'postgresql://quire@db:5432/quire',
        dataDir: path.resolve('/srv', 'quire-server-data'),
        host: '0.0.0.0',
        port: 0,
        logLevel: 'debug',
        registration: 'invite',
        redisUrl: 'rediss://cache:6380',
        publicUrl: 'https://sync.example.com',
        blobs: {
          maxBytes: 1000,
          gcGraceMs: 2 * 3_600_000,
          kind: 's3',
          bucket: 'quire-blobs',
          endpoint: 'http://127.0.0.1:9000',
          region: 'eu-west-1',
          credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
          forcePathStyle: true,
          checksums: 'WHEN_REQUIRED',
        },
        corsOrigins: ['https://notes.example.com', 'http://localhost:5173'],
        trustProxy: true,
        logFormat: 'json',
        metrics: { token: 'a-long-metrics-token', port: 9464 },
        sessions: {
          idleMs: 7 * 86_400_000,
          absoluteMs: 30 * 86_400_000,
          adminIdleMs: 10 * 60_000,
          adminAbsoluteMs: 2 * 3_600_000,
        },
        retention: {
          auditMs: 90 * 86_400_000,
          revisionsAllMs: 3 * 86_400_000,
          revisionsDailyMs: 60 * 86_400_000,
          usageSnapshotEveryMs: 60_000,
          usageMs: 30 * 86_400_000,
        },
        purgeDelayMs: 3_600_000,
        limits: {
          connectionsPerIp: 20,
          connectionsPerUser: 5,
          wsIdleMs: 60_000,
          rateLimitExemptIps: ['10.0.0.7', '::1'],
        },
      },
    });
  });

  it('names each bad setting once and never echoes a URL', () => {
    const result = parseConfig({
      PORT: '70000',
      REDIS_URL: 'http://user:pw@cache',
      PUBLIC_URL: 'sync.example.com',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'PORT: must be a whole number from 0 to 65535 (got "70000")',
      'REDIS_URL: must be a URL like redis://localhost:6379',
      'PUBLIC_URL: must be a URL like https://sync.example.com',
    ]);
  });
});

describe('logs', () => {
  it('at debug level, carry requests but never a token, a password or an invite code', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const server = await startTestSyncServer({ logger: createServerLogger('debug', sink) });
    try {
      const grant = await signUp(server.url);
      const phone = await signIn(server.url, grant.account.email);
      const client = httpClient(server.url, phone.token);
      await client.auth.me.query();
      const invite = await httpClient(server.url, grant.token).admin.createInvite.mutate({});
      await httpClient(server.url, 'x'.repeat(43))
        .auth.me.query()
        .catch(() => undefined);
      // SSE with the token in the query string, as EventSource clients send it.
      const sse = await firstSseEvent(
        server.url,
        'sync.stream',
        syncFields(grant.account.vaultId),
        phone.token,
        'connectionParams',
      );
      expect(sse).toEqual({ kind: 'data', data: 'RESYNC' });
      const ws = wsClient(server.url, phone.token);
      await ws.client.auth.devices.query();
      await ws.close();

      expect(logged).toMatch(/"path":"\/trpc\/auth.signIn"/);
      for (const secret of [grant.token, phone.token, PASSWORD, invite.code])
        expect(logged).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});
