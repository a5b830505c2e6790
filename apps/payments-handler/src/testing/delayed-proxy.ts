import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of the test server that stands for a database that is not reachable
 * yet, as a paused Aurora instance is while it resumes. Until `up()` (or `upAfter(ms)`) it either resets
 * every connection (`refuse`: the client sees ECONNRESET at once) or accepts and holds it without a byte
 * of answer (`hold`: the client waits until its own connect timeout); a held connection still open when the
 * proxy comes up is then forwarded, as a resumed instance answers the connection that woke it.
 */
export interface DelayedProxy {
  readonly port: number;
  /** Connections accepted so far (one per connection attempt of the client). */
  readonly connections: number;
  /** Forwards held and new connections from now on. */
  up(): void;
  upAfter(ms: number): void;
  close(): Promise<void>;
}

export async function startDelayedProxy(
  target: { host: string; port: number },
  mode: 'refuse' | 'hold',
): Promise<DelayedProxy> {
  const sockets = new Set<Socket>();
  const held = new Set<Socket>();
  let isUp = false;
  let connections = 0;
  let timer: NodeJS.Timeout | undefined;

  const forward = (client: Socket): void => {
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
    client.resume();
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    connections += 1;
    sockets.add(client);
    client.on('close', () => {
      sockets.delete(client);
      held.delete(client);
    });
    client.on('error', () => undefined);
    if (isUp) forward(client);
    else if (mode === 'refuse') client.resetAndDestroy();
    else held.add(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const up = (): void => {
    isUp = true;
    for (const client of held) if (!client.destroyed) forward(client);
    held.clear();
  };

  return {
    port: (server.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    up,
    upAfter(ms) {
      timer = setTimeout(up, ms);
    },
    async close() {
      clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
