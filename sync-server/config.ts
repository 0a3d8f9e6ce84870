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

const envSchema = z.object({
  DATABASE_URL: urlWithScheme(
    ['postgres', 'postgresql'],
    'postgres://user:password@host:5432/quire',
  ).optional(),
  QUIRE_SERVER_DATA_DIR: z.string().default('./quire-server-data'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z
    .string()
    .default('8787')
    .refine((value) => /^\d{1,5}$/.test(value) && Number(value) <= 65_535, {
      error: 'must be a whole number from 0 to 65535',
    })
    .transform(Number),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  REGISTRATION: z
    .enum(registrationModeSchema.options, {
      error: `must be one of ${registrationModeSchema.options.join(', ')}`,
    })
    .default('open'),
  REDIS_URL: urlWithScheme(['redis', 'rediss'], 'redis://localhost:6379').optional(),
  PUBLIC_URL: urlWithScheme(['http', 'https'], 'https://sync.example.com').optional(),
});

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
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key]?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      // Never echo a URL back: it may carry a password.
      const shown = key.endsWith('_URL') ? '' : ` (got "${present[key] ?? ''}")`;
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
    },
  };
}
