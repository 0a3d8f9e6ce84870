import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '../../../src-main/app-router';
import type { RunningHost } from './web-host';

/**
 * The host's own API from Node, over the WebSocket the renderer uses (`/trpc`): lets a test read
 * what the host's database holds, independently of what any window shows. It sends the launch
 * cookie and the host's Origin, as the host's own page does (W2).
 */
export interface HostClient {
  api: TRPCClient<AppRouter>;
  close(): Promise<void>;
}

export function connectToHost(host: RunningHost): HostClient {
  const url = new URL('trpc', host.url.replace(/^http/, 'ws')).toString();
  const socket = createWSClient({ url, WebSocket: host.session.WebSocket as never });
  return {
    api: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }),
    close: () => socket.close(),
  };
}

/** The id of the (only live) note with this title on the host; throws if there is none. */
export async function noteIdByTitle(client: HostClient, title: string): Promise<string> {
  const { items } = await client.api.notes.list.query({ limit: 100 });
  const matches = items.filter((item) => item.title === title);
  if (matches.length !== 1) throw new Error(`expected one note titled "${title}", found ${matches.length}`);
  return matches[0]!.id;
}
