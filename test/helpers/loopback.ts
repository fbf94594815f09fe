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

/** The end of the current turn of the event loop: after the immediates queued before. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What a socket has received, as latin1 text, and a wait for more. */
export interface Received {
  /** Everything received so far. */
  readonly text: () => string;
  /** Resolves with everything received once it is at least `n` characters (bytes). */
  readonly until: (n: number) => Promise<string>;
}

/** Collects what `socket` receives, as latin1 text (one character per byte). */
export function collect(socket: net.Socket): Received {
  let data = '';
  const waiting: { readonly n: number; readonly resolve: (s: string) => void }[] = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    data += chunk;
    for (const w of waiting.filter((x) => data.length >= x.n)) w.resolve(data);
  });
  return {
    text: () => data,
    until: (n) =>
      data.length >= n
        ? Promise.resolve(data)
        : new Promise((resolve) => waiting.push({ n, resolve })),
  };
}

/**
 * A TCP connection over loopback: `local` is the connecting side, `peer` the side the server
 * accepted (errors on it ignored). The server and both sockets are pushed to `track`, for the
 * test file's cleanup.
 */
export async function tcpPair(track: {
  readonly servers: net.Server[];
  readonly sockets: net.Socket[];
}): Promise<{ readonly local: net.Socket; readonly peer: net.Socket }> {
  const server = net.createServer();
  track.servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const local = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  track.sockets.push(local);
  await new Promise<void>((r) => local.once('connect', r));
  const peer = await accepted;
  track.sockets.push(peer);
  peer.on('error', () => undefined);
  return { local, peer };
}

/**
 * The servers and sockets of a test file that works on raw TCP: `cleanup` (for `afterEach`)
 * destroys the sockets and closes the servers.
 */
export function socketResources(): {
  readonly servers: net.Server[];
  readonly sockets: net.Socket[];
  readonly cleanup: () => Promise<void>;
} {
  const servers: net.Server[] = [];
  const sockets: net.Socket[] = [];
  return {
    servers,
    sockets,
    cleanup: async () => {
      for (const s of sockets.splice(0)) s.destroy();
      await Promise.all(
        servers.splice(0).map(
          (s) =>
            new Promise<void>((r) => {
              s.close(() => {
                r();
              });
            }),
        ),
      );
    },
  };
}

/** Connects to `port` on loopback (the socket is tracked) and collects what it receives. */
export async function connectCollecting(
  port: number,
  sockets: net.Socket[],
): Promise<{ readonly socket: net.Socket; readonly received: Received }> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  const received = collect(socket);
  await new Promise<void>((r) => socket.once('connect', r));
  return { socket, received };
}
