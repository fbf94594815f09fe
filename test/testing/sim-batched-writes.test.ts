/**
 * `batchWrites` (the simulated master's connections) on real TCP connections over loopback:
 * what is written in one turn leaves in one system call and in order, write callbacks come at
 * once, node:http answers a burst of pipelined requests in one write, `end` and `destroy` send
 * what is listed first, and backpressure is still reported.
 */
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import { batchWrites } from '../../src/testing/sim/batched-writes';
import {
  collect,
  connectCollecting,
  nextTurn,
  socketResources,
  tcpPair,
} from '../helpers/loopback';

/** Counts the socket's system-call-level writes (`_write` and `_writev`). */
function countWrites(socket: Socket): () => number {
  const s = socket as unknown as {
    _write: (...args: unknown[]) => void;
    _writev: (...args: unknown[]) => void;
  };
  const write = jest.spyOn(s, '_write');
  const writev = jest.spyOn(s, '_writev');
  return () => write.mock.calls.length + writev.mock.calls.length;
}

/** The bodies of the 202 answers in a run of raw HTTP answers, in order. */
function bodiesOf(text: string): string[] {
  return [...text.matchAll(/HTTP\/1\.1 202 Accepted\r\n[^]*?\r\n\r\n(\/r\d+)/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('batchWrites', () => {
  const { servers, sockets, cleanup } = socketResources();
  afterEach(cleanup);

  async function listen(server: Server): Promise<number> {
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }

  /** A pair over loopback: `batched` (the server's side, batching) writes, `peer` reads. */
  async function pair(): Promise<{ readonly batched: Socket; readonly peer: Socket }> {
    const { local, peer } = await tcpPair({ servers, sockets });
    batchWrites(peer);
    return { batched: peer, peer: local };
  }

  it('sends the writes of one turn in one write, in order, after the turn', async () => {
    const { batched, peer } = await pair();
    const received = collect(peer);
    const writes = countWrites(batched);
    const chunks = ['first|', Buffer.from('second|'), 'third|', new Uint8Array([0x34])];
    for (const chunk of chunks) expect(batched.write(chunk)).toBe(true);
    expect(writes()).toBe(0);
    await nextTurn();
    expect(writes()).toBe(1);
    expect(await received.until(20)).toBe('first|second|third|4');
    // the next turn is a batch of its own, after the first
    batched.write('a');
    batched.write('b', 'latin1');
    await nextTurn();
    expect(writes()).toBe(2);
    expect(await received.until(22)).toBe('first|second|third|4ab');
  });

  it('calls write callbacks on the next tick, before the bytes leave', async () => {
    const { batched } = await pair();
    const writes = countWrites(batched);
    const called: string[] = [];
    batched.write('x', () => called.push('x'));
    batched.write('y', 'latin1', () => called.push('y'));
    expect(called).toEqual([]);
    await new Promise((resolve) => {
      process.nextTick(resolve);
    });
    expect(called).toEqual(['x', 'y']);
    expect(writes()).toBe(0);
  });

  it('end() sends what is listed first, then ends the connection', async () => {
    const { batched, peer } = await pair();
    const received = collect(peer);
    const ended = once(peer, 'end');
    batched.write('a');
    batched.write('b');
    batched.end('c');
    await ended;
    expect(received.text()).toBe('abc');
  });

  it('destroy() sends what is listed first', async () => {
    const { batched, peer } = await pair();
    const received = collect(peer);
    const closed = once(peer, 'close');
    batched.write('last words');
    batched.destroy();
    await closed;
    expect(received.text()).toBe('last words');
  });

  it('a write after destroy fails as on any socket, through its callback', async () => {
    const { batched } = await pair();
    batched.destroy();
    const error = await new Promise<Error | null | undefined>((resolve) => {
      batched.write('late', resolve);
    });
    expect(error).toMatchObject({ code: 'ERR_STREAM_DESTROYED' });
  });

  it('returns false past the high-water mark, and drain follows', async () => {
    const { batched, peer } = await pair();
    const received = collect(peer);
    const half = Math.ceil(batched.writableHighWaterMark / 2);
    expect(batched.write(Buffer.alloc(half, 0x61))).toBe(true);
    expect(batched.write(Buffer.alloc(half, 0x62))).toBe(false);
    await once(batched, 'drain');
    await received.until(2 * half);
    expect(received.text()).toBe('a'.repeat(half) + 'b'.repeat(half));
  });

  it('counts the bytes still in the socket: false, then drain, even if they leave first', async () => {
    const { batched, peer } = await pair();
    const received = collect(peer);
    const half = Math.ceil(batched.writableHighWaterMark / 2);
    batched.cork(); // holds the first batch in the socket's own buffer after it is sent
    expect(batched.write(Buffer.alloc(half, 0x61))).toBe(true);
    await nextTurn();
    expect(batched.writableLength).toBe(half);
    const drained = once(batched, 'drain');
    expect(batched.write(Buffer.alloc(half, 0x62))).toBe(false);
    batched.uncork(); // the first half leaves: the second is alone under the mark when it is sent
    await drained;
    await received.until(2 * half);
    expect(received.text()).toBe('a'.repeat(half) + 'b'.repeat(half));
  });

  describe('under node:http', () => {
    /** A server answering each request with its path; `batch` says whether it batches. */
    async function server(batch: boolean): Promise<{ port: number; conn: Promise<Socket> }> {
      const srv = http.createServer((req, res) => {
        res.writeHead(202, { 'content-length': String(req.url?.length ?? 0) });
        res.end(req.url);
      });
      const conn = new Promise<Socket>((resolve) => {
        srv.on('connection', (socket: Socket) => {
          if (batch) batchWrites(socket);
          resolve(socket);
        });
      });
      return { port: await listen(srv), conn };
    }

    /** Sends `n` pipelined GETs in one write; resolves with the raw answers and the writes. */
    async function pipelined(batch: boolean, n: number): Promise<{ text: string; writes: number }> {
      const { port, conn } = await server(batch);
      const { socket: client, received } = await connectCollecting(port, sockets);
      const socket = await conn;
      const writes = countWrites(socket);
      const requests = Array.from(
        { length: n },
        (_, i) => `GET /r${i} HTTP/1.1\r\nHost: x\r\n\r\n`,
      );
      client.write(requests.join(''));
      const answers: string[] = [];
      for (let i = 0; i < n; i++) answers.push(`/r${i}`);
      const lastBody = answers[n - 1] ?? '';
      while (!received.text().endsWith(lastBody)) await received.until(received.text().length + 1);
      return { text: received.text(), writes: writes() };
    }

    it('answers a burst of pipelined requests in one write, in order', async () => {
      const { text, writes } = await pipelined(true, 10);
      expect(bodiesOf(text)).toEqual(Array.from({ length: 10 }, (_, i) => `/r${i}`));
      expect(writes).toBe(1);
    });

    it('(without it, node:http writes once per answer)', async () => {
      const { text, writes } = await pipelined(false, 10);
      expect(bodiesOf(text)).toHaveLength(10);
      expect(writes).toBe(10);
    });

    /** Sends raw bytes to a batching server; what came back once the connection `ends`. */
    async function exchange(request: string, ends: 'close' | 'end'): Promise<string> {
      const { port } = await server(true);
      const { socket, received } = await connectCollecting(port, sockets);
      const ended = once(socket, ends);
      socket.write(request);
      await ended;
      return received.text();
    }

    it('still sends node:http 400 to a malformed request before closing', async () => {
      expect(await exchange('NOT HTTP AT ALL\r\n\r\n', 'close')).toMatch(
        /^HTTP\/1\.1 400 Bad Request\r\n/,
      );
    });

    it('closes after the answer to a request that asks for it', async () => {
      const request = 'GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
      expect(await exchange(request, 'end')).toMatch(
        /^HTTP\/1\.1 202 Accepted\r\n[\s\S]*\r\n\r\n\/bye$/,
      );
    });
  });
});
