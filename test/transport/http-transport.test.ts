import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { isLeft, isRight, type Either } from 'fp-ts/Either';
import { SimulatedMaster } from '../../src/testing';
import { basicAuth, createHttpTransport, type TransportError } from '../../src/transport';
import {
  decodeEvent,
  encodeCall,
  RecordIODecoder,
  type Call,
  type ContentType,
  type Event,
} from '../../src/wire';
import { closedPort } from '../helpers/loopback';
import { subscribeCall } from '../helpers/raw-client';

function body(call: Call, ct: ContentType): Uint8Array {
  const r = encodeCall(call, ct);
  if (isLeft(r)) throw r.left;
  return r.right;
}

function err<A>(r: Either<TransportError, A>): TransportError {
  if (isRight(r)) throw new Error('expected a TransportError');
  return r.left;
}

/** Reads up to the first event without ending the stream (leaving a for-await loop would close it). */
async function firstEvent(stream: AsyncIterable<Uint8Array>, ct: ContentType): Promise<Event> {
  const decoder = new RecordIODecoder();
  const it = stream[Symbol.asyncIterator]();
  for (let step = await it.next(); step.done !== true; step = await it.next()) {
    const records = decoder.push(step.value);
    if (isLeft(records)) throw records.left;
    const first = records.right[0];
    if (first !== undefined) {
      const ev = decodeEvent(first, ct);
      if (isLeft(ev)) throw ev.left;
      return ev.right;
    }
  }
  throw new Error('stream ended');
}

describe.each<ContentType>(['application/json', 'application/x-protobuf'])(
  'http transport (%s)',
  (ct) => {
    let master: SimulatedMaster;
    beforeEach(async () => {
      master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 60 });
    });
    afterEach(async () => {
      await master.stop();
    });

    it('subscribes on its own connection and sends calls with the stream id', async () => {
      const t = createHttpTransport(master.url, { contentType: ct });
      const sub = await t.subscribe(body(subscribeCall('transport'), ct));
      if (isLeft(sub)) throw sub.left;
      expect(sub.right.contentType).toBe(ct);
      const ev = await firstEvent(sub.right.body, ct);
      if (ev.type !== 'SUBSCRIBED') throw new Error(ev.type);
      const id = ev.subscribed.framework_id;
      const revive = await t.call(
        body({ type: 'REVIVE', framework_id: id }, ct),
        sub.right.streamId,
      );
      expect(isRight(revive) ? revive.right.status : revive.left.message).toBe(202);
      const stale = err(
        await t.call(body({ type: 'REVIVE', framework_id: id }, ct), 'not-the-stream-id'),
      );
      expect([stale.code, stale.status, stale.retryable]).toEqual(['REJECTED', 400, false]);
      expect(stale.body).toContain("didn't match the stream ID");
      await t.close();
    });

    it('turns 307 into NOT_LEADER naming the leader, with the scheme of the request', async () => {
      const standby = await SimulatedMaster.start();
      standby.stepDown({ host: '127.0.0.1', port: master.port });
      const t = createHttpTransport(standby.url, { contentType: ct });
      const e = err(await t.subscribe(body(subscribeCall('x'), ct)));
      expect([e.code, e.status, e.retryable, e.leaderUrl]).toEqual([
        'NOT_LEADER',
        307,
        true,
        master.url,
      ]);
      await t.close();
      await standby.stop();
    });

    it('turns 503 into UNAVAILABLE and 429 into RATE_LIMITED, both retryable', async () => {
      master.failNextCalls(1, 503);
      master.failNextCalls(1, 429);
      const t = createHttpTransport(master.url, { contentType: ct });
      const a = err(await t.subscribe(body(subscribeCall('x'), ct)));
      const b = err(await t.subscribe(body(subscribeCall('x'), ct)));
      expect([a.code, a.retryable, b.code, b.retryable]).toEqual([
        'UNAVAILABLE',
        true,
        'RATE_LIMITED',
        true,
      ]);
      await t.close();
    });

    it("reports a call for an unknown framework as REJECTED with the master's text", async () => {
      const t = createHttpTransport(master.url, { contentType: ct });
      const e = err(
        await t.call(body({ type: 'TEARDOWN', framework_id: { value: 'nobody' } }, ct), 's'),
      );
      expect([e.code, e.body]).toEqual(['REJECTED', 'Framework cannot be found']);
      await t.close();
    });
  },
);

describe('http transport: credentials, failures and order', () => {
  it('sends Basic credentials through the decorator and never shows the secret', async () => {
    const master = await SimulatedMaster.start({
      credentials: { principal: 'svc', secret: 's3cret-value' },
    });
    const ct = 'application/json';
    const without = createHttpTransport(master.url, { contentType: ct });
    const e = err(await without.subscribe(body(subscribeCall('x'), ct)));
    expect([e.code, e.retryable]).toEqual(['UNAUTHORIZED', false]);
    const wrong = createHttpTransport(master.url.replace('http://', 'http://svc:s3cret-value@'), {
      contentType: ct,
      decorators: [basicAuth('svc', 'wrong-s3cret-value')],
    });
    const w = err(await wrong.subscribe(body(subscribeCall('x'), ct)));
    expect(JSON.stringify({ m: w.message, u: w.url, b: w.body })).not.toMatch(/s3cret/);
    const withAuth = createHttpTransport(master.url, {
      contentType: ct,
      decorators: [basicAuth('svc', 's3cret-value')],
    });
    const ok = await withAuth.subscribe(body(subscribeCall('x'), ct));
    expect(isRight(ok)).toBe(true);
    await Promise.all([without.close(), wrong.close(), withAuth.close()]);
    await master.stop();
  });

  it('reports a refused connection as CONNECTION (retryable)', async () => {
    const port = await closedPort();
    const t = createHttpTransport(`http://127.0.0.1:${port}`, { contentType: 'application/json' });
    const e = err(await t.call(new Uint8Array(), 's'));
    expect([e.code, e.retryable]).toEqual(['CONNECTION', true]);
    await t.close();
  });

  it('times out a call without answer, and aborts through a signal', async () => {
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t = createHttpTransport(url, { contentType: 'application/json', callTimeoutMs: 200 });
    const timeout = err(await t.call(new Uint8Array([1]), 's'));
    expect([timeout.code, timeout.retryable, timeout.message]).toEqual([
      'TIMEOUT',
      true,
      expect.any(String),
    ]);
    const ac = new AbortController();
    const pending = t.subscribe(new Uint8Array([1]), ac.signal);
    ac.abort();
    const aborted = err(await pending);
    expect([aborted.code, aborted.retryable, aborted.message]).toEqual([
      'ABORTED',
      false,
      expect.any(String),
    ]);
    await t.close();
    server.closeAllConnections();
    await new Promise<void>((r) =>
      server.close(() => {
        r();
      }),
    );
  });

  it('pipelines calls: the second goes out before the first is answered', async () => {
    // a server that answers only once two requests have arrived: a client that waits for each
    // answer before sending the next times out here
    let received = '';
    const server = net.createServer((socket) => {
      socket.on('data', (d: Buffer) => {
        received += d.toString('latin1');
        if (received.split('POST ').length - 1 === 2) {
          socket.write('HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n'.repeat(2));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t = createHttpTransport(url, { contentType: 'application/json', callTimeoutMs: 2000 });
    const answers = await Promise.all([
      t.call(Buffer.from('a'), 's'),
      t.call(Buffer.from('b'), 's'),
    ]);
    expect(answers.map((a) => (isRight(a) ? a.right.status : a.left.code))).toEqual([202, 202]);
    await t.destroy();
    await new Promise<void>((r) =>
      server.close(() => {
        r();
      }),
    );
  });

  it('keeps calls in order on one pipelined connection', async () => {
    const seen: string[] = [];
    const sockets = new Set<unknown>();
    const server = http.createServer((req, res) => {
      sockets.add(req.socket);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push(Buffer.concat(chunks).toString());
        res.writeHead(202, { 'content-length': '0' });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t = createHttpTransport(url, { contentType: 'application/json', pipelining: 8 });
    const sent = Array.from({ length: 60 }, (_, i) => `call-${i}`);
    const answers = await Promise.all(sent.map((s) => t.call(Buffer.from(s), 'stream')));
    expect(answers.every(isRight)).toBe(true);
    expect(seen).toEqual(sent);
    expect(sockets.size).toBe(1);
    await t.close();
    await new Promise<void>((r) =>
      server.close(() => {
        r();
      }),
    );
  });
});
