/**
 * Reads one subscription's event stream: RecordIO records, decoded and delivered one at a
 * time, under the heartbeat watchdog.
 *
 * @module
 */
import { BehaviorSubject, Subject, type SchedulerLike } from 'rxjs';
import type { SubscriptionResponse } from '../transport';
import { decodeEvent, RecordIODecoder, type Event } from '../wire';
import { DriverError } from './driver-error';
import { heartbeatWatchdog, type WatchdogTick } from './heartbeat-watchdog';
import type { SessionEnd } from './session';

/**
 * The counters the reader keeps up to date (they feed `metrics()`).
 *
 * @example
 * ```ts
 * const counters: ReadCounters = { bytesRead: 0, eventsRead: 0, eventsHandled: 0 };
 * const backlog = counters.eventsRead - counters.eventsHandled;
 * ```
 */
export interface ReadCounters {
  bytesRead: number;
  eventsRead: number;
  eventsHandled: number;
}

/**
 * What the reader works with besides the stream itself.
 *
 * @example
 * ```ts
 * const parts: SessionReaderParts = {
 *   master: 'http://m1:5050',
 *   abort: new AbortController(),
 *   scheduler: asyncScheduler,
 *   heartbeatMs: 15_000,
 *   heartbeatFactor: 5,
 *   counters: { bytesRead: 0, eventsRead: 0, eventsHandled: 0 },
 *   running: () => true,
 *   report: (error) => console.error(error.code),
 *   subscribed: (event) => console.log('subscribed as', event.subscribed.framework_id.value),
 *   deliver: (event) => dispatcher.enqueue(event),
 * };
 * ```
 */
export interface SessionReaderParts {
  /** The master the stream comes from (a lost stream hints the detector away from it). */
  readonly master: string;
  /** Aborts the stream: the watchdog uses it, and so may anyone else, with a reason. */
  readonly abort: AbortController;
  readonly scheduler: SchedulerLike;
  /** The heartbeat interval assumed until SUBSCRIBED announces one, in milliseconds. */
  readonly heartbeatMs: number;
  /** How many silent intervals make the stream dead. */
  readonly heartbeatFactor: number;
  readonly counters: ReadCounters;
  /** Whether the driver still runs: reading stops when it does not. */
  readonly running: () => boolean;
  /** Undecodable events and ERROR events are reported here. */
  readonly report: (error: DriverError) => void;
  /** The first SUBSCRIBED of the stream, before it is delivered. */
  readonly subscribed: (event: Extract<Event, { readonly type: 'SUBSCRIBED' }>) => void;
  /** Delivers an event; resolves when its handlers are done (or the driver stopped). */
  readonly deliver: (event: Event) => Promise<void>;
}

/**
 * Reads the subscription stream to its end: one event at a time, each delivered and awaited
 * before the next is decoded, so a slow application slows the reading (and TCP slows the
 * master) instead of filling memory. The heartbeat watchdog sees every chunk and is suspended
 * while the application works on an event. Resolves with how the subscription ended; never
 * rejects.
 *
 * @example
 * ```ts
 * const res = await transport.subscribe(body, parts.abort.signal);
 * if (res._tag === 'Right') {
 *   const end = await readSession(res.right, parts);
 *   console.log(end.reason, end.final ? '(final)' : '');
 * }
 * ```
 * Spec: docs/protocol.md §2.3, §3, §6.
 */
export async function readSession(
  sub: SubscriptionResponse,
  parts: SessionReaderParts,
): Promise<SessionEnd> {
  const { abort, counters } = parts;
  // each record is decoded before the next chunk is pushed: large records may share a buffer
  const decoder = new RecordIODecoder({ transientRecords: true });
  const ticks = new Subject<WatchdogTick>();
  const busy = new BehaviorSubject(false);
  let silentMs = 0;
  const watchdog = ticks
    .pipe(
      heartbeatWatchdog({
        intervalMs: parts.heartbeatMs,
        factor: parts.heartbeatFactor,
        scheduler: parts.scheduler,
        busy$: busy,
      }),
    )
    .subscribe((timeout) => {
      silentMs = timeout.silentMs;
      abort.abort(`no event for ${timeout.silentMs} ms (heartbeat timeout)`);
    });
  let subscribed = false;
  let ended: SessionEnd | undefined;
  const lost = (reason: string): SessionEnd => ({
    reason,
    final: false,
    subscribed,
    hint: { failed: parts.master },
  });
  try {
    const it = sub.body[Symbol.asyncIterator]();
    for (let step = await it.next(); step.done !== true; step = await it.next()) {
      const chunk = step.value;
      counters.bytesRead += chunk.length;
      ticks.next({});
      const records: Uint8Array[] = [];
      const pushed = decoder.pushEach(chunk, (r) => records.push(r));
      counters.eventsRead += records.length;
      let done = 0;
      for (const record of records) {
        done++;
        const ev = decodeEvent(record, sub.contentType);
        if (ev._tag === 'Left') {
          counters.eventsHandled++;
          parts.report(
            new DriverError('UNDECODABLE_EVENT', ev.left.message, {
              subject: record.slice(), // the record may be a view of a reused buffer
              cause: ev.left,
            }),
          );
          continue;
        }
        const event = ev.right;
        if (!subscribed && event.type === 'SUBSCRIBED') {
          subscribed = true;
          const seconds = event.subscribed.heartbeat_interval_seconds;
          if (seconds !== undefined) ticks.next({ intervalMs: seconds * 1000 });
          parts.subscribed(event);
        }
        if (event.type === 'ERROR') {
          parts.report(new DriverError('MASTER_ERROR', event.error.message, { subject: event }));
          ended = {
            reason: `ERROR from the master: ${event.error.message}`,
            final: true,
            subscribed,
            hint: {},
          };
        }
        busy.next(true);
        try {
          await parts.deliver(event);
        } finally {
          busy.next(false);
          counters.eventsHandled++;
        }
        if (ended !== undefined || !parts.running()) break;
      }
      // records of the chunk left unread (after an ERROR, or a stop) are dropped
      counters.eventsHandled += records.length - done;
      if (ended !== undefined || !parts.running()) break;
      if (pushed._tag === 'Left') return lost(`bad event stream: ${pushed.left.message}`);
      if (abort.signal.aborted) break;
    }
    if (ended !== undefined) return ended;
    if (abort.signal.aborted) return lost(abortReason(abort.signal, silentMs));
    const rest = decoder.end();
    return lost(
      rest._tag === 'Left'
        ? `event stream ended inside a record: ${rest.left.message}`
        : 'the master closed the event stream',
    );
  } catch (e) {
    if (ended !== undefined) return ended;
    if (abort.signal.aborted) return lost(abortReason(abort.signal, silentMs));
    return lost(`event stream failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    watchdog.unsubscribe();
    ticks.complete();
    busy.complete();
  }
}

/** Why a session was aborted: the heartbeat watchdog, a stale subscription, or a stop. */
function abortReason(signal: AbortSignal, silentMs: number): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string') return reason;
  return silentMs > 0 ? `no event for ${silentMs} ms (heartbeat timeout)` : 'subscription closed';
}
