import { createTRPCClient, createWSClient, wsLink, type TRPCLink } from '@trpc/client';
import type { AppRouter } from '../../../src-main/app-router';
import type { ConnectionStatus, ConnectionStore } from '../api/services-context';
import { ipcLink } from './ipc-link';

/**
 * The one tRPC client of the UI. Inside Electron the preload provides `window.quireIpc` and calls
 * go over IPC; in a plain browser (web mode) they go over a WebSocket to the Node host, which
 * serves the same router at `/trpc`.
 */

/** 'connecting' only before the first WebSocket opens; IPC is connected from the start. */
function createConnectionStateStore(initial: ConnectionStatus) {
  let status = initial;
  const listeners = new Set<() => void>();
  const store: ConnectionStore = {
    getSnapshot: () => status,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  const set = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of [...listeners]) listener();
  };
  return { store, set };
}

/** 0.5 s, 1 s, 2 s … capped at 10 s, with jitter so many tabs do not reconnect in lockstep. */
export function backoff(attemptIndex: number): number {
  const base = Math.min(500 * 2 ** attemptIndex, 10_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

function createLink(set: (status: ConnectionStatus) => void): TRPCLink<AppRouter> {
  const bridge = window.quireIpc;
  if (bridge) return ipcLink<AppRouter>({ bridge });
  const protocol = location.protocol === 'https:' ? 'wss' : 'ws';
  const wsClient = createWSClient({
    url: `${protocol}://${location.host}/trpc`,
    retryDelayMs: backoff,
    // Notices a server that vanished without closing the socket (laptop sleep, killed process).
    keepAlive: { enabled: true, intervalMs: 5_000, pongTimeoutMs: 3_000 },
  });
  let everConnected = false;
  wsClient.connectionState.subscribe({
    next: (state) => {
      if (state.state === 'pending') {
        everConnected = true;
        set('connected');
      } else if (state.state === 'connecting') set(everConnected ? 'reconnecting' : 'connecting');
    },
  });
  return wsLink<AppRouter>({ client: wsClient });
}

const connection = createConnectionStateStore(window.quireIpc ? 'connected' : 'connecting');
export const connectionState: ConnectionStore = connection.store;

export const trpc = createTRPCClient<AppRouter>({ links: [createLink(connection.set)] });
