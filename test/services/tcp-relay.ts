import { connect, createServer, type Socket } from 'node:net';

/** A TCP relay in front of a server, which can hold back what the server sends. */
export interface TcpRelay {
  /** The relay's port on 127.0.0.1. */
  port: number;
  /** Keeps what the server sends on every connection, as a stalled reader would not read it. */
  hold(): void;
  /** Passes on what was kept, in order, and everything after it. */
  release(): void;
  close(): Promise<void>;
}

/**
 * Relays connections on a free loopback port to `port`. Holding the server's side stalls one
 * client of a shared server (a Parley node's link to Redis) while the others go on, which an
 * in-process test cannot do by blocking its one event loop.
 */
export async function tcpRelay(port: number): Promise<TcpRelay> {
  const links = new Set<{ client: Socket; upstream: Socket; kept: Buffer[] }>();
  let held = false;
  const server = createServer((client) => {
    const link = { client, upstream: connect(port, '127.0.0.1'), kept: [] as Buffer[] };
    links.add(link);
    client.on('data', (chunk) => link.upstream.write(chunk));
    link.upstream.on('data', (chunk: Buffer) =>
      held ? link.kept.push(chunk) : link.client.write(chunk),
    );
    const end = () => {
      links.delete(link);
      client.destroy();
      link.upstream.destroy();
    };
    for (const socket of [client, link.upstream]) {
      socket.on('close', end);
      socket.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the relay has no port');
  return {
    port: address.port,
    hold: () => (held = true),
    release() {
      held = false;
      for (const link of links) for (const chunk of link.kept.splice(0)) link.client.write(chunk);
    },
    async close() {
      for (const link of links) {
        link.client.destroy();
        link.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
