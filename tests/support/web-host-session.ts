import WebSocket from 'ws';

/**
 * What a Node test client needs to talk to a web host as its own page does (W1, W2): the launch
 * cookie, got by opening the printed link once, and the host's Origin on the WebSocket.
 */
export interface WebHostSession {
  /** `http://127.0.0.1:PORT`, the Origin the host accepts. */
  origin: string;
  /** `name=value`, ready for a Cookie header. */
  cookie: string;
  /** Request headers of the host's own page. */
  headers: Record<string, string>;
  /** A `ws` WebSocket class that sends those headers, for `createWSClient({ WebSocket })`. */
  WebSocket: new (address: string | URL, protocols?: string | string[]) => WebSocket;
}

export async function openWebHostSession(launchUrl: string): Promise<WebHostSession> {
  const response = await fetch(launchUrl, { redirect: 'manual' });
  const setCookie = response.headers.get('set-cookie');
  if (response.status !== 303 || setCookie === null)
    throw new Error(`opening the launch link answered ${response.status}, without the cookie`);
  const cookie = setCookie.split(';')[0]!;
  const origin = new URL(launchUrl).origin;
  const headers = { Cookie: cookie, Origin: origin };
  class SessionWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  return { origin, cookie, headers, WebSocket: SessionWebSocket };
}
