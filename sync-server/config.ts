import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { registrationModeSchema, type RegistrationMode } from '../src-shared/sync/account';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SyncServerConfig {
  /** null: embedded PostgreSQL (PGlite) in `dataDir`. */
  databaseUrl: string | null;
  /** Absolute; used only when `databaseUrl` is null. */
  dataDir: string;
  host: string;
  /** 0 picks a free port (tests); the server reports the one it bound. */
  port: number;
  logLevel: LogLevel;
  registration: RegistrationMode;
  /** null: announcements go through PostgreSQL NOTIFY. */
  redisUrl: string | null;
  /** Where users reach the server (behind a proxy); informational. */
  publicUrl: string | null;
  blobs: BlobsConfig;
  /** Browser origins allowed to call the API (CORS); empty: none, the API is closed to pages. */
  corsOrigins: string[];
  /** Take the client's IP from X-Forwarded-For (only behind a reverse proxy that sets it). */
  trustProxy: boolean;
  /** `auto`: pretty on a terminal, JSON otherwise. */
  logFormat: 'json' | 'pretty' | 'auto';
  metrics: {
    /** Bearer token `/metrics` requires on the main port; null: not served there. */
    token: string | null;
    /** A separate port (bound to HOST) serving only `/metrics`, without a token; null: none. */
    port: number | null;
  };
  sessions: {
    /** A device session unused this long ends (A4). */
    idleMs: number;
    /** A device session ends this long after sign-in, used or not. */
    absoluteMs: number;
    /** The admin console's cookie session: idle and absolute. */
    adminIdleMs: number;
    adminAbsoluteMs: number;
  };
  retention: {
    auditMs: number;
    /** Every revision is kept this long… */
    revisionsAllMs: number;
    /** …then one per document per day until this age, then none. */
    revisionsDailyMs: number;
    usageSnapshotEveryMs: number;
    usageMs: number;
  };
  /** How long a deleted user's data waits before it is purged (the deletion can be cancelled). */
  purgeDelayMs: number;
  limits: {
    connectionsPerIp: number;
    connectionsPerUser: number;
    /** A WebSocket with no live stream and no message for this long is closed. */
    wsIdleMs: number;
    /** Addresses the per-IP sign-in/sign-up limits do not count (the per-account ones still do). */
    rateLimitExemptIps: string[];
  };
}

export type BlobsConfig = {
  maxBytes: number;
  gcGraceMs: number;
} & (
  | { kind: 'fs'; root: string }
  | {
      kind: 's3';
      bucket: string;
      endpoint: string | null;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string } | null;
      forcePathStyle: boolean;
      /** `WHEN_REQUIRED` for services that refuse the SDK's default upload checksums. */
      checksums: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
    }
);

const wholeNumber = (fallback: string, min: number) =>
  z
    .string()
    .default(fallback)
    .refine((value) => /^\d{1,15}$/.test(value) && Number(value) >= min, {
      error: `must be a whole number of at least ${min}`,
    })
    .transform(Number);

/** "a, b ,c" → ["a", "b", "c"]: empty items dropped, each item checked. Default: none. */
function commaList(valid: (item: string) => boolean, error: string) {
  const items = (value: string): string[] =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return z
    .string()
    .default('')
    .refine((value) => items(value).every(valid), { error })
    .transform(items);
}

function urlWithScheme(schemes: readonly string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { error: `must be a URL like ${example}` },
  );
}

/** The environment the server reads; `scripts/config-reference.ts` turns it into the README table. */
export const envSchema = z
  .object({
    DATABASE_URL: urlWithScheme(['postgres', 'postgresql'], 'postgres://user:password@host:5432/quire')
      .optional()
      .meta({
        description:
          'PostgreSQL connection URL (postgres://user:password@host:5432/quire). Unset: the embedded PostgreSQL (PGlite) in QUIRE_SERVER_DATA_DIR, for one process only.',
      }),
    QUIRE_SERVER_DATA_DIR: z.string().default('./quire-server-data').meta({
      description:
        'Folder of the embedded database (when DATABASE_URL is unset) and of the filesystem blob store (`blobs/` inside it). Relative paths start at the working directory.',
    }),
    HOST: z.string().default('127.0.0.1').meta({
      description:
        'Address the server listens on: 127.0.0.1 behind a reverse proxy on the same machine, 0.0.0.0 in a container.',
    }),
    PORT: z
      .string()
      .default('8787')
      .refine((value) => /^\d{1,5}$/.test(value) && Number(value) <= 65_535, {
        error: 'must be a whole number from 0 to 65535',
      })
      .transform(Number)
      .meta({ description: 'TCP port of the HTTP and WebSocket API (0 picks a free one).' }),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
      .default('info')
      .meta({
        description:
          'Least severe level written to the log (debug adds one line per request). Secrets and note text are never logged, at any level.',
      }),
    REGISTRATION: z
      .enum(registrationModeSchema.options, {
        error: `must be one of ${registrationModeSchema.options.join(', ')}`,
      })
      .default('open')
      .meta({
        description:
          'Who may create an account: open (anyone who reaches the server), invite (with an invite from an admin) or closed (admins create accounts). The first account of a fresh server is always allowed and becomes the admin.',
      }),
    REDIS_URL: urlWithScheme(['redis', 'rediss'], 'redis://localhost:6379').optional().meta({
      description:
        'Redis for the change bus between several server processes. Unset: PostgreSQL NOTIFY (enough for one process, or several on one database).',
    }),
    PUBLIC_URL: urlWithScheme(['http', 'https'], 'https://sync.example.com').optional().meta({
      description:
        'The https:// address users reach the server at, behind a reverse proxy. Informational (shown to admins); it does not change what the server binds.',
    }),
    BLOB_STORE: z.enum(['fs', 's3'], { error: 'must be fs or s3' }).default('fs').meta({
      description:
        'Where attachment bytes are kept: fs (QUIRE_SERVER_DATA_DIR/blobs) or s3 (an S3-compatible bucket: AWS S3, MinIO, R2…).',
    }),
    S3_BUCKET: z
      .string()
      .optional()
      .meta({ description: 'Bucket of the blob store; required when BLOB_STORE is s3.' }),
    S3_ENDPOINT: urlWithScheme(['http', 'https'], 'https://s3.example.com').optional().meta({
      description:
        'Endpoint of an S3-compatible service (e.g. http://minio:9000). Unset: AWS S3 in S3_REGION.',
    }),
    S3_REGION: z.string().default('us-east-1').meta({ description: 'Region of the bucket.' }),
    S3_ACCESS_KEY_ID: z.string().optional().meta({
      description:
        'Access key of the blob store, with S3_SECRET_ACCESS_KEY. Both unset: the AWS SDK finds credentials itself (environment, instance role).',
    }),
    S3_SECRET_ACCESS_KEY: z
      .string()
      .optional()
      .meta({ description: 'Secret key of the blob store, with S3_ACCESS_KEY_ID. Never logged or echoed.' }),
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').meta({
      description:
        'true addresses the bucket as ENDPOINT/BUCKET instead of BUCKET.ENDPOINT (MinIO and most self-hosted stores need it).',
    }),
    S3_CHECKSUMS: z
      .enum(['when_supported', 'when_required'], { error: 'must be when_supported or when_required' })
      .default('when_supported')
      .meta({
        description:
          "when_required for S3-compatible services that refuse the AWS SDK's default upload checksums (s3rver, older MinIO); every blob's SHA-256 is checked anyway.",
      }),
    BLOB_MAX_BYTES: wholeNumber(String(200 * 1024 * 1024), 1).meta({
      description:
        "Largest attachment the server accepts, in bytes (a per-user limit set by an admin can be lower); a larger upload is refused BLOB_TOO_LARGE before its body is read. The reverse proxy's body limit must be at least this.",
    }),
    BLOB_GC_GRACE_HOURS: wholeNumber('24', 0).meta({
      description:
        'Hours an attachment no note refers to is kept before orphaned-blob collection deletes it (an upload whose record is not pushed yet is such a blob).',
    }),
    CORS_ORIGINS: commaList(
      (origin) => /^https?:\/\/[^/\s]+$/.test(origin),
      'must be a comma-separated list of origins like https://notes.example.com',
    ).meta({
      description:
        'Comma-separated browser origins allowed to call the API (https://notes.example.com). Empty: closed to pages of any other origin; the desktop app does not need it.',
    }),
    TRUST_PROXY: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').meta({
      description:
        'true only behind a reverse proxy that sets X-Forwarded-For and X-Forwarded-Proto (and strips what clients send): the client IP (rate limits, audit log, devices) and HTTPS (Secure cookies, HSTS) are then taken from them. false: from the connection.',
    }),
    LOG_FORMAT: z
      .enum(['json', 'pretty', 'auto'], { error: 'must be json, pretty or auto' })
      .default('auto')
      .meta({
        description:
          'json (one object per line), pretty (for people), or auto: pretty on a terminal, JSON otherwise.',
      }),
    METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional().meta({
      description:
        'Bearer token /metrics requires on the main port (at least 16 characters). Unset: /metrics is not served on the main port.',
    }),
    METRICS_PORT: z
      .string()
      .refine((value) => /^\d{1,5}$/.test(value) && Number(value) <= 65_535, {
        error: 'must be a whole number from 0 to 65535',
      })
      .transform(Number)
      .optional()
      .meta({
        description:
          'A separate port, on HOST, that serves only /metrics, without a token (for a scraper on a private network). Unset: none.',
      }),
    SESSION_IDLE_DAYS: wholeNumber('90', 1).meta({
      description: 'Days a device session may go unused before it ends (the device must sign in again).',
    }),
    SESSION_MAX_DAYS: wholeNumber('365', 1).meta({
      description: 'Days after sign-in a device session ends, used or not.',
    }),
    ADMIN_SESSION_IDLE_MINUTES: wholeNumber('30', 1).meta({
      description: 'Minutes of inactivity after which the admin console signs out.',
    }),
    ADMIN_SESSION_MAX_HOURS: wholeNumber('12', 1).meta({
      description: 'Hours after sign-in the admin console session ends, active or not.',
    }),
    AUDIT_RETENTION_DAYS: wholeNumber('365', 1).meta({
      description: 'Days audit-log entries are kept; older ones are deleted by the audit retention job.',
    }),
    REVISION_KEEP_ALL_DAYS: wholeNumber('30', 0).meta({
      description: 'Days every revision of a note is kept.',
    }),
    REVISION_KEEP_DAILY_DAYS: wholeNumber('365', 0).meta({
      description:
        'Days until which one revision per note per day is kept (after REVISION_KEEP_ALL_DAYS); older revisions are deleted. At least REVISION_KEEP_ALL_DAYS.',
    }),
    USAGE_SNAPSHOT_MINUTES: wholeNumber('5', 1).meta({
      description: "Minutes between usage snapshots (the usage dashboard's charts).",
    }),
    USAGE_RETENTION_DAYS: wholeNumber('400', 1).meta({ description: 'Days usage snapshots are kept.' }),
    PURGE_DELAY_HOURS: wholeNumber('24', 0).meta({
      description:
        "Hours a deleted user's data waits before it is purged; the deletion can be cancelled until then.",
    }),
    MAX_CONNECTIONS_PER_IP: wholeNumber('200', 1).meta({
      description: 'Live WebSocket connections one client IP may hold (see TRUST_PROXY).',
    }),
    MAX_CONNECTIONS_PER_USER: wholeNumber('50', 1).meta({
      description: 'Live WebSocket connections one account may hold, over all its devices.',
    }),
    RATE_LIMIT_EXEMPT_IPS: commaList(
      (ip) => isIP(ip) !== 0,
      'must be a comma-separated list of IP addresses like 10.0.0.7, ::1',
    ).meta({
      description:
        'Client IPs the per-IP rate limits of sign-in, sign-up and invites do not count (an office NAT, a trusted provisioning script); per-account limits still apply. Empty: none.',
    }),
    WS_IDLE_TIMEOUT_SECONDS: wholeNumber('300', 10).meta({
      description: 'Seconds after which a WebSocket with no live stream and no message is closed.',
    }),
  })
  .superRefine((e, ctx) => {
    if (e.BLOB_STORE === 's3' && !e.S3_BUCKET)
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when BLOB_STORE is s3' });
    if (e.REVISION_KEEP_DAILY_DAYS < e.REVISION_KEEP_ALL_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['REVISION_KEEP_DAILY_DAYS'],
        message: 'must be at least REVISION_KEEP_ALL_DAYS',
      });
    if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['S3_ACCESS_KEY_ID'],
        message: 'and S3_SECRET_ACCESS_KEY go together',
      });
  });

const envShape = envSchema.shape;
const DAY_MS = 86_400_000;

export type ConfigResult = { ok: true; config: SyncServerConfig } | { ok: false; problems: string[] };

/**
 * Reads the server's settings from the environment. An empty variable counts as unset, as
 * docker-compose and systemd files often leave them so. Never throws: each problem is one line.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): ConfigResult {
  const present = Object.fromEntries(
    Object.keys(envShape).flatMap((key) => {
      const value = env[key]?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      // Never echo a URL back: it may carry a password.
      const secret = key.endsWith('_URL') || key.startsWith('S3_') || key.endsWith('_TOKEN');
      const shown = secret ? '' : ` (got "${present[key] ?? ''}")`;
      return `${key}: ${issue.message}${shown}`;
    });
    return { ok: false, problems: [...new Set(problems)] };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      databaseUrl: e.DATABASE_URL ?? null,
      dataDir: path.resolve(cwd, e.QUIRE_SERVER_DATA_DIR),
      host: e.HOST,
      port: e.PORT,
      logLevel: e.LOG_LEVEL,
      registration: e.REGISTRATION,
      redisUrl: e.REDIS_URL ?? null,
      publicUrl: e.PUBLIC_URL ?? null,
      blobs: {
        maxBytes: e.BLOB_MAX_BYTES,
        gcGraceMs: e.BLOB_GC_GRACE_HOURS * 3_600_000,
        ...(e.BLOB_STORE === 's3'
          ? {
              kind: 's3' as const,
              bucket: e.S3_BUCKET ?? '',
              endpoint: e.S3_ENDPOINT ?? null,
              region: e.S3_REGION,
              credentials:
                e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
                  ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
                  : null,
              forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
              checksums:
                e.S3_CHECKSUMS === 'when_required' ? ('WHEN_REQUIRED' as const) : ('WHEN_SUPPORTED' as const),
            }
          : { kind: 'fs' as const, root: path.join(path.resolve(cwd, e.QUIRE_SERVER_DATA_DIR), 'blobs') }),
      },
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY === 'true',
      logFormat: e.LOG_FORMAT,
      metrics: { token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null },
      sessions: {
        idleMs: e.SESSION_IDLE_DAYS * DAY_MS,
        absoluteMs: e.SESSION_MAX_DAYS * DAY_MS,
        adminIdleMs: e.ADMIN_SESSION_IDLE_MINUTES * 60_000,
        adminAbsoluteMs: e.ADMIN_SESSION_MAX_HOURS * 3_600_000,
      },
      retention: {
        auditMs: e.AUDIT_RETENTION_DAYS * DAY_MS,
        revisionsAllMs: e.REVISION_KEEP_ALL_DAYS * DAY_MS,
        revisionsDailyMs: e.REVISION_KEEP_DAILY_DAYS * DAY_MS,
        usageSnapshotEveryMs: e.USAGE_SNAPSHOT_MINUTES * 60_000,
        usageMs: e.USAGE_RETENTION_DAYS * DAY_MS,
      },
      purgeDelayMs: e.PURGE_DELAY_HOURS * 3_600_000,
      limits: {
        connectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
        connectionsPerUser: e.MAX_CONNECTIONS_PER_USER,
        wsIdleMs: e.WS_IDLE_TIMEOUT_SECONDS * 1000,
        rateLimitExemptIps: e.RATE_LIMIT_EXEMPT_IPS,
      },
    },
  };
}
