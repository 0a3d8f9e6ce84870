import net from 'node:net';

/**
 * A TCP relay between one device and the server that can drop the device off the network and
 * bring it back, at once and without touching the server or other devices. The device signs in
 * through `url`, so to it the relay simply is the server.
 */
export interface NetworkSwitch {
  readonly url: string;
  /** Cuts every open connection and refuses new ones until `goOnline`. */
  goOffline(): void;
  goOnline(): void;
  close(): Promise<void>;
}

export async function startNetworkSwitch(target: { port: number }): Promise<NetworkSwitch> {
  let online = true;
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
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    goOffline() {
      online = false;
      for (const socket of sockets) socket.destroy();
    },
    goOnline() {
      online = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
