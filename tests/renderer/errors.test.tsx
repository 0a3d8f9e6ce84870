// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src-renderer/src/api/errors';

function clientError(message: string, data?: Record<string, unknown>): Error {
  return Object.assign(new Error(message), data ? { data } : {});
}

describe('describeError', () => {
  it('passes the host’s plain messages through', () => {
    expect(
      describeError(
        clientError('Move the note to the trash before deleting it forever.', {
          code: 'PRECONDITION_FAILED',
        }),
      ),
    ).toBe('Move the note to the trash before deleting it forever.');
  });

  it('turns validation errors into field sentences', () => {
    const error = clientError('[{"code":"too_big"}]', {
      code: 'BAD_REQUEST',
      zodError: {
        formErrors: [],
        fieldErrors: { title: ['Too big: expected string to have <=300 characters'] },
      },
    });
    expect(describeError(error)).toBe('Title: Too big: expected string to have <=300 characters');
  });

  it('never shows JSON, stacks or multi-line dumps', () => {
    expect(describeError(clientError('{"error":"x"}', { code: 'INTERNAL_SERVER_ERROR' }))).toBe(
      'Something went wrong inside Quire. Your text is still here; try again.',
    );
    expect(describeError(clientError('TypeError: x\n    at foo (bar.js:1:2)'))).toBe(
      'Something went wrong. Try again.',
    );
    expect(describeError('weird')).toBe('Something went wrong. Try again.');
  });

  it('explains transport failures as a lost connection', () => {
    expect(describeError(clientError('WebSocket closed'))).toMatch(/Reconnecting/);
  });
});
