import type { FuzzCase } from './fuzz-cases';
import type { RawAnswer, WsExchange } from './fuzz-wire';

/**
 * T2's verdict on one answer: a 4xx (or, where the case allows, a success) whose body says why,
 * and nothing in any body that belongs in a log only: stack frames, source paths, SQL.
 */

const LEAKS = ['    at ', '.ts:', 'SELECT', 'INSERT', 'syntax error at', 'relation "', 'node_modules'];

export function leakIn(text: string): string | null {
  return LEAKS.find((leak) => text.includes(leak)) ?? null;
}

/** A tRPC error body (one, or a batch's array) and whether every error in it names a reason. */
function trpcReasons(body: unknown): { reasons: (string | null)[]; statuses: number[] } {
  const items = Array.isArray(body) ? body : [body];
  const reasons: (string | null)[] = [];
  const statuses: number[] = [];
  for (const item of items) {
    const error = (
      item as { error?: { message?: unknown; data?: { reason?: unknown; httpStatus?: unknown } } } | null
    )?.error;
    if (!error) continue;
    const reason = error.data?.reason;
    reasons.push(
      typeof reason === 'string' && typeof error.message === 'string' && error.message.length > 0
        ? reason
        : null,
    );
    if (typeof error.data?.httpStatus === 'number') statuses.push(error.data.httpStatus);
  }
  return { reasons, statuses };
}

/** R10: a push refuses bad rows one by one, in `rejected`, and writes nothing of them. */
function allRowsRejected(data: unknown): boolean {
  const push = data as { rejected?: { reason?: unknown }[]; conflicts?: unknown[] } | null | undefined;
  return (
    (push?.rejected?.length ?? 0) > 0 &&
    push?.rejected?.every((row) => typeof row.reason === 'string') === true &&
    push?.conflicts?.length === 0
  );
}

function rowsAllRejected(fuzz: Extract<FuzzCase, { kind: 'http' }>, body: string): boolean {
  if (!fuzz.request.path.startsWith('/trpc/sync.push')) return false;
  try {
    return allRowsRejected((JSON.parse(body) as { result?: { data?: unknown } }).result?.data);
  } catch {
    return false;
  }
}

/** tRPC answers a batch whose calls were refused with different statuses `207`: each must be a 4xx. */
function batchAllRefused(answer: RawAnswer): boolean {
  if (answer.status !== 207) return false;
  try {
    const items = JSON.parse(answer.body) as unknown;
    if (!Array.isArray(items) || items.length === 0) return false;
    const { reasons, statuses } = trpcReasons(items);
    return (
      reasons.length === items.length &&
      !reasons.includes(null) &&
      !reasons.includes('SERVER_ERROR') &&
      statuses.every((status) => status >= 400 && status < 500)
    );
  } catch {
    return false;
  }
}

/** A subscription over HTTP answers 200 and an event stream; a refusal is its `serialized-error` event. */
function sseProblem(fuzz: Extract<FuzzCase, { kind: 'http' }>, body: string): string | null {
  for (const block of body.split('\n\n')) {
    const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (data === undefined || event === 'connected' || event === 'ping') continue;
    if (event !== 'serialized-error')
      return fuzz.mayAccept ? null : `a subscription that must be refused sent data: ${block.slice(0, 200)}`;
    let shape: unknown;
    try {
      shape = JSON.parse(data);
    } catch {
      return `a serialized-error that is not JSON: ${data.slice(0, 200)}`;
    }
    const { reasons, statuses } = trpcReasons({ error: shape });
    if (reasons.includes(null)) return `an error event without a reason or message: ${data.slice(0, 300)}`;
    if (reasons.includes('SERVER_ERROR') || statuses.some((status) => status >= 500))
      return `a server error event: ${data.slice(0, 300)}`;
    return null;
  }
  return `an event stream that ended with no refusal: ${body.slice(0, 200)}`;
}

/** Null when the answer is right; otherwise what is wrong with it. */
export function httpProblem(fuzz: Extract<FuzzCase, { kind: 'http' }>, answer: RawAnswer): string | null {
  const leak = leakIn(answer.body) ?? leakIn(JSON.stringify(answer.headers));
  if (leak) return `the answer carries ${JSON.stringify(leak)}: ${answer.body.slice(0, 300)}`;
  if (answer.status >= 500) return `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (/text\/event-stream/.test(String(answer.headers['content-type']))) return sseProblem(fuzz, answer.body);
  if (answer.status < 400) {
    if (fuzz.mayAccept || rowsAllRejected(fuzz, answer.body) || batchAllRefused(answer)) return null;
    // tRPC answers HEAD with an empty 204 and calls nothing: no body, no effect.
    if (fuzz.request.method === 'HEAD' && answer.status === 204 && answer.body === '') return null;
    return `HTTP ${answer.status} for a request that must be refused: ${answer.body.slice(0, 200)}`;
  }
  if (fuzz.request.method === 'HEAD') return null;
  if (answer.body.trim().length === 0) return `HTTP ${answer.status} with an empty body: no reason given`;
  if (fuzz.request.path.startsWith('/trpc/') && /json/.test(String(answer.headers['content-type']))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      return `HTTP ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 200)}`;
    }
    // Refusals made before tRPC (method, size, rate) are `{ reason, error }` at the top level.
    const top = parsed as { reason?: unknown; error?: unknown };
    if (typeof top.reason === 'string' && typeof top.error === 'string' && top.error.length > 0) return null;
    const { reasons, statuses } = trpcReasons(parsed);
    if (reasons.length === 0 && !Array.isArray(parsed))
      return `HTTP ${answer.status} without a tRPC error: ${answer.body.slice(0, 200)}`;
    if (reasons.includes(null)) return `an error without a reason or message: ${answer.body.slice(0, 300)}`;
    if (reasons.includes('SERVER_ERROR') || statuses.some((status) => status >= 500)) {
      return `a call in the answer failed as a server error: ${answer.body.slice(0, 300)}`;
    }
  }
  return null;
}

export function wsProblem(fuzz: Extract<FuzzCase, { kind: 'ws' }>, exchange: WsExchange): string | null {
  for (const text of [...exchange.texts, exchange.closeReason]) {
    const leak = leakIn(text);
    if (leak) return `a message carries ${JSON.stringify(leak)}: ${text.slice(0, 300)}`;
  }
  // 1011 is "internal error"; an upgrade answered with a 5xx is one too.
  if (
    exchange.closeCode === 1011 ||
    (exchange.closeCode !== null && exchange.closeCode >= 500 && exchange.closeCode < 600)
  ) {
    return `the socket ended with ${exchange.closeCode} ${exchange.closeReason}`;
  }
  for (const message of exchange.messages) {
    const items = Array.isArray(message) ? message : [message];
    for (const item of items) {
      if (typeof item !== 'object' || item === null)
        return `a message that is not a tRPC answer: ${String(item).slice(0, 200)}`;
      const answer = item as { error?: unknown; result?: { type?: string; data?: unknown } };
      if (answer.error) {
        const { reasons, statuses } = trpcReasons(answer);
        if (reasons.includes(null))
          return `an error without a reason or message: ${JSON.stringify(item).slice(0, 300)}`;
        if (reasons.includes('SERVER_ERROR') || statuses.some((status) => status >= 500)) {
          return `a server error: ${JSON.stringify(item).slice(0, 300)}`;
        }
      } else if (
        answer.result &&
        answer.result.type !== 'started' &&
        answer.result.type !== 'stopped' &&
        !allRowsRejected(answer.result.data) &&
        !fuzz.mayAccept
      ) {
        return `a call that must be refused was answered: ${JSON.stringify(item).slice(0, 300)}`;
      }
    }
  }
  return null;
}
