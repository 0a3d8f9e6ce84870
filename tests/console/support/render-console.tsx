import { render, screen } from '@testing-library/react';
import { App } from '../../../sync-server/console/src/app';
import { createFakeApi, NOW, type FakeApi } from './fake-api';

/** Renders the console at `path` (under /admin) against a fake API, signed in unless told. */
export function renderConsole(path: string, api: FakeApi = createFakeApi()) {
  window.history.replaceState(null, '', path);
  const listeners = new Set<() => void>();
  const view = render(
    <App
      api={api}
      now={() => NOW}
      onSignedOut={(listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }}
    />,
  );
  return { api, view, endSession: () => listeners.forEach((listener) => listener()), screen };
}

/** Lets pending promises and the state updates they cause run. */
export async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}
