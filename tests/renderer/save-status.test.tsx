// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SaveStatus } from '../../src-renderer/src/features/editor/SaveStatus';

afterEach(cleanup);

describe('SaveStatus', () => {
  it('says Quire keeps retrying only when the failed save is retried', () => {
    const { rerender } = render(
      <SaveStatus snapshot={{ status: 'error', error: 'Quire is offline.', retrying: true }} />,
    );
    expect(screen.getByTestId('save-status').title).toBe('Quire is offline. Quire keeps retrying.');

    rerender(
      <SaveStatus snapshot={{ status: 'error', error: 'That note no longer exists.', retrying: false }} />,
    );
    const title = screen.getByTestId('save-status').title;
    expect(title).toMatch(/^That note no longer exists\. /);
    expect(title).not.toMatch(/keeps retrying/);
  });
});
