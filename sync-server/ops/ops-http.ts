import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ChangeBus } from '../bus/change-bus';
import type { SqlClient } from '../db/sql-client';
import type { ServerMetrics } from './metrics';
import { checkReadiness, READY_PATH } from './readiness';

export const METRICS_PATH = '/metrics';

function json(res: ServerResponse, status: number, body: object, head: boolean): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(head ? undefined : JSON.stringify(body));
}

/** Compared as digests, so neither the length nor a prefix of the token leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function sendMetrics(
  metrics: ServerMetrics,
  res: ServerResponse,
  head: boolean,
  logger: Logger,
): Promise<void> {
  try {
    const body = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(head ? undefined : body);
  } catch (error) {
    logger.error({ err: error }, 'could not render metrics');
    json(res, 500, { error: 'Could not collect the metrics.' }, head);
  }
}

/**
 * O4 and O5 on the main port: `/metrics` only with `Authorization: Bearer <METRICS_TOKEN>` (404
 * when no token is set, so the endpoint is not there at all; 401 for a wrong or missing one), and
 * `/readyz`. Answers true when it handled the request.
 */
export function createOpsRoutes(deps: {
  metrics: ServerMetrics;
  metricsToken: string | null;
  sql: SqlClient;
  bus: ChangeBus;
  logger: Logger;
}): (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean {
  return (req, res, pathname) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return false;
    if (pathname === READY_PATH) {
      void checkReadiness(deps).then((readiness) => json(res, readiness.ok ? 200 : 503, readiness, head));
      return true;
    }
    if (pathname !== METRICS_PATH) return false;
    if (deps.metricsToken === null) {
      json(res, 404, { error: 'Not found.' }, head);
      return true;
    }
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? '';
    if (!tokenMatches(bearer, deps.metricsToken)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      json(res, 401, { error: 'The metrics need the METRICS_TOKEN as a bearer token.' }, head);
      return true;
    }
    void sendMetrics(deps.metrics, res, head, deps.logger);
    return true;
  };
}

/** O4: METRICS_PORT, a listener on HOST that serves `/metrics` without a token, and nothing else. */
export async function startMetricsListener(options: {
  host: string;
  port: number;
  metrics: ServerMetrics;
  logger: Logger;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const head = req.method === 'HEAD';
    if (pathname === METRICS_PATH && (req.method === 'GET' || head)) {
      void sendMetrics(options.metrics, res, head, options.logger);
      return;
    }
    json(res, 404, { error: 'Not found. This port serves only /metrics.' }, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info({ port }, 'metrics listening');
  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
