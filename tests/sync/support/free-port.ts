import net from 'node:net';

/**
 * A TCP port nobody listens on right now: bind port 0, read what the OS picked, let it go.
 * Servers restarted "on the same port" need a fixed number before their first start.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
