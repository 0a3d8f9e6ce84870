import type { SessionGrant } from '../../src-shared/sync/account';
import type { Session } from '../auth/auth-service';
import type { AuditLog } from './audit-log';
import type { SqlQueryable } from '../db/sql-client';
import { SyncServerError } from '../errors';

/**
 * G8: what the audit log records of devices' own account calls (auth.*). The procedures stay in
 * auth-router.ts; these wrap them so that file changes by a line each. Never a password or token.
 */

interface AuditContext {
  audit: AuditLog;
  sql: SqlQueryable;
  ip: string | null;
  clock: { now(): number };
}

const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;

/** Failures worth an entry: a wrong password, and a right one for a disabled account. */
const FAILED_SIGN_IN = new Set(['BAD_CREDENTIALS', 'ACCOUNT_DISABLED']);

/** The new device's address and the user's activity, known at sign-in before any later call. */
async function noteActivity(ctx: AuditContext, grant: SessionGrant): Promise<void> {
  const now = ctx.clock.now();
  await ctx.sql.query('UPDATE devices SET last_ip = $2 WHERE id = $1', [grant.account.deviceId, ctx.ip]);
  await ctx.sql.query(`UPDATE users SET last_active_at = ${TS('$2')} WHERE id = $1`, [
    grant.account.userId,
    now,
  ]);
}

export async function auditSignIn(
  ctx: AuditContext,
  attempt: { email: string; deviceName: string },
  signIn: () => Promise<SessionGrant>,
): Promise<SessionGrant> {
  let grant: SessionGrant;
  try {
    grant = await signIn();
  } catch (error) {
    if (error instanceof SyncServerError && FAILED_SIGN_IN.has(error.reason)) {
      await ctx.audit.record({
        action: 'sign_in_failed',
        actorEmail: attempt.email,
        targetEmail: attempt.email,
        ip: ctx.ip,
        details: { reason: error.reason, deviceName: attempt.deviceName },
      });
    }
    throw error;
  }
  const { account } = grant;
  await noteActivity(ctx, grant);
  await ctx.audit.record({
    action: 'sign_in',
    actorId: account.userId,
    actorEmail: account.email,
    targetId: account.userId,
    targetEmail: account.email,
    ip: ctx.ip,
    details: { deviceId: account.deviceId, deviceName: account.deviceName },
  });
  return grant;
}

export async function auditSignUp(
  ctx: AuditContext,
  signUp: () => Promise<SessionGrant>,
): Promise<SessionGrant> {
  const grant = await signUp();
  const { account } = grant;
  await noteActivity(ctx, grant);
  await ctx.audit.record({
    action: 'sign_up',
    actorId: account.userId,
    actorEmail: account.email,
    targetId: account.userId,
    targetEmail: account.email,
    ip: ctx.ip,
    details: { role: account.role, deviceId: account.deviceId, deviceName: account.deviceName },
  });
  return grant;
}

export async function auditSignOut(ctx: AuditContext, session: Session): Promise<void> {
  await ctx.audit.record({
    action: 'sign_out',
    actorId: session.userId,
    actorEmail: session.email,
    targetId: session.userId,
    targetEmail: session.email,
    ip: ctx.ip,
    details: { deviceId: session.deviceId, deviceName: session.deviceName },
  });
}

/** A device revoking one of its own account's devices (an admin's revoke is audited by the admin service). */
export async function auditSelfRevoke(ctx: AuditContext, session: Session, deviceId: string): Promise<void> {
  await ctx.audit.record({
    action: 'device_revoked',
    actorId: session.userId,
    actorEmail: session.email,
    targetId: session.userId,
    targetEmail: session.email,
    ip: ctx.ip,
    details: { deviceId, by: 'self', current: deviceId === session.deviceId },
  });
}
