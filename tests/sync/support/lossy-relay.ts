import net from 'node:net';

/**
 * A TCP relay between one device and the server that can lose the server's replies while the
 * device's requests still arrive (and run), or cut the link entirely. Like NetworkSwitch, but
 * with the one fault a switch cannot make: a write that commits and is never acknowledged.
 */
export interface LossyRelay {
  readonly url: string;
  readonly port: number;
  /** From now on, nothing the server sends reaches the device; requests still go through. */
  dropReplies(): void;
  /** Cuts every open connection and refuses new ones until `goOnline`. */
  goOffline(): void;
  /** Accepts connections again and forwards both ways. */
  goOnline(): void;
  close(): Promise<void>;
}

export async function startLossyRelay(target: { port: number }): Promise<LossyRelay> {
  let online = true;
  let dropping = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!dropping) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dropReplies() {
      dropping = true;
    },
    goOffline() {
      online = false;
      for (const socket of sockets) socket.destroy();
    },
    goOnline() {
      online = true;
      dropping = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
