/**
 * A plain scheduler API client for tests of the simulated master: undici requests and a
 * RecordIO reader, nothing of the rxmesos driver.
 */
import { Client, request } from 'undici';
import {
  decodeEvent,
  encodeCall,
  RecordIODecoder,
  type Call,
  type ContentType,
  type Event,
} from '../../src/wire';

/** A plain HTTP answer. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/** Options of a raw request. */
export interface RawOptions {
  readonly contentType?: string;
  readonly accept?: string;
  readonly streamId?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly path?: string;
  /** `subscribe` only: send no `Accept` header at all (by default it sends the content type). */
  readonly omitAccept?: boolean;
}

function bodyOf(call: Call | Uint8Array | string, contentType: string): Uint8Array | string {
  if (typeof call === 'string' || call instanceof Uint8Array) return call;
  const ct: ContentType =
    contentType === 'application/x-protobuf' ? 'application/x-protobuf' : 'application/json';
  const r = encodeCall(call, ct);
  if (r._tag === 'Left') throw r.left;
  return r.right;
}

/**
 * POSTs one call (or raw bytes/text) to `${url}/api/v1/scheduler` and reads the whole answer.
 *
 * @example
 * ```ts
 * const a = await post(master.url, { type: 'TEARDOWN', framework_id: { value: id } }, { streamId });
 * expect(a.status).toBe(202);
 * ```
 */
export async function post(
  url: string,
  call: Call | Uint8Array | string,
  options: RawOptions = {},
): Promise<RawAnswer> {
  const contentType = options.contentType ?? 'application/json';
  const headers: Record<string, string> = { ...options.headers };
  if (contentType !== '') headers['content-type'] = contentType;
  if (options.accept !== undefined) headers.accept = options.accept;
  if (options.streamId !== undefined) headers['mesos-stream-id'] = options.streamId;
  const res = await request(`${url}${options.path ?? '/api/v1/scheduler'}`, {
    method: (options.method ?? 'POST') as 'POST',
    headers,
    body: options.method === 'GET' ? undefined : bodyOf(call, contentType),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** An open subscription: its answer, and its events as they arrive. */
export interface RawSubscription {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly streamId: string | undefined;
  readonly contentType: string;
  /** Every event received so far, in order. */
  readonly events: readonly Event[];
  /** Resolves with the next event (after those already taken) matching `match`. */
  next(match?: (e: Event) => boolean, timeoutMs?: number): Promise<Event>;
  /** Resolves when the stream has ended (the master closed it); the reason, if any. */
  readonly ended: Promise<string>;
  /** The raw bytes received (for framing checks). */
  readonly bytes: () => Buffer;
  close(): Promise<void>;
}

/**
 * Subscribes over a dedicated connection and decodes the stream as it arrives.
 *
 * @example
 * ```ts
 * const s = await subscribe(master.url, { type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'u', name: 'n' } } });
 * const ev = await s.next((e) => e.type === 'SUBSCRIBED');
 * ```
 */
export async function subscribe(
  url: string,
  call: Call | Uint8Array | string,
  options: RawOptions = {},
): Promise<RawSubscription> {
  const contentType = options.contentType ?? 'application/json';
  const client = new Client(url, { pipelining: 1, bodyTimeout: 0, headersTimeout: 10_000 });
  const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
  if (options.omitAccept !== true) headers.accept = options.accept ?? contentType;
  if (options.streamId !== undefined) headers['mesos-stream-id'] = options.streamId;
  const res = await client.request({
    path: options.path ?? '/api/v1/scheduler',
    method: 'POST',
    headers,
    body: bodyOf(call, contentType),
  });
  const events: Event[] = [];
  const chunks: Buffer[] = [];
  let taken = 0;
  let waiters: (() => void)[] = [];
  const wake = (): void => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const streamType = String(res.headers['content-type'] ?? contentType);
  let done = false;
  const ended = (async (): Promise<string> => {
    if (res.statusCode !== 200) {
      await res.body.text().catch(() => '');
      return `status ${res.statusCode}`;
    }
    const decoder = new RecordIODecoder();
    try {
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        chunks.push(buf);
        const r = decoder.pushEach(buf, (record) => {
          const ev = decodeEvent(record, streamType);
          if (ev._tag === 'Left') throw ev.left;
          events.push(ev.right);
        });
        wake();
        if (r._tag === 'Left') return `framing: ${r.left.message}`;
      }
      const end = decoder.end();
      return end._tag === 'Left' ? `framing: ${end.left.message}` : 'end';
    } catch (e) {
      return `error: ${(e as Error).message}`;
    } finally {
      done = true;
      wake();
    }
  })();
  const next = async (
    match: (e: Event) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Event> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (taken < events.length) {
        const ev = events[taken++];
        if (ev !== undefined && match(ev)) return ev;
      }
      if (done)
        throw new Error(
          `stream ended without a matching event; got ${events.map((e) => e.type).join(', ')}`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for an event; got ${events.map((e) => e.type).join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  const streamIdHeader = res.headers['mesos-stream-id'];
  return {
    status: res.statusCode,
    headers: res.headers,
    streamId: typeof streamIdHeader === 'string' ? streamIdHeader : undefined,
    contentType: streamType,
    events,
    next,
    ended,
    bytes: () => Buffer.concat(chunks),
    close: async () => {
      await client.destroy().catch(() => undefined);
      await ended;
    },
  };
}

/** A SUBSCRIBE call for a framework named `name`, with optional extra FrameworkInfo fields. */
export function subscribeCall(
  name = 'test',
  extra: Partial<Extract<Call, { type: 'SUBSCRIBE' }>['subscribe']['framework_info']> = {},
  frameworkId?: string,
): Extract<Call, { type: 'SUBSCRIBE' }> {
  return {
    type: 'SUBSCRIBE',
    ...(frameworkId === undefined ? {} : { framework_id: { value: frameworkId } }),
    subscribe: {
      framework_info: {
        user: 'tester',
        name,
        ...extra,
        ...(frameworkId === undefined ? {} : { id: { value: frameworkId } }),
      },
    },
  };
}
