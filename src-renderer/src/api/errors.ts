/**
 * Turns whatever a tRPC call threw into one sentence a user can act on. Raw messages are used only
 * when they read like prose: host errors can carry JSON, stack frames or SQL that mean nothing to
 * someone writing notes.
 */

interface ErrorData {
  code?: unknown;
  zodError?: unknown;
}

interface FlattenedZodError {
  formErrors?: unknown;
  fieldErrors?: unknown;
}

const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  body: 'Note text',
  folder: 'Folder',
  query: 'Search',
  id: 'Note id',
};

const CODE_MESSAGES: Record<string, string> = {
  NOT_FOUND: 'That note no longer exists. It may have been deleted in another window.',
  CONFLICT: 'The note changed somewhere else at the same time. Your latest text is kept; try again.',
  TIMEOUT: 'Quire took too long to answer. Try again.',
  TOO_MANY_REQUESTS: 'Quire is busy right now. Try again in a moment.',
  PAYLOAD_TOO_LARGE: 'This note is too large to save.',
  FORBIDDEN: 'That action is not allowed.',
  UNAUTHORIZED: 'That action is not allowed.',
  INTERNAL_SERVER_ERROR: 'Something went wrong inside Quire. Your text is still here; try again.',
};

const DISCONNECTED = 'Can’t reach Quire’s background process. Reconnecting…';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function describeZodError(zodError: unknown): string | undefined {
  const flat = asRecord(zodError) as FlattenedZodError | undefined;
  if (!flat) return undefined;
  const parts = [...stringList(flat.formErrors)];
  const fields = asRecord(flat.fieldErrors) ?? {};
  for (const [field, messages] of Object.entries(fields)) {
    const first = stringList(messages)[0];
    if (first) parts.push(`${FIELD_NAMES[field] ?? field}: ${first}`);
  }
  return parts.length > 0 ? parts.join('. ') : undefined;
}

/** A message is shown as-is only if it is one short line of words, not a dump. */
function isReadable(message: string): boolean {
  return (
    message.length > 0 &&
    message.length <= 160 &&
    !message.includes('\n') &&
    !/^[[{]/.test(message.trim()) &&
    !/\bat\s+\S+\s+\(/.test(message)
  );
}

export function errorCode(error: unknown): string | undefined {
  const data = asRecord(asRecord(error)?.data) as ErrorData | undefined;
  return typeof data?.code === 'string' ? data.code : undefined;
}

export function describeError(error: unknown, fallback = 'Something went wrong. Try again.'): string {
  const record = asRecord(error);
  const data = asRecord(record?.data) as ErrorData | undefined;
  const code = typeof data?.code === 'string' ? data.code : undefined;

  const message = typeof record?.message === 'string' ? record.message : '';

  if (code === 'BAD_REQUEST' || code === 'PARSE_ERROR') {
    return (
      describeZodError(data?.zodError) ??
      (isReadable(message) ? message : 'Quire could not accept that input.')
    );
  }
  // The host writes its expected failures in plain words; the table is for anything terser.
  if (code) return isReadable(message) ? message : (CODE_MESSAGES[code] ?? fallback);

  // A client error without `data` never reached the host: the transport failed.
  if (record && !data && /websocket|network|fetch|closed|connect|ipc|disconnect/i.test(message)) {
    return DISCONNECTED;
  }
  return isReadable(message) ? message : fallback;
}
