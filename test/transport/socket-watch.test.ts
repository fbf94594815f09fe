import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { socketWatch } from '../../src/transport/socket-watch';
import { closedPort, closing, loopbackResources } from '../helpers/loopback';

/** A node:http server on 127.0.0.1 answering 200 'ok', that can close a connection on demand. */
interface Served {
  readonly port: number;
  readonly origin: string;
  /** The server's side of each connection, in the order they came. */
  readonly sockets: net.Socket[];
}

const loopback = loopbackResources();
const { servers, clients } = loopback;

async function serve(): Promise<Served> {
  const sockets: net.Socket[] = [];
  const server = http.createServer((_req, res) => {
    res.end('ok');
  });
  server.on('connection', (s: net.Socket) => sockets.push(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { port, origin: `http://127.0.0.1:${port}`, sockets };
}

function client(origin: string, connect: Client.Options['connect']): Client {
  const c = new Client(origin, { connect });
  clients.push(c);
  return c;
}

async function get(c: Client): Promise<string> {
  const res = await c.request({ path: '/', method: 'GET' });
  return res.body.text();
}

/** The error and its causes (`cause`, and the `errors` of an AggregateError). */
function chain(e: unknown): unknown[] {
  if (e === null || typeof e !== 'object') return [e];
  const { cause, errors } = e as { cause?: unknown; errors?: unknown };
  return [
    e,
    ...(cause === undefined ? [] : chain(cause)),
    ...(Array.isArray(errors) ? errors.flatMap(chain) : []),
  ];
}

afterEach(() => loopback.cleanup());

describe('socketWatch', () => {
  it('has no socket before connecting, then the socket of the connection', async () => {
    const s = await serve();
    const watch = socketWatch(undefined);
    const c = client(s.origin, watch.connector);
    expect(watch.current).toBeNull();
    expect(await get(c)).toBe('ok');
    const current = watch.current;
    expect(current).toBeInstanceOf(net.Socket);
    expect(current?.destroyed).toBe(false);
    expect(current?.remotePort).toBe(s.port);
    // the very connection the server accepted
    expect(s.sockets.map((x) => x.remotePort)).toEqual([current?.localPort]);
    // later requests reuse it
    expect(await get(c)).toBe('ok');
    expect(watch.current).toBe(current);
  });

  it('forgets the socket once it closed, and watches the next connection', async () => {
    const s = await serve();
    const watch = socketWatch(undefined);
    const c = client(s.origin, watch.connector);
    await get(c);
    const first = watch.current;
    if (first === null) throw new Error('not connected');
    const closed = closing(first);
    s.sockets[0]?.destroy(); // the server closes the connection
    await closed;
    expect(watch.current).toBeNull();
    expect(await get(c)).toBe('ok'); // reconnects
    const second = watch.current;
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    expect(second?.destroyed).toBe(false);
    expect(s.sockets.map((x) => x.remotePort)).toEqual([first.localPort, second?.localPort]);
  });

  it('keeps the latest socket when an older one closes', async () => {
    const s = await serve();
    const watch = socketWatch(undefined);
    const older = client(s.origin, watch.connector);
    const newer = client(s.origin, watch.connector);
    await get(older);
    const first = watch.current;
    await get(newer);
    const second = watch.current;
    expect(second).not.toBe(first);
    if (first === null) throw new Error('not connected');
    const closed = closing(first);
    await older.close();
    await closed;
    expect(watch.current).toBe(second);
  });

  it("passes a refused connection's error to undici and stays without socket", async () => {
    const port = await closedPort();
    const watch = socketWatch(undefined);
    const c = client(`http://127.0.0.1:${port}`, watch.connector);
    const e = await get(c).then(
      () => {
        throw new Error('expected a connection error');
      },
      (err: unknown) => err,
    );
    expect(chain(e)).toContainEqual(expect.objectContaining({ code: 'ECONNREFUSED' }));
    expect(watch.current).toBeNull();
    // once something listens there, the same client connects and the watch has its socket
    const server = http.createServer((_req, res) => {
      res.end('late');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    expect(await get(c)).toBe('late');
    expect(watch.current?.remotePort).toBe(port);
  });
});
