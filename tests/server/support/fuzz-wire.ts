import http from 'node:http';
import WebSocket from 'ws';

/**
 * Raw HTTP and WebSocket for the fuzz suite (T2): node:http, not fetch, because fetch refuses
 * TRACE, rewrites bodies into valid UTF-8 and sets its own content type. Every exchange has a
 * deadline: a hang is a failure, reported as such, never a stuck test.
 */

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// No keep-alive: a reused socket the server is closing would read as a hang-up that is not its fault.
const agent = new http.Agent({ keepAlive: false, maxSockets: 8 });

export function destroyAgent(): void {
  agent.destroy();
}

export function send(baseUrl: string, request: RawRequest, timeoutMs = 10_000): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          // An answer is small; cap what is kept so a runaway body cannot fill memory.
          size += chunk.length;
          if (size <= 256 * 1024) chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(
        new Error(`no answer within ${timeoutMs} ms: ${request.method} ${request.path.slice(0, 120)}`),
      );
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(request.body);
  });
}

export interface WsExchange {
  /** The answers (parsed JSON messages) received before the deadline or the close. */
  messages: unknown[];
  /** Raw text of those answers, for the leak check. */
  texts: string[];
  closeCode: number | null;
  closeReason: string;
}

/**
 * Opens a socket, sends `frames`, and collects what comes back until `expectAnswers` messages have
 * arrived, the server closes, or `quietMs` passes with nothing new (a socket that answers a
 * malformed frame with silence and stays open is fine: the server went on serving).
 */
export function wsExchange(
  baseUrl: string,
  connectionParams: Record<string, unknown> | null,
  frames: (string | Buffer)[],
  options: { expectAnswers: number; timeoutMs?: number; quietMs?: number },
): Promise<WsExchange> {
  const ws = new WebSocket(
    `${baseUrl.replace(/^http/, 'ws')}/trpc${connectionParams ? '?connectionParams=1' : ''}`,
  );
  const result: WsExchange = { messages: [], texts: [], closeCode: null, closeReason: '' };
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    let quiet: NodeJS.Timeout | null = null;
    const finish = () => {
      clearTimeout(deadline);
      if (quiet) clearTimeout(quiet);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(result);
    };
    const deadline = setTimeout(() => {
      ws.terminate();
      reject(new Error(`WebSocket exchange did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    const rearm = () => {
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(finish, options.quietMs ?? 300);
    };
    ws.on('open', () => {
      if (connectionParams) ws.send(JSON.stringify({ method: 'connectionParams', data: connectionParams }));
      for (const frame of frames) ws.send(frame);
      rearm();
    });
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      result.texts.push(text);
      try {
        result.messages.push(JSON.parse(text));
      } catch {
        result.messages.push(text);
      }
      if (result.messages.length >= options.expectAnswers) finish();
      else rearm();
    });
    ws.on('unexpected-response', (_req, res) => {
      result.closeCode = res.statusCode ?? 0;
      finish();
    });
    ws.on('close', (code, reason) => {
      result.closeCode = code;
      result.closeReason = reason.toString();
      finish();
    });
    ws.on('error', () => finish());
  });
}
