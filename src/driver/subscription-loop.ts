/**
 * The subscription loop: detect the leading master, connect, SUBSCRIBE, read the stream until
 * it ends, back off, and again, until the driver ends.
 *
 * @module
 */
import type { Either } from 'fp-ts/Either';
import type { SchedulerLike } from 'rxjs';
import type { DetectionHint, MasterDetector } from '../detector';
import { createHttpTransport, type MasterTransport } from '../transport';
import type { ContentType, Event } from '../wire';
import { backoffDelay } from './backoff';
import { DriverError } from './driver-error';
import type { DriverLifetime } from './driver-lifetime';
import type { DriverOptions } from './driver-options';
import type { DriverState } from './driver-state';
import type { DriverStatus } from './driver-status';
import { openSession, type Session, type SessionEnd } from './session';
import { readSession, type ReadCounters } from './session-reader';

/**
 * What the loop works with: the driver's options and clock, where it reports, and what the
 * rest of the driver does when a subscription starts and ends.
 *
 * @example
 * ```ts
 * const parts: SubscriptionLoopParts = {
 *   options, contentType: 'application/json', scheduler: asyncScheduler,
 *   detector: staticMasters(['http://m1:5050']), lifetime, counters,
 *   setState: (s) => state$.next(s), report: (e) => errors$.next(e),
 *   subscribeBody: () => subscribeCall(subscribeParts(), 'application/json'),
 *   subscribed: (session) => console.log('subscribed', session.streamId),
 *   sessionEnded: () => undefined, disconnected: (reason) => disconnected$.next(reason),
 *   finish: (status, reason) => console.log(status, reason), stopping: () => false,
 *   deliver: (event) => dispatcher.enqueue(event),
 * };
 * ```
 */
export interface SubscriptionLoopParts {
  readonly options: DriverOptions;
  readonly contentType: ContentType;
  readonly scheduler: SchedulerLike;
  readonly detector: MasterDetector;
  readonly lifetime: DriverLifetime;
  readonly counters: ReadCounters;
  readonly setState: (state: DriverState) => void;
  readonly report: (error: DriverError) => void;
  /** The SUBSCRIBE to send, as things stand now (framework id, suppressed roles). */
  readonly subscribeBody: () => Either<DriverError, Uint8Array>;
  /** SUBSCRIBED arrived and `session` is the loop's session now; before it is delivered. */
  readonly subscribed: (
    session: Session,
    event: Extract<Event, { readonly type: 'SUBSCRIBED' }>,
  ) => void;
  /** A subscription that was read ended (before its session is forgotten). */
  readonly sessionEnded: () => void;
  /** A subscription that got as far as SUBSCRIBED was lost; the reason. */
  readonly disconnected: (reason: string) => void;
  /** The driver ends: an ERROR event or a refusal, or the end of a stop. */
  readonly finish: (status: DriverStatus, reason: string) => void;
  /** Whether stop() was called (a TEARDOWN may close the stream). */
  readonly stopping: () => boolean;
  /** Delivers an event; resolves when its handlers are done (or the driver stopped). */
  readonly deliver: (event: Event) => Promise<void>;
}

/**
 * Keeps the driver subscribed while it runs: failures back off with full jitter (forever), a
 * standby's 307 is followed at once, an ERROR event or a refused SUBSCRIBE ends the driver.
 * `session` is the subscription in use, from its SUBSCRIBED to its end.
 *
 * @example
 * ```ts
 * const loop = new SubscriptionLoop(parts);
 * const done = loop.run(); // resolves when the driver ends
 * loop.session?.streamId; // once subscribed
 * loop.stop('aborted');
 * await done;
 * ```
 * Spec: docs/protocol.md §1.5, §3.
 */
export class SubscriptionLoop {
  private current: Session | undefined;
  private sessionAbort: AbortController | undefined;

  constructor(private readonly parts: SubscriptionLoopParts) {}

  /** The subscription in use: where calls go. */
  get session(): Session | undefined {
    return this.current;
  }

  /** Ends the current subscription with `reason`; the loop subscribes again. */
  resubscribe(reason: string): void {
    this.sessionAbort?.abort(reason);
  }

  /** The driver ends: the stream closes and the session's connections go at once. */
  stop(reason: string): void {
    this.sessionAbort?.abort(reason);
    const session = this.current;
    this.current = undefined;
    void session?.transport.destroy();
  }

  /** Subscribes, and again after every failure, until the driver ends. */
  async run(): Promise<void> {
    const { lifetime, options, setState } = this.parts;
    let attempt = 0;
    let hint: DetectionHint = {};
    while (lifetime.running) {
      setState({ type: 'detecting' });
      let end: SessionEnd;
      try {
        const master = await this.parts.detector.next(hint);
        if (!lifetime.running) break;
        end = await this.runSession(master);
      } catch (e) {
        // a detector that failed, or a master URL a transport cannot be made for: try again
        const message = e instanceof Error ? e.message : String(e);
        end = { reason: `cannot connect: ${message}`, final: false, subscribed: false, hint: {} };
      }
      if (!lifetime.running) break;
      if (end.final) {
        this.parts.finish('DRIVER_ABORTED', end.reason);
        break;
      }
      if (this.parts.stopping() && end.subscribed) {
        // the TEARDOWN closed the stream (or it broke while stopping): nothing to come back for
        this.parts.finish('DRIVER_STOPPED', 'stopped');
        break;
      }
      if (end.subscribed) {
        attempt = 0;
        this.parts.disconnected(end.reason);
      }
      // a standby named the leader: go there at once, unless the last try was a redirect too
      // (standbys that disagree must not make the driver spin)
      const followNow = end.hint.leader !== undefined && hint.leader === undefined;
      hint = end.hint;
      setState({ type: 'disconnected', reason: end.reason });
      const delayMs = followNow ? 0 : backoffDelay(attempt, options.backoff, options.random);
      attempt++;
      setState({ type: 'backingOff', delayMs, attempt, reason: end.reason });
      await lifetime.sleep(delayMs);
    }
  }

  private async runSession(master: string): Promise<SessionEnd> {
    const { options, setState, report } = this.parts;
    setState({ type: 'connecting', master });
    const transport = (options.connect ?? createHttpTransport)(master, {
      contentType: this.parts.contentType,
      ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
      ...(options.transport === undefined ? {} : { decorators: options.transport }),
    });
    const body = this.parts.subscribeBody();
    if (body._tag === 'Left') {
      report(body.left);
      await transport.close();
      return { reason: body.left.message, final: true, subscribed: false, hint: {} };
    }
    setState({ type: 'subscribing', master });
    const abort = new AbortController();
    this.sessionAbort = abort;
    const res = await transport.subscribe(body.right, abort.signal);
    if (res._tag === 'Left') {
      await transport.close();
      const e = res.left;
      if (e.code === 'REJECTED' || e.code === 'UNAUTHORIZED') {
        report(
          new DriverError('SUBSCRIBE_REFUSED', `the master refused SUBSCRIBE: ${e.message}`, {
            cause: e,
          }),
        );
        return { reason: e.message, final: true, subscribed: false, hint: {} };
      }
      if (e.code === 'NOT_LEADER' && e.leaderUrl !== undefined) {
        return {
          reason: e.message,
          final: false,
          subscribed: false,
          hint: { leader: e.leaderUrl },
        };
      }
      return { reason: e.message, final: false, subscribed: false, hint: { failed: master } };
    }
    const sub = res.right;
    const unwatch = this.parts.detector.watch?.(master, (reason) => {
      abort.abort(reason);
    });
    try {
      return await readSession(sub, {
        master,
        abort,
        scheduler: this.parts.scheduler,
        heartbeatMs: (options.defaultHeartbeatSeconds ?? 15) * 1000,
        heartbeatFactor: options.heartbeatTimeoutFactor ?? 5,
        counters: this.parts.counters,
        running: () => this.parts.lifetime.running,
        report,
        subscribed: (event) => {
          this.subscribed(master, transport, sub.streamId, event);
        },
        deliver: this.parts.deliver,
      });
    } finally {
      unwatch?.();
      this.parts.sessionEnded();
      if (this.current?.transport === transport) this.current = undefined;
      sub.close();
      // calls still in flight (a TEARDOWN that closed the stream) get their answers
      void transport.close();
    }
  }

  private subscribed(
    master: string,
    transport: MasterTransport,
    streamId: string,
    event: Extract<Event, { readonly type: 'SUBSCRIBED' }>,
  ): void {
    const session = openSession(master, transport, streamId, event.subscribed.framework_id);
    this.current = session;
    this.parts.subscribed(session, event);
  }
}
