import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_LIMITS, auditActionSchema } from '../../src-shared/sync/admin';
import type { SyncRejectionReason } from '../../src-shared/sync/protocol';
import { describeReason } from '../../src-shared/errors/reason-words';
import type { AuthService } from '../auth/auth-service';
import type { SyncServerConfig } from '../config';
import type { SqlQueryable } from '../db/sql-client';
import { consoleCookie, readCookie } from '../trpc';
import { CONSOLE_COOKIE, type ConsoleSessions } from './console-sessions';
import { AUDIT_CSV_HEADER, auditCsvRow, auditEntriesForExport, csvRow } from './audit-queries';

/**
 * `GET /admin/api/audit.csv?query=&action=`: the audit log as CSV (G8), for the console's
 * "Export" link. A link cannot send headers, so the console's cookie authenticates it (a
 * SameSite=Strict cookie never rides on another site's request; the export only reads); an
 * admin device's bearer token works too. Streamed page by page, at most auditExportMax rows.
 */

export const AUDIT_CSV_PATH = '/admin/api/audit.csv';

const STATUS: Partial<Record<SyncRejectionReason, number>> = {
  UNAUTHENTICATED: 401,
  NOT_ADMIN: 403,
  INVALID_REQUEST: 400,
};

function refuse(res: ServerResponse, reason: SyncRejectionReason, message = describeReason(reason)): void {
  res.writeHead(STATUS[reason] ?? 400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ reason, message }));
}

export function createAuditCsvRoute(deps: {
  sql: SqlQueryable;
  auth: AuthService;
  consoleSessions: ConsoleSessions;
  config: SyncServerConfig;
  logger: { error(details: object, message: string): void };
}): (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean {
  // As the tRPC context decides it, for the rotated cookie's Secure flag.
  const isSecure = (req: IncomingMessage): boolean =>
    (req.socket as { encrypted?: boolean }).encrypted === true ||
    (deps.config.trustProxy && req.headers['x-forwarded-proto'] === 'https');

  async function actorRole(req: IncomingMessage, res: ServerResponse): Promise<'admin' | 'member' | null> {
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (bearer) return (await deps.auth.authenticate(bearer))?.role ?? null;
    const cookie = readCookie(req, CONSOLE_COOKIE);
    if (!cookie) return null;
    const result = await deps.consoleSessions.authenticate(cookie);
    if (!result) return null;
    if (result.rotatedToken) {
      res.appendHeader(
        'set-cookie',
        consoleCookie(result.rotatedToken, { secure: isSecure(req), config: deps.config }),
      );
    }
    return result.actor.role;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const role = await actorRole(req, res);
    if (!role) return refuse(res, 'UNAUTHENTICATED', 'Sign in to the admin console to export the audit log.');
    if (role !== 'admin') return refuse(res, 'NOT_ADMIN');
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const query = params.get('query') ?? '';
    const actionParam = params.get('action') || undefined;
    if (query.length > ADMIN_LIMITS.searchMaxLength)
      return refuse(
        res,
        'INVALID_REQUEST',
        `The search is longer than ${ADMIN_LIMITS.searchMaxLength} characters.`,
      );
    const action = actionParam === undefined ? undefined : auditActionSchema.safeParse(actionParam);
    if (action && !action.success) return refuse(res, 'INVALID_REQUEST', 'Unknown audit action.');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="quire-audit.csv"',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.write(csvRow(AUDIT_CSV_HEADER));
    for await (const entry of auditEntriesForExport(deps.sql, { query, action: action?.data })) {
      // Back-pressure: a slow download waits here rather than piling rows up in memory.
      if (!res.write(auditCsvRow(entry)))
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      if (res.destroyed) return;
    }
    res.end();
  }

  return (req, res, pathname) => {
    if (pathname !== AUDIT_CSV_PATH) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'application/json' });
      res.end(JSON.stringify({ reason: 'INVALID_REQUEST', message: 'Use GET.' }));
      return true;
    }
    serve(req, res).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'audit export failed');
      if (!res.headersSent) refuse(res, 'SERVER_ERROR');
      else res.destroy();
    });
    return true;
  };
}
