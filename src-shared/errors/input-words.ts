import { describeReason } from './reason-words';

/** A zod error as it travels in a tRPC error's `data.zodError` (`z.flattenError`). */
export interface FlatInputError {
  formErrors?: unknown;
  fieldErrors?: unknown;
}

/** Input fields by the names a person knows them by. */
const FIELD_NAMES: Record<string, string> = {
  title: 'Title',
  body: 'Note text',
  folder: 'Folder',
  query: 'Search',
  id: 'Note id',
  serverUrl: 'Server address',
  email: 'Email',
  password: 'Password',
  inviteCode: 'Invite code',
  deviceName: 'Device name',
};

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The one description of refused input (INVALID_INPUT, INVALID_REQUEST): the reason's words and
 * then what was wrong with which field, e.g. "Quire could not accept that input. Title: Too long".
 */
export function describeInputError(flat: FlatInputError | null | undefined): string {
  const parts = [...stringList(flat?.formErrors)];
  const fields =
    typeof flat?.fieldErrors === 'object' && flat.fieldErrors !== null
      ? (flat.fieldErrors as Record<string, unknown>)
      : {};
  for (const [field, messages] of Object.entries(fields)) {
    const first = stringList(messages)[0];
    if (first) parts.push(`${FIELD_NAMES[field] ?? field}: ${first}`);
  }
  const base = describeReason('INVALID_INPUT');
  return parts.length > 0 ? `${base} ${parts.join('. ')}` : base;
}
