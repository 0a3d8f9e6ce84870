/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the real API does: with promises */
import { vi } from 'vitest';
import { ConsoleFailure, type ConsoleApi } from '../../../sync-server/console/src/api';
import type {
  AdminDevice,
  AdminInvite,
  AdminUser,
  AuditEntry,
  Job,
  ServerHealth,
  UsagePoint,
} from '../../../src-shared/sync/admin';

/** A fixed "now" so relative times read the same on every run. */
export const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const HOUR = 3_600_000;

export function makeUser(overrides: Partial<AdminUser> = {}): AdminUser {
  return {
    userId: 'u1',
    email: 'grace@example.com',
    role: 'member',
    disabled: false,
    createdAt: NOW - 40 * 24 * HOUR,
    lastActiveAt: NOW - 3 * HOUR,
    noteCount: 640,
    bytesUsed: 4.7e9,
    quotaBytes: 5e9,
    quotaIsCustom: false,
    maxFileBytes: 1e8,
    maxFileIsCustom: false,
    deviceCount: 2,
    purgeAt: null,
    ...overrides,
  };
}

export function makeDevice(overrides: Partial<AdminDevice> = {}): AdminDevice {
  return {
    deviceId: 'd1',
    name: 'Work laptop',
    platform: 'linux',
    appVersion: '0.1.0',
    createdAt: NOW - 20 * 24 * HOUR,
    lastSeenAt: NOW - 5 * 60_000,
    lastIp: '10.0.4.17',
    revokedAt: null,
    ...overrides,
  };
}

export function makeEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 1,
    at: NOW - 60_000,
    action: 'quota_changed',
    actorEmail: 'ada@example.com',
    targetEmail: 'grace@example.com',
    ip: '192.168.1.20',
    details: { quotaBytes: 5e9 },
    ...overrides,
  };
}

export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    name: 'usage-snapshot',
    description: 'Records usage for the charts',
    schedule: '*/15 * * * *',
    lastRun: {
      startedAt: NOW - 10 * 60_000,
      finishedAt: NOW - 10 * 60_000 + 312,
      durationMs: 312,
      ok: true,
      trigger: 'schedule',
      result: 'recorded 1 point',
    },
    nextRunAt: NOW + 5 * 60_000,
    running: false,
    runner: 'pg-boss',
    ...overrides,
  };
}

export function makePoint(at: number, overrides: Partial<UsagePoint> = {}): UsagePoint {
  return {
    at,
    users: 3,
    documents: 1200,
    bytes: 2.5e9,
    activeDevices: 4,
    pushesPerMinute: 3.5,
    pullsPerMinute: 8,
    conflictsMerged: 1,
    pushP95Ms: 42,
    ...overrides,
  };
}

export const HEALTH: ServerHealth = {
  database: { ok: true, detail: 'PostgreSQL 15.19, 3 ms', kind: 'postgres' },
  bus: { ok: false, detail: 'Redis did not answer in 2 s', kind: 'redis' },
  blobStore: { ok: true, detail: '/var/lib/quire/blobs, 2 ms', kind: 'fs' },
  disk: { ok: true, detail: 'disk', freeBytes: 8.12e11, totalBytes: 1e12 },
  version: { server: '0.1.0', protocol: 3, node: 'v20.19.4' },
  migrations: { current: 4, latest: 4, ok: true },
  uptimeMs: 3 * 24 * HOUR,
};

export const ME = {
  userId: 'u0',
  email: 'ada@example.com',
  registration: 'invite' as const,
  serverVersion: '0.1.0',
};

/** A console API whose every procedure is a vi.fn answering from fixtures; tests override per call. */
export function createFakeApi() {
  const api = {
    signIn: vi.fn(async () => ME),
    signOut: vi.fn(async () => undefined),
    me: vi.fn(async () => ME),
    users: {
      list: vi.fn(async () => ({
        users: [
          makeUser({
            userId: 'u0',
            email: 'ada@example.com',
            role: 'admin',
            bytesUsed: 3.2e9,
            quotaIsCustom: true,
          }),
          makeUser(),
          makeUser({ userId: 'u2', email: 'margaret@example.com', purgeAt: NOW + 20 * HOUR }),
        ],
        total: 3,
      })),
      get: vi.fn(async () => makeUser()),
      create: vi.fn(async () => undefined),
      setDisabled: vi.fn(async () => undefined),
      setRole: vi.fn(async () => undefined),
      resetPassword: vi.fn(async () => undefined),
      scheduleDeletion: vi.fn(async (userId: string) => ({ userId, purgeAt: NOW + 24 * HOUR })),
      cancelDeletion: vi.fn(async () => undefined),
      devices: vi.fn(async () => [
        makeDevice(),
        makeDevice({ deviceId: 'd2', name: 'Old desktop', revokedAt: NOW - HOUR }),
      ]),
    },
    devices: { revoke: vi.fn(async () => undefined) },
    invites: {
      create: vi.fn(async (input: { email?: string; expiresInHours?: number }) => ({
        code: 'QX7F-92KD-M4TA',
        inviteId: 'abcdef012345',
        email: input.email ?? null,
        createdAt: NOW,
        expiresAt: NOW + (input.expiresInHours ?? 168) * HOUR,
        usedAt: null,
        usedByEmail: null,
      })),
      list: vi.fn(async (): Promise<AdminInvite[]> => []),
      revoke: vi.fn(async () => undefined),
    },
    quotas: {
      defaults: vi.fn(async () => ({ quotaBytes: 5e9, maxFileBytes: 1e8 })),
      setDefaults: vi.fn(async () => undefined),
      setUser: vi.fn(async () => undefined),
    },
    audit: {
      list: vi.fn(async () => ({
        entries: [
          makeEntry(),
          makeEntry({ id: 2, action: 'console_sign_in_failed', actorEmail: null, details: {} }),
        ],
        total: 2,
        retentionDays: 365,
      })),
    },
    jobs: {
      list: vi.fn(async () => [
        makeJob(),
        makeJob({ name: 'user-purge', lastRun: null, description: 'Erases users' }),
      ]),
      runNow: vi.fn(async () => undefined),
    },
    usage: {
      series: vi.fn(async (range: '24h' | '7d' | '30d' | '365d') => ({
        range,
        points: [makePoint(NOW - 2 * HOUR), makePoint(NOW - HOUR, { documents: 1300 })],
        current: makePoint(NOW, { documents: 1350 }),
      })),
    },
    health: { get: vi.fn(async () => HEALTH) },
    auditCsvUrl: vi.fn(({ query, action }: { query: string; action: string | null }) => {
      const params = new URLSearchParams({ query, action: action ?? '' });
      return `/admin/api/audit.csv?${params.toString()}`;
    }),
  } satisfies ConsoleApi;
  return api;
}

export type FakeApi = ReturnType<typeof createFakeApi>;

export function refuse(reason: ConsoleFailure['reason']): ConsoleFailure {
  return new ConsoleFailure(reason);
}
