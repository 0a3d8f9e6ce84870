import net from 'node:net';

/**
 * A TCP relay that stops forwarding a device's bytes once `pauseAfterBytes` have gone up
 * through it (the middle of a large upload, since a device's other requests are small), so a
 * test can crash the server at exactly that point. `release` forwards freely from then on.
 */
export interface GatedRelay {
  readonly url: string;
  /** Resolves once the gate closed: that many bytes went upstream and the rest wait. */
  readonly paused: Promise<void>;
  /** Bytes the device sent upstream so far. */
  upstreamBytes(): number;
  release(): void;
  close(): Promise<void>;
}

export async function startGatedRelay(
  target: { port: number },
  pauseAfterBytes: number,
): Promise<GatedRelay> {
  let sent = 0;
  let gated = true;
  let markPaused: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => (markPaused = resolve));
  const sockets = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (!upstream.write(chunk)) client.pause();
      if (gated && sent >= pauseAfterBytes) {
        client.pause();
        held.add(client);
        markPaused();
      }
    });
    upstream.on('drain', () => {
      if (!held.has(client)) client.resume();
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paused,
    upstreamBytes: () => sent,
    release() {
      gated = false;
      for (const socket of held) socket.resume();
      held.clear();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
