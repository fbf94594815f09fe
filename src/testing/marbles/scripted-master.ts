/**
 * A master that follows a script, in virtual time: the transport the driver's `connect`
 * option takes.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import {
  TransportError,
  type CallResponse,
  type HttpTransportOptions,
  type MasterTransport,
  type SubscriptionResponse,
} from '../../transport';
import {
  decodeCall,
  encodeEvent,
  encodeRecords,
  JSON_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
  type Call,
  type ContentType,
  type Event,
} from '../../wire';
import { httpError } from './http-error';
import { parseMarbleSteps } from './marble-syntax';
import { ScriptedStream, type StreamStep } from './scripted-stream';

/**
 * What one subscription stream sends: event marbles from the moment SUBSCRIBE is answered
 * (one frame per millisecond; the events of one frame go in one chunk; `|` the master closes
 * the stream, `#` the connection breaks; without either it stays open).
 *
 * @example
 * ```ts
 * const script: StreamScript = { events: '(sh) 14999ms h', values: { s: subscribed(), h: heartbeat() } };
 * ```
 * Spec: docs/protocol.md §2.3, §3.
 */
export interface StreamScript {
  readonly events: string;
  readonly values?: Readonly<Record<string, Event>>;
}

/**
 * How the master answers one SUBSCRIBE: with a stream, or with an error (`httpError(503)` …).
 *
 * @example
 * ```ts
 * const answers: readonly SubscribeAnswer[] = [httpError(503), { events: 's', values: { s: subscribed() } }];
 * ```
 */
export type SubscribeAnswer = StreamScript | TransportError;

/**
 * How the master answers any other call: a status (202 by default, 200 for
 * UPDATE_FRAMEWORK) after `afterMs` of virtual time (0 by default), or an error.
 *
 * @example
 * ```ts
 * const slow: CallAnswer = { afterMs: 250 };
 * const refused: CallAnswer = httpError(403, { body: 'Framework is not subscribed' });
 * ```
 */
export type CallAnswer = TransportError | { readonly status?: number; readonly afterMs?: number };

/**
 * A call the master received: when, at which master, the call itself, and the stream id it
 * came with (for SUBSCRIBE, the id of the stream it opened, if it opened one).
 *
 * @example
 * ```ts
 * const types = master.calls.map((c: ScriptedCall) => `${c.frame} ${c.call.type}`); // ['0 SUBSCRIBE', '0 RECONCILE']
 * ```
 */
export interface ScriptedCall {
  readonly frame: number;
  readonly master: string;
  readonly call: Call;
  readonly streamId: string | undefined;
}

/**
 * Options of {@link ScriptedMaster}.
 *
 * @example
 * ```ts
 * const options: ScriptedMasterOptions = {
 *   scheduler: clock.scheduler,
 *   subscriptions: [{ events: 's', values: { s: subscribed() } }],
 *   answer: (call) => (call.type === 'ACCEPT' ? { afterMs: 100 } : undefined),
 * };
 * ```
 */
export interface ScriptedMasterOptions {
  /** The virtual time it runs on (`VirtualClock.scheduler`), the driver's too. */
  readonly scheduler: SchedulerLike;
  /** The answers to the SUBSCRIBE calls, in order; later ones get no answer. */
  readonly subscriptions: readonly SubscribeAnswer[];
  /** The answer to every other call; `undefined` for the default (accepted at once). */
  readonly answer?: (call: Call) => CallAnswer | undefined;
}

const CONTENT_TYPES: readonly ContentType[] = [JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE];

/**
 * A SUBSCRIBE beyond the script: the master never answers it (so a driver that retries at
 * once cannot spin), until the request is aborted.
 */
function unanswered<T>(master: string, signal?: AbortSignal): Promise<Either<TransportError, T>> {
  return new Promise((resolve) => {
    const aborted = (): void => {
      resolve(left(new TransportError('ABORTED', 'request aborted', { url: master })));
    };
    if (signal?.aborted === true) aborted();
    else signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** The RecordIO steps of a stream script in one content type; throws on a bad script. */
function streamSteps(script: StreamScript, contentType: ContentType): StreamStep[] {
  const chunks: ({ readonly frame: number; readonly records: Uint8Array[] } | StreamStep)[] = [];
  for (const step of parseMarbleSteps(script.events)) {
    if (step.kind !== 'value') {
      chunks.push({ frame: step.frame, end: step.kind === 'complete' ? 'closed' : 'broken' });
      continue;
    }
    const event = script.values?.[step.key];
    if (event === undefined)
      throw new SyntaxError(`no event for '${step.key}' in '${script.events}'`);
    const bytes = encodeEvent(event, contentType);
    if (bytes._tag === 'Left')
      throw new TypeError(`event '${step.key}' cannot be encoded: ${bytes.left.message}`);
    // the events of one frame travel in one chunk
    const last = chunks[chunks.length - 1];
    if (last !== undefined && 'records' in last && last.frame === step.frame)
      last.records.push(bytes.right);
    else chunks.push({ frame: step.frame, records: [bytes.right] });
  }
  return chunks.map((c) =>
    'records' in c ? { frame: c.frame, bytes: encodeRecords(c.records) } : c,
  );
}

/**
 * A scripted Mesos master for the real driver in virtual time. Pass `connect` to
 * `createDriver`: every SUBSCRIBE is answered from `subscriptions` in turn (a stream playing
 * its event marbles as RecordIO in the driver's content type, on the scheduler, or an error;
 * a SUBSCRIBE beyond the script gets no answer until it is aborted), every other call is
 * answered by `answer` (accepted at once by default), and every call is recorded with its
 * virtual time in `calls` (and on `calls$`). Aborting a subscription (the heartbeat watchdog
 * does) ends its stream, as closing a connection does. A script that cannot be played (a key
 * without an event, an event that cannot be encoded) throws here, when the master is made.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const master = new ScriptedMaster({
 *   scheduler: clock.scheduler,
 *   subscriptions: [httpError(503), { events: 's', values: { s: subscribed() } }],
 * });
 * const driver = createDriver({ master: 'http://m1:5050', framework, scheduler: clock.scheduler, connect: master.connect, random: () => 0 });
 * driver.start();
 * await clock.advanceTo(1000);
 * master.calls.map((c) => c.call.type); // ['SUBSCRIBE', 'SUBSCRIBE', 'RECONCILE']
 * ```
 * Spec: docs/protocol.md §1.2, §2.3, §3.
 */
export class ScriptedMaster {
  /** Every call received so far, in order. */
  readonly calls: ScriptedCall[] = [];
  /** Every call, as it is received. */
  readonly calls$: Observable<ScriptedCall>;
  /** The transport factory for `createDriver({ connect })`. */
  readonly connect: (master: string, options: HttpTransportOptions) => MasterTransport;

  private readonly callsSubject = new Subject<ScriptedCall>();
  private readonly scheduler: SchedulerLike;
  private readonly subscriptions: readonly SubscribeAnswer[];
  private readonly answer: ScriptedMasterOptions['answer'];
  private subscribes = 0;

  constructor(options: ScriptedMasterOptions) {
    this.scheduler = options.scheduler;
    this.subscriptions = options.subscriptions;
    this.answer = options.answer;
    // a script that cannot be played fails here, not in the middle of the driver's loop
    for (const answer of this.subscriptions)
      if (!(answer instanceof TransportError))
        for (const type of CONTENT_TYPES) streamSteps(answer, type);
    this.calls$ = this.callsSubject.asObservable();
    this.connect = (master, transportOptions) => this.transport(master, transportOptions);
  }

  private received(
    master: string,
    body: Uint8Array,
    contentType: ContentType,
    streamId: string | undefined,
  ): Either<TransportError, Call> {
    const call = decodeCall(body, contentType);
    if (call._tag === 'Left') return left(httpError(400, { body: call.left.message }));
    const seen: ScriptedCall = { frame: this.scheduler.now(), master, call: call.right, streamId };
    this.calls.push(seen);
    this.callsSubject.next(seen);
    return call;
  }

  private transport(master: string, options: HttpTransportOptions): MasterTransport {
    const contentType = options.contentType;
    const streams = new Set<ScriptedStream>();
    const subscribe = (
      body: Uint8Array,
      signal?: AbortSignal,
    ): Promise<Either<TransportError, SubscriptionResponse>> => {
      const n = this.subscribes;
      const answer = this.subscriptions[n];
      const opens = answer !== undefined && !(answer instanceof TransportError);
      const streamId = `scripted-stream-${n}`;
      const call = this.received(master, body, contentType, opens ? streamId : undefined);
      if (call._tag === 'Left') return Promise.resolve(call);
      this.subscribes++;
      if (answer === undefined) return unanswered(master, signal);
      if (answer instanceof TransportError) return Promise.resolve(left(answer));
      const stream = new ScriptedStream(this.scheduler, streamSteps(answer, contentType), signal);
      streams.add(stream);
      return Promise.resolve(
        right({
          streamId,
          contentType,
          body: stream,
          close: () => {
            stream.close();
            streams.delete(stream);
          },
        }),
      );
    };
    const call = (
      body: Uint8Array,
      streamId: string,
    ): Promise<Either<TransportError, CallResponse>> => {
      const received = this.received(master, body, contentType, streamId);
      if (received._tag === 'Left') return Promise.resolve(received);
      const answer = this.answer?.(received.right) ?? {};
      if (answer instanceof TransportError) return Promise.resolve(left(answer));
      const status = answer.status ?? (received.right.type === 'UPDATE_FRAMEWORK' ? 200 : 202);
      const outcome: Either<TransportError, CallResponse> =
        status === 200 || status === 202 ? right({ status, body: '' }) : left(httpError(status));
      const afterMs = answer.afterMs ?? 0;
      if (afterMs <= 0) return Promise.resolve(outcome);
      return new Promise((resolve) => {
        this.scheduler.schedule(() => {
          resolve(outcome);
        }, afterMs);
      });
    };
    const closeAll = (): Promise<void> => {
      for (const stream of streams) stream.close();
      streams.clear();
      return Promise.resolve();
    };
    return { baseUrl: master, subscribe, call, close: closeAll, destroy: closeAll };
  }
}
