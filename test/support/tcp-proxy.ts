import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay between the hub and PostgreSQL, to take the database away and bring it back
 * without touching the server others use: `down()` cuts every relayed connection and drops new
 * ones at once (what a client sees of a restart), `refuseNew()` drops only new ones (the old
 * connections live on, as through a failover), `up()` relays again.
 */
export interface TcpProxy {
  /** The upstream URL with host and port replaced by the relay's. */
  url: string;
  down(): void;
  refuseNew(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamUrl: string): Promise<TcpProxy> {
  const upstream = new URL(upstreamUrl);
  const target = { host: upstream.hostname, port: Number(upstream.port || 5432) };
  const pairs = new Set<[Socket, Socket]>();
  let accepting = true;

  const server = createServer((client) => {
    if (!accepting) {
      client.destroy();
      return;
    }
    const remote = createConnection(target);
    const pair: [Socket, Socket] = [client, remote];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      remote.destroy();
    };
    client.on('error', end);
    remote.on('error', end);
    client.on('close', end);
    remote.on('close', end);
    client.pipe(remote);
    remote.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the relay has no port');
  const proxied = new URL(upstreamUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(address.port);

  const cutAll = () => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };

  return {
    url: proxied.toString(),
    down: () => {
      accepting = false;
      cutAll();
    },
    refuseNew: () => {
      accepting = false;
    },
    up: () => {
      accepting = true;
    },
    close: async () => {
      accepting = false;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
