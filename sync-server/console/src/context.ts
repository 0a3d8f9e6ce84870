import { createContext, useContext } from 'react';
import type { ConsoleMe } from '../../../src-shared/sync/admin';
import type { ConsoleApi } from './api';
import type { Route } from './routes';

export interface ConsoleContextValue {
  api: ConsoleApi;
  me: ConsoleMe;
  go: (route: Route) => void;
  /** Injected so tests render fixed times. */
  now: () => number;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside <ConsoleContext>');
  return value;
}
