import { connectionState, trpc } from '../trpc/client';
import type { QuireApi } from './quire-api';
import type { ConnectionStore } from './services-context';

/**
 * The live API. Assigning the client to `QuireApi` is the compile-time check that the router and
 * the UI still agree on every procedure the UI calls.
 */
export const trpcApi: QuireApi = trpc;

export const trpcConnection: ConnectionStore = connectionState;
