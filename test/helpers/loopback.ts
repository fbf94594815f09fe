/**
 * Loopback plumbing shared by the transport tests: ports where nothing listens, socket
 * closes, and the cleanup of the servers and clients a test file made.
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Client } from 'undici';

/** A port on 127.0.0.1 where nothing listens (it did a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) =>
    server.close(() => {
      r();
    }),
  );
  return port;
}

/** Resolves when `socket` has closed (events.once would reject on its 'error' first). */
export function closing(socket: net.Socket): Promise<void> {
  return new Promise((r) =>
    socket.once('close', () => {
      r();
    }),
  );
}

/** A server that can drop its connections, such as node:http's. */
interface ClosableServer {
  closeAllConnections(): void;
  close(callback: () => void): unknown;
}

/**
 * The servers and undici clients of a test file: `cleanup` (for `afterEach`) destroys the
 * clients, drops the servers' connections and closes the servers.
 */
export function loopbackResources(): {
  readonly servers: ClosableServer[];
  readonly clients: Client[];
  cleanup(): Promise<void>;
} {
  const servers: ClosableServer[] = [];
  const clients: Client[] = [];
  return {
    servers,
    clients,
    cleanup: async () => {
      await Promise.all(clients.splice(0).map((c) => c.destroy().catch(() => undefined)));
      await Promise.all(
        servers.splice(0).map(
          (s) =>
            new Promise<void>((r) => {
              s.closeAllConnections();
              s.close(() => {
                r();
              });
            }),
        ),
      );
    },
  };
}
