import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { isRight } from 'fp-ts/Either';
import { createHttpTransport, type MasterTransport } from '../../src/transport';

/**
 * A raw TCP server speaking just enough HTTP/1.1: it records, per connection, how many reads
 * ('data' events) it took and the request bodies in order, and answers 202 to every request
 * once `answerWhen` holds for the bodies of the connection (all answers in one write).
 */
interface Master {
  readonly url: string;
  readonly port: number;
  readonly connections: { reads: number; readonly bodies: string[] }[];
  /** Resolves once a connection has received `count` bodies in all. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

async function rawMaster(answerWhen: (bodies: readonly string[]) => boolean): Promise<Master> {
  const connections: Master['connections'] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const conn = { reads: 0, bodies: [] as string[] };
    connections.push(conn);
    let buffered = Buffer.alloc(0);
    let answered = 0;
    socket.on('data', (d: Buffer) => {
      conn.reads++;
      buffered = Buffer.concat([buffered, d]);
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? '0');
        if (buffered.length < end + 4 + length) break;
        conn.bodies.push(buffered.subarray(end + 4, end + 4 + length).toString());
        buffered = buffered.subarray(end + 4 + length);
      }
      if (answered < conn.bodies.length && answerWhen(conn.bodies)) {
        socket.write(
          'HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n'.repeat(
            conn.bodies.length - answered,
          ),
        );
        answered = conn.bodies.length;
      }
      for (const w of waiting.filter((x) => conn.bodies.length >= x.count)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    received: (count) =>
      new Promise((resolve) => {
        if (connections.some((c) => c.bodies.length >= count)) resolve();
        else waiting.push({ count, resolve });
      }),
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          r();
        });
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** A master and a transport to it, both closed after the test. */
async function setUp(
  answerWhen: (bodies: readonly string[]) => boolean,
  pipelining = 64,
): Promise<[Master, MasterTransport]> {
  const master = await rawMaster(answerWhen);
  // by default deep enough for the whole burst (with CALL_PIPELINING the rest would wait answers)
  const t = createHttpTransport(master.url, { contentType: 'application/json', pipelining });
  cleanups.push(
    () => t.destroy(),
    () => master.close(),
  );
  return [master, t];
}

/**
 * Counts the writes the client makes to `port` while `during` runs: every `_write` or `_writev`
 * of a socket is one write to the kernel (one TCP segment at least, with Nagle off as undici
 * sets it). The server cannot tell them apart here: it runs on the same event loop, so it
 * reads only after the client's turn, all the writes of that turn at once.
 */
async function clientWrites<T>(port: number, during: () => Promise<T>): Promise<[number, T]> {
  const write = jest.spyOn(net.Socket.prototype, '_write');
  const writev = jest.spyOn(net.Socket.prototype, '_writev');
  try {
    const result = await during();
    const toPort = [...write.mock.contexts, ...writev.mock.contexts].filter(
      (s) => s.remotePort === port,
    );
    return [toPort.length, result];
  } finally {
    write.mockRestore();
    writev.mockRestore();
  }
}

const calls = Array.from({ length: 50 }, (_, i) => `{"type":"DECLINE","n":${i}}`);

/** Sends the 50 calls in one turn of the event loop; resolves their answers' statuses. */
async function burst(t: MasterTransport): Promise<(number | string)[]> {
  const answers = await Promise.all(calls.map((c) => t.call(Buffer.from(c), 'stream-1')));
  return answers.map((a) => (isRight(a) ? a.right.status : a.left.code));
}

describe('http transport: the calls of one turn leave in one write', () => {
  it('while a call is in flight, 50 calls go out in one write, in order, on one connection', async () => {
    // the master answers nothing until the burst is there: the first call stays in flight
    const [master, t] = await setUp((bodies) => bodies.length > calls.length);
    const first = t.call(Buffer.from('{"type":"REVIVE"}'), 'stream-1');
    await master.received(1);
    const readsBefore = master.connections[0]?.reads ?? 0;
    const [writes, statuses] = await clientWrites(master.port, () => burst(t));
    expect(statuses).toEqual(calls.map(() => 202));
    expect(isRight(await first)).toBe(true);
    expect(master.connections).toHaveLength(1);
    expect(master.connections[0]?.bodies).toEqual(['{"type":"REVIVE"}', ...calls]);
    expect(writes).toBe(1);
    expect((master.connections[0]?.reads ?? 0) - readsBefore).toBeLessThanOrEqual(2);
  });

  // On an idle keep-alive connection undici 7 defers the next write to a setImmediate of its
  // own (its idle-socket check): the socket corks at that first write, so the calls written
  // in the same callback still leave together.
  it('on an idle connection too, 50 calls go out in one write', async () => {
    const [master, t] = await setUp(() => true);
    const warm = await t.call(Buffer.from('{"type":"REVIVE"}'), 'stream-1');
    expect(isRight(warm)).toBe(true);
    const [writes, statuses] = await clientWrites(master.port, () => burst(t));
    expect(statuses).toEqual(calls.map(() => 202));
    expect(master.connections[0]?.bodies).toEqual(['{"type":"REVIVE"}', ...calls]);
    expect(writes).toBeLessThanOrEqual(2);
  });

  // With a full window, undici writes a queued call as soon as an answer frees its place: when
  // the master answers several calls at once, the calls that follow leave together too (one
  // write per window here; without coalescing, one write per call: about 50).
  it('calls waiting for a place in the window leave together when answers arrive together', async () => {
    const window = 5;
    const [master, t] = await setUp(() => true, window);
    const warm = await t.call(Buffer.from('{"type":"REVIVE"}'), 'stream-1');
    expect(isRight(warm)).toBe(true);
    const [writes, statuses] = await clientWrites(master.port, () => burst(t));
    expect(statuses).toEqual(calls.map(() => 202));
    expect(master.connections).toHaveLength(1);
    expect(master.connections[0]?.bodies).toEqual(['{"type":"REVIVE"}', ...calls]);
    expect(writes).toBeLessThanOrEqual(Math.ceil(calls.length / window) + 2);
  });
});
