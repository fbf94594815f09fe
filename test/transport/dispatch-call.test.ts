import { getEventListeners, once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, errors } from 'undici';
import { dispatchCall, type CallAnswer } from '../../src/transport/dispatch-call';
import { closedPort, closing, loopbackResources } from '../helpers/loopback';

/** A node:http server on 127.0.0.1 that records the path of every request it sees. */
interface Served {
  readonly origin: string;
  /** `path body` of each request, in the order the server saw them. */
  readonly seen: string[];
  /** Resolves at the next request the server sees. */
  nextRequest(): Promise<http.IncomingMessage>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const loopback = loopbackResources();
const { servers, clients } = loopback;

async function serve(handler: Handler): Promise<Served> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push(`${req.url ?? ''} ${body}`.trim());
      server.emit('seen', req);
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    nextRequest: async () => {
      const [req] = (await once(server, 'seen')) as [http.IncomingMessage];
      return req;
    },
  };
}

function client(origin: string, options?: Client.Options): Client {
  const c = new Client(origin, options);
  clients.push(c);
  return c;
}

/** What a promise holds once the current turn of the event loop ends: its value, or 'pending'. */
async function afterThisTurn<T>(
  p: Promise<T>,
): Promise<{ value: T } | { error: unknown } | 'pending'> {
  return Promise.race([
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'pending'>((r) =>
      setImmediate(() => {
        r('pending');
      }),
    ),
  ]);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

afterEach(() => loopback.cleanup());

describe('dispatchCall: answers', () => {
  it('resolves 202 with an empty body as empty text, after sending the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(202, { 'content-length': '0' });
      res.end();
    });
    const answer = await dispatchCall(client(s.origin), {
      path: '/api/v1/scheduler',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"type":"REVIVE"}'),
    });
    expect(answer).toEqual<CallAnswer>({ statusCode: 202, location: undefined, text: '' });
    expect(s.seen).toEqual(['/api/v1/scheduler {"type":"REVIVE"}']);
  });

  it('gathers a body sent in several chunks, multi-byte characters split between them', async () => {
    const text = 'Framework é 🦀 cannot be found — ünknown';
    const bytes = Buffer.from(text, 'utf8');
    const e = bytes.indexOf(Buffer.from('é'));
    const crab = bytes.indexOf(Buffer.from('🦀'));
    // cut inside 'é' (2 bytes) and twice inside '🦀' (4 bytes)
    const cuts = [0, e + 1, crab + 1, crab + 3, bytes.length];
    const s = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }); // chunked
      const write = (i: number): void => {
        if (i === cuts.length - 1) {
          res.end();
          return;
        }
        res.write(bytes.subarray(cuts[i], cuts[i + 1]));
        setImmediate(() => {
          write(i + 1);
        });
      };
      write(0);
    });
    const answer = await dispatchCall(client(s.origin), { path: '/', method: 'POST', body: 'x' });
    expect(answer).toEqual<CallAnswer>({ statusCode: 400, location: undefined, text });
  });

  it("gives a redirect's Location (the first, when there are several)", async () => {
    const s = await serve((req, res) => {
      const location = req.url === '/two' ? ['//m2:5050/a', '//m3:5050/b'] : '//m2:5050/api';
      res.setHeader('location', location);
      res.writeHead(307, { 'content-length': '0' });
      res.end();
    });
    const c = client(s.origin);
    expect(await dispatchCall(c, { path: '/one', method: 'POST', body: 'x' })).toEqual<CallAnswer>({
      statusCode: 307,
      location: '//m2:5050/api',
      text: '',
    });
    expect((await dispatchCall(c, { path: '/two', method: 'POST', body: 'x' })).location).toBe(
      '//m2:5050/a',
    );
  });

  it('skips informational answers (102, 103) and keeps only the final one', async () => {
    const s = await serve((_req, res) => {
      res.writeProcessing();
      // the early hints carry a Location the final answer does not have
      res.writeEarlyHints({ link: '</x.css>; rel=preload', location: '/early' }, () => {
        setImmediate(() => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('final');
        });
      });
    });
    const answer = await dispatchCall(client(s.origin), { path: '/', method: 'POST', body: 'x' });
    expect(answer).toEqual<CallAnswer>({ statusCode: 200, location: undefined, text: 'final' });
  });
});

describe('dispatchCall: failures and timeouts', () => {
  it("rejects with undici's SocketError when the server destroys the socket", async () => {
    const s = await serve((req) => {
      req.socket.destroy();
    });
    const e = await rejection(
      dispatchCall(client(s.origin), { path: '/', method: 'POST', body: 'x' }),
    );
    expect(e).toBeInstanceOf(errors.SocketError);
    expect(e).toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it("rejects with undici's HeadersTimeoutError when the answer does not come", async () => {
    const s = await serve(() => undefined); // never answers
    const c = client(s.origin, { headersTimeout: 100 });
    const e = await rejection(dispatchCall(c, { path: '/', method: 'POST', body: 'x' }));
    expect(e).toBeInstanceOf(errors.HeadersTimeoutError);
    expect(e).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it("rejects with undici's BodyTimeoutError when the body stops half way", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(400, { 'content-length': '100' });
      res.write('only part of it');
    });
    const c = client(s.origin, { bodyTimeout: 100 });
    const e = await rejection(dispatchCall(c, { path: '/', method: 'POST', body: 'x' }));
    expect(e).toBeInstanceOf(errors.BodyTimeoutError);
  });
});

describe('dispatchCall: abort signal', () => {
  it('rejects at once with the reason of an already aborted signal, sending nothing', async () => {
    const s = await serve((req, res) => {
      res.end(req.url);
    });
    const c = client(s.origin);
    const reason = new Error('stopped before sending');
    const settled = await afterThisTurn(
      dispatchCall(c, { path: '/aborted', method: 'POST', body: 'x' }, AbortSignal.abort(reason)),
    );
    expect(settled).toEqual({ error: reason });
    if (settled === 'pending' || !('error' in settled)) throw new Error('not rejected');
    expect(settled.error).toBe(reason);
    // a reason that is no Error becomes an AbortError
    const other = await afterThisTurn(
      dispatchCall(c, { path: '/aborted', method: 'POST' }, AbortSignal.abort('no Error')),
    );
    expect(other).toEqual({ error: expect.objectContaining({ name: 'AbortError' }) });
    // the connection is clean: the next request is the first the server sees
    expect((await dispatchCall(c, { path: '/after', method: 'GET' })).text).toBe('/after');
    expect(s.seen).toEqual(['/after']);
  });

  it('aborts a request in flight with an AbortError, and forgets the signal', async () => {
    const s = await serve(() => undefined); // holds every request
    const c = client(s.origin);
    const ac = new AbortController();
    const arrived = s.nextRequest();
    const pending = dispatchCall(c, { path: '/held', method: 'POST', body: 'x' }, ac.signal);
    const req = await arrived;
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    const closed = closing(req.socket);
    ac.abort();
    // the signal's own DOMException, or (where that is no `Error` of this realm, as under jest)
    // an AbortError of dispatchCall's making
    expect(await rejection(pending)).toMatchObject({ name: 'AbortError' });
    await closed; // undici gave up the connection of the aborted request
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('removes its abort listener once answered: a later abort does nothing', async () => {
    const ports: number[] = [];
    const s = await serve((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.writeHead(req.url === '/bad' ? 400 : 202, { 'content-length': '0' });
      res.end();
    });
    const c = client(s.origin);
    const ac = new AbortController();
    // many calls on one signal (the driver's lifetime signal) leave no listener behind
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        dispatchCall(c, { path: i === 7 ? '/bad' : '/ok', method: 'POST', body: 'x' }, ac.signal),
      ),
    );
    expect(answers.map((a) => a.statusCode).filter((st) => st !== 202)).toEqual([400]);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    // and after a failure too
    const refused = client(`http://127.0.0.1:${await closedPort()}`);
    await rejection(dispatchCall(refused, { path: '/', method: 'POST', body: 'x' }, ac.signal));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    ac.abort();
    // the connection was left alone: the next call goes on the same one
    await dispatchCall(c, { path: '/ok', method: 'POST', body: 'x' });
    expect(new Set(ports).size).toBe(1);
  });

  it('aborts a request waiting in the queue when its turn comes, never sending it', async () => {
    let release: (() => void) | undefined;
    const s = await serve((req, res) => {
      if (req.url === '/blocked')
        release = () => {
          res.end('blocked done');
        };
      else res.end(req.url);
    });
    // pipelining 1: deeper, the connection would carry calls in flight, and undici's abort of
    // the queued one as it starts destroys the connection and sends those again on a new one
    const c = client(s.origin, { pipelining: 1 });
    const arrived = s.nextRequest();
    const blocked = dispatchCall(c, { path: '/blocked', method: 'POST', body: 'a' });
    await arrived;
    const ac = new AbortController();
    const queued = dispatchCall(c, { path: '/queued', method: 'POST', body: 'b' }, ac.signal);
    const queuedError = rejection(queued);
    ac.abort(new Error('not wanted any more'));
    release?.();
    expect((await blocked).text).toBe('blocked done');
    expect(await queuedError).toBe(ac.signal.reason);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    expect((await dispatchCall(c, { path: '/after', method: 'GET' })).text).toBe('/after');
    expect(s.seen).toEqual(['/blocked a', '/after']);
  });
});
