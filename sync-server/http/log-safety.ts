import pino from 'pino';

/**
 * L14: no note text in a log line through a PostgreSQL error. PostgreSQL names the input it
 * refused: in `detail` and `where` ("Token "…" is invalid.", "JSON data, line 1: {"title":…"),
 * and, for data exceptions (SQLSTATE class 22) and constraint failures (23), quoted inside the
 * message itself (`invalid input syntax for type integer: "…"`), which the stack repeats. Such
 * errors are logged by their code, severity, routine and a message with the quotes blanked.
 */
const PG_SQLSTATE = /^[0-9A-Z]{5}$/;
const QUOTES_INPUT = /^2[23]/;
const MAX_CAUSE_DEPTH = 5;

interface PgErrorLike extends Error {
  code: string;
  severity?: string;
  routine?: string;
}

function isPgError(value: unknown): value is PgErrorLike {
  if (!(value instanceof Error)) return false;
  const { code, severity } = value as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && PG_SQLSTATE.test(code) && typeof severity === 'string';
}

/** Quoted runs (and what follows a colon, where PostgreSQL puts a bare value) are blanked. */
export function blankQuotedInput(message: string): string {
  return message.replace(/"(?:[^"\\]|\\.)*"?/g, '"…"').replace(/:\s+[^"…].*$/s, ': …');
}

export function serializeError(error: unknown, depth = 0): unknown {
  if (isPgError(error)) {
    const message = QUOTES_INPUT.test(error.code) ? blankQuotedInput(error.message) : error.message;
    return {
      type: 'DatabaseError',
      message,
      code: error.code,
      severity: error.severity,
      routine: error.routine,
    };
  }
  if (!(error instanceof Error)) return error;
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  // The standard serializer walks `cause` itself; walk it here so a database error inside is blanked.
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    serialized.cause = serializeError(error.cause, depth + 1);
  }
  return serialized;
}
