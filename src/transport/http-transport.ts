/**
 * The HTTP transport to one master: a dedicated connection for the SUBSCRIBE stream and a
 * separate pipelined keep-alive connection for every other call, so calls keep their order
 * at the master without waiting a round trip each.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import { Client, type buildConnector, type Dispatcher } from 'undici';
import { isContentType, type ContentType } from '../wire';
import { failureError, statusError } from './classify-response';
import { dispatchCall } from './dispatch-call';
import { applyDecorators, type HttpSettings, type TransportDecorator } from './http-settings';
import { redactUrl } from './redact';
import { coalescingConnector } from './coalescing-connector';
import type { TransportError } from './transport-error';

/**
 * How many calls may be in flight on the call connection by default (HTTP/1.1 pipelining: the
 * master answers them in order). A burst of acknowledgements goes out 32 at a time instead of
 * waiting for each answer; after a broken connection the calls in flight are sent again.
 *
 * @example
 * ```ts
 * createHttpTransport('http://m1:5050', { contentType, pipelining: CALL_PIPELINING * 2 });
 * ```
 */
export const CALL_PIPELINING = 32;

/**
 * Options of {@link createHttpTransport}: the encoding, the call timeout, how many calls may
 * be in flight at once, and the decorators (credentials, TLS).
 *
 * @example
 * ```ts
 * const options: HttpTransportOptions = {
 *   contentType: 'application/json',
 *   callTimeoutMs: 10_000,
 *   decorators: [basicAuth('svc', secret)],
 * };
 * const t = createHttpTransport('http://m1:5050', options);
 * ```
 */
export interface HttpTransportOptions {
  /** The encoding of calls and of the event stream. */
  readonly contentType: ContentType;
  /** Milliseconds before a call without answer fails with TIMEOUT. Default 75 000. */
  readonly callTimeoutMs?: number;
  /** How many calls may be in flight on the call connection at once. Default {@link CALL_PIPELINING}. */
  readonly pipelining?: number;
  /** Credentials, TLS and other decorators. */
  readonly decorators?: readonly TransportDecorator[];
}

/**
 * An open subscription: its stream id (every later call must carry it) and the event
 * stream's bytes, RecordIO frames in the subscription's encoding.
 *
 * @example
 * ```ts
 * const opened = await t.subscribe(subscribeBody);
 * if (isRight(opened)) {
 *   const sub: SubscriptionResponse = opened.right;
 *   for await (const chunk of sub.body) console.log(`${chunk.length} bytes of ${sub.streamId}`);
 * }
 * ```
 * Spec: docs/protocol.md §1.2, §1.3, §2.3.
 */
export interface SubscriptionResponse {
  readonly streamId: string;
  readonly contentType: ContentType;
  /** The RecordIO bytes of the stream, as they arrive. Ends when the master closes it. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Closes the subscription connection. */
  close(): void;
}

/**
 * A call's successful answer: 202 Accepted, or 200 for UPDATE_FRAMEWORK. Every other status
 * is a {@link TransportError}.
 *
 * @example
 * ```ts
 * const answer = await t.call(declineBody, streamId);
 * if (isRight(answer)) {
 *   const ok: CallResponse = answer.right;
 *   console.log(ok.status); // 202
 * }
 * ```
 * Spec: docs/protocol.md §1.4.
 */
export interface CallResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * The transport to one master.
 *
 * @example
 * ```ts
 * const t = createHttpTransport('http://127.0.0.1:5050', { contentType: 'application/json' });
 * const sub = await t.subscribe(subscribeBody);
 * ```
 */
export interface MasterTransport {
  /** `http(s)://host:port` of the master. */
  readonly baseUrl: string;
  /** Sends SUBSCRIBE on the dedicated stream connection. */
  subscribe(
    body: Uint8Array,
    signal?: AbortSignal,
  ): Promise<Either<TransportError, SubscriptionResponse>>;
  /** Sends any other call, with the subscription's stream id. */
  call(
    body: Uint8Array,
    streamId: string,
    signal?: AbortSignal,
  ): Promise<Either<TransportError, CallResponse>>;
  /** Closes both connections once the calls in flight have their answers. */
  close(): Promise<void>;
  /** Closes both connections at once; calls in flight fail with CONNECTION. */
  destroy(): Promise<void>;
}

const SCHEDULER_PATH = 'api/v1/scheduler';

function endpointOf(baseUrl: string): URL {
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(SCHEDULER_PATH, base);
}

function connectOptions(settings: HttpSettings): buildConnector.BuildOptions | undefined {
  const t = settings.tls;
  if (t === undefined) return undefined;
  return {
    ...(t.ca === undefined ? {} : { ca: t.ca as string | Buffer | (string | Buffer)[] }),
    ...(t.cert === undefined ? {} : { cert: t.cert }),
    ...(t.key === undefined ? {} : { key: t.key }),
    ...(t.servername === undefined ? {} : { servername: t.servername }),
    rejectUnauthorized: t.rejectUnauthorized ?? true,
  };
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Creates the transport to the master at `baseUrl` (`http://host:port`, or with a path
 * prefix such as `https://host/mesos`). Requests go to `<base>/api/v1/scheduler` with the
 * exact `Content-Type`, `Accept` equal to it, and `Mesos-Stream-Id` on every call but
 * SUBSCRIBE. Redirects are not followed: a 307 becomes a `NOT_LEADER` error naming the
 * leader, so that the caller can move every later request there too.
 *
 * @example
 * ```ts
 * const t = createHttpTransport('https://m1:5050', {
 *   contentType: 'application/x-protobuf',
 *   decorators: [basicAuth('svc', secret), tls({ ca })],
 * });
 * ```
 * Spec: docs/protocol.md §1.2, §1.3.
 */
export function createHttpTransport(
  baseUrl: string,
  options: HttpTransportOptions,
): MasterTransport {
  const settings = applyDecorators(options.decorators ?? []);
  const endpoint = endpointOf(baseUrl);
  const shownUrl = redactUrl(endpoint);
  const callTimeoutMs = options.callTimeoutMs ?? 75_000;
  const connect = connectOptions(settings);
  const origin = endpoint.origin;
  const path = `${endpoint.pathname}${endpoint.search}`;
  const headers = {
    ...settings.headers,
    'content-type': options.contentType,
    accept: options.contentType,
  };
  const callClient = new Client(origin, {
    pipelining: options.pipelining ?? CALL_PIPELINING,
    headersTimeout: callTimeoutMs,
    bodyTimeout: callTimeoutMs,
    keepAliveTimeout: 30_000,
    connect: coalescingConnector(connect),
  });
  const streamClients = new Set<Client>();

  const subscribe = async (
    body: Uint8Array,
    signal?: AbortSignal,
  ): Promise<Either<TransportError, SubscriptionResponse>> => {
    // one connection for the stream alone: nothing may queue behind it
    const client = new Client(origin, {
      pipelining: 1,
      headersTimeout: callTimeoutMs,
      bodyTimeout: 0, // the driver's heartbeat watchdog decides when a silent stream is dead
      ...(connect === undefined ? {} : { connect }),
    });
    streamClients.add(client);
    const release = (): void => {
      streamClients.delete(client);
      client.destroy().catch(() => undefined);
    };
    try {
      const res = await client.request({
        origin,
        path,
        method: 'POST',
        headers,
        body,
        ...(signal === undefined ? {} : { signal }),
      });
      if (res.statusCode !== 200) {
        const text = await res.body.text().catch(() => '');
        release();
        return left(
          statusError(
            res.statusCode,
            text,
            header(res.headers, 'location'),
            shownUrl,
            true,
            settings.secrets,
          ),
        );
      }
      const streamId = header(res.headers, 'mesos-stream-id');
      const type = header(res.headers, 'content-type') ?? options.contentType;
      if (streamId === undefined || !isContentType(type)) {
        res.body.destroy();
        release();
        return left(
          statusError(
            200,
            `bad subscription answer: stream id ${streamId ?? 'missing'}, content type ${type}`,
            undefined,
            shownUrl,
            true,
          ),
        );
      }
      return right({ streamId, contentType: type, body: res.body, close: release });
    } catch (e) {
      release();
      return left(failureError(e, shownUrl, settings.secrets, signal));
    }
  };

  /** The headers of calls on the current stream id (they change only with the stream). */
  let callHeaders:
    { readonly streamId: string; readonly headers: Record<string, string> } | undefined;
  const call = async (
    body: Uint8Array,
    streamId: string,
    signal?: AbortSignal,
  ): Promise<Either<TransportError, CallResponse>> => {
    if (callHeaders?.streamId !== streamId)
      callHeaders = { streamId, headers: { ...headers, 'mesos-stream-id': streamId } };
    try {
      const res = await dispatchCall(
        callClient,
        {
          origin,
          path,
          method: 'POST',
          // undici sends a POST only after the answer to the one before it, unless told that
          // it may pipeline: calls then go out back to back on the one connection, in order
          idempotent: true,
          blocking: false,
          headers: callHeaders.headers,
          body,
        },
        signal,
      );
      if (res.statusCode === 202 || res.statusCode === 200)
        return right({ status: res.statusCode, body: res.text });
      return left(
        statusError(res.statusCode, res.text, res.location, shownUrl, false, settings.secrets),
      );
    } catch (e) {
      return left(failureError(e, shownUrl, settings.secrets, signal));
    }
  };

  const destroy = async (): Promise<void> => {
    const all = [callClient, ...streamClients];
    streamClients.clear();
    await Promise.all(all.map((c) => c.destroy().catch(() => undefined)));
  };

  const close = async (): Promise<void> => {
    const streams = [...streamClients];
    streamClients.clear();
    await Promise.all([
      callClient.close().catch(() => undefined),
      ...streams.map((c) => c.destroy().catch(() => undefined)),
    ]);
  };

  return { baseUrl: origin, subscribe, call, close, destroy };
}
