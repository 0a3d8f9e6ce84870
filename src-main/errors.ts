/**
 * Expected failures of the services. The tRPC layer maps `code` onto a tRPC error code and
 * passes `message` to the user as written, so messages are plain words, never internals.
 */
export type QuireErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'PRECONDITION_FAILED';

export class QuireError extends Error {
  constructor(
    readonly code: QuireErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'QuireError';
  }
}

export class NoteNotFoundError extends QuireError {
  constructor(id: string) {
    super('NOT_FOUND', `That note no longer exists (id ${id}). It may have been deleted.`);
    this.name = 'NoteNotFoundError';
  }
}
