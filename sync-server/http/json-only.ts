import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusalShape } from './refusals';

/**
 * T2: tRPC hands an `application/octet-stream` body to a procedure as a stream and a
 * `multipart/form-data` one as FormData, and a `z.object` whose fields are all optional accepts
 * either as `{}` (any such body made an invite). No procedure of this router takes bytes or forms,
 * so those bodies are refused before tRPC: `415 INVALID_REQUEST`.
 */
const NOT_JSON = /^\s*(application\/octet-stream|multipart\/form-data)\b/i;

/** Answers (and returns true) when `req` carries a body this API never takes. */
export function refuseNonJsonBody(
  router: Parameters<typeof refusalShape>[0],
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const type = req.headers['content-type'];
  if (type === undefined || !NOT_JSON.test(type)) return false;
  const { shape } = refusalShape(router, 'INVALID_REQUEST', 'The sync API takes JSON bodies only.');
  res.writeHead(415, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ error: { ...shape, data: { ...shape.data, httpStatus: 415 } } }));
  req.resume();
  return true;
}
