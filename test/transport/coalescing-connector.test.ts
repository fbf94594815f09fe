import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client, type buildConnector } from 'undici';
import { coalescingConnector } from '../../src/transport/coalescing-connector';
import { closedPort, loopbackResources, nextTurn } from '../helpers/loopback';

/**
 * The call connection's connector on real loopback connections: undici works through it as
 * through its own, and what is written to its sockets in one turn leaves in one write.
 */
const loopback = loopbackResources();
const { servers, clients } = loopback;
afterEach(() => loopback.cleanup());

async function serve(body: string, port = 0): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The connector, and the sockets it handed to undici. */
function recording(): { connect: buildConnector.connector; sockets: net.Socket[] } {
  const base = coalescingConnector(undefined);
  const sockets: net.Socket[] = [];
  const connect: buildConnector.connector = (opts, callback) => {
    base(opts, (...args) => {
      if (args[0] === null) sockets.push(args[1]);
      callback(...args);
    });
  };
  return { connect, sockets };
}

function client(origin: string, connect: buildConnector.connector): Client {
  const c = new Client(origin, { connect, pipelining: 8 });
  clients.push(c);
  return c;
}

async function get(c: Client): Promise<string> {
  const res = await c.request({ path: '/', method: 'GET' });
  return res.body.text();
}

describe('coalescingConnector', () => {
  it('connects as undici would, and keeps the connection for later requests', async () => {
    const { connect, sockets } = recording();
    const c = client(await serve('ok'), connect);
    expect(await get(c)).toBe('ok');
    expect(await get(c)).toBe('ok');
    expect(sockets).toHaveLength(1);
    expect(sockets[0]).toBeInstanceOf(net.Socket);
  });

  it('its sockets send what is written in one turn in one write, in order', async () => {
    const { connect, sockets } = recording();
    const c = client(await serve('ok'), connect);
    await get(c);
    const socket = sockets[0];
    if (socket === undefined) throw new Error('not connected');
    const writev = jest.spyOn(socket as unknown as { _writev: () => void }, '_writev');
    const write = jest.spyOn(socket as unknown as { _write: () => void }, '_write');
    const answers = Array.from({ length: 6 }, () => get(c));
    // on an idle connection undici writes from an immediate of its own: the six requests,
    // and nothing reaches the kernel before the end of that turn
    await nextTurn();
    expect([writev.mock.calls.length, write.mock.calls.length]).toEqual([0, 0]);
    expect(socket.writableCorked).toBe(1);
    await nextTurn();
    expect(writev.mock.calls.length + write.mock.calls.length).toBeLessThanOrEqual(2);
    expect(await Promise.all(answers)).toEqual(Array(6).fill('ok'));
  });

  it("passes a refused connection's error to undici; a later listener is reached", async () => {
    const port = await closedPort();
    const { connect, sockets } = recording();
    const c = client(`http://127.0.0.1:${port}`, connect);
    await expect(get(c)).rejects.toThrow();
    expect(sockets).toHaveLength(0);
    await serve('late', port);
    expect(await get(c)).toBe('late');
    expect(sockets).toHaveLength(1);
  });
});
