/**
 * The reactive driver: the subscription state machine, the event dispatcher with its
 * one-at-a-time guarantee, automatic acknowledgements, and the command bus.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import {
  asyncScheduler,
  BehaviorSubject,
  concat,
  defer,
  EMPTY,
  from,
  ignoreElements,
  lastValueFrom,
  Subject,
  tap,
  catchError,
  concatMap,
  filter,
  take,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { acknowledgeStatusUpdate, declineOffer, teardown, toCall, type Command } from '../calls';
import { staticMasters, type DetectionHint, type MasterDetector } from '../detector';
import { frameworkRoles } from '../offers';
import { splitEvents, type EventStreams } from '../events';
import {
  createHttpTransport,
  TransportError,
  type MasterTransport,
  type SubscriptionResponse,
} from '../transport';
import {
  decodeEvent,
  encodeCall,
  RecordIODecoder,
  type Call,
  type ContentType,
  type Event,
  type FrameworkID,
  type MasterInfo,
  type OfferID,
  type OperationID,
  type TaskId,
  type TaskStatus,
  isTerminalTaskState,
} from '../wire';
import { backoffDelay } from './backoff';
import { DriverError } from './driver-error';
import type { DriverMetrics } from './driver-metrics';
import type { DriverOptions } from './driver-options';
import type { DriverState } from './driver-state';
import type { DriverStatus } from './driver-status';
import { heartbeatWatchdog, type WatchdogTick } from './heartbeat-watchdog';
import { killUntilTerminal, type KillRetryOptions } from './kill-until-terminal';
import { Outbox, type Pending } from './outbox';
import { OutstandingOffers } from './outstanding-offers';
import { reconciliation, type KnownTask } from './reconciliation';
import { RecentSet } from './recent-set';
import type {
  CommandAccepted,
  CommandError,
  CommandOutcome,
  Registered,
  SchedulerDriver,
} from './scheduler-driver';

/** The subscription in use: where calls go and with which stream id. */
interface Session {
  readonly master: string;
  readonly transport: MasterTransport;
  readonly streamId: string;
  readonly frameworkId: FrameworkID;
  /** uuids acknowledged in this session (a duplicate is acknowledged once). */
  readonly acked: RecentSet<string>;
}

/** How many acknowledged uuids a session remembers to recognise duplicates. */
const ACKED_MEMORY = 10_000;

/** How one subscription ended. */
interface SessionEnd {
  readonly reason: string;
  /** The driver must not subscribe again (ERROR event, refusal, stop). */
  readonly final: boolean;
  /** Whether it got as far as SUBSCRIBED (then backoff starts over). */
  readonly subscribed: boolean;
  readonly hint: DetectionHint;
}

/** A call answered with one of these texts was sent on a subscription the master has forgotten. */
const RESUBSCRIBE_TEXTS = [
  'Framework is not subscribed',
  "didn't match the stream ID",
  'Framework cannot be found',
];

function detectorOf(master: DriverOptions['master']): MasterDetector {
  if (typeof master === 'string') return staticMasters([master]);
  if (Array.isArray(master)) return staticMasters(master as readonly string[]);
  return master as MasterDetector;
}

function launchedTasks(command: Command): readonly {
  readonly task_id: TaskStatus['task_id'];
  readonly agent_id?: TaskStatus['agent_id'];
}[] {
  if (command.type !== 'ACCEPT') return [];
  return (command.accept.operations ?? []).flatMap((op) =>
    op.type === 'LAUNCH'
      ? (op.launch.task_infos ?? [])
      : op.type === 'LAUNCH_GROUP'
        ? (op.launch_group.task_group.tasks ?? [])
        : [],
  );
}

/** Why the tasks of a launch that did not reach the master are reported dropped. */
interface DropReason {
  readonly reason: TaskStatus.Reason;
  readonly message: string;
}

/** The operations of an ACCEPT that asked for feedback (an `id`), other than launches. */
function operationsWithFeedback(command: Command): readonly OperationID[] {
  if (command.type !== 'ACCEPT') return [];
  return (command.accept.operations ?? []).flatMap((op) =>
    op.type !== 'LAUNCH' && op.type !== 'LAUNCH_GROUP' && op.id !== undefined ? [op.id] : [],
  );
}

/**
 * The reactive driver implementation. Create it with `createDriver`.
 *
 * @example
 * ```ts
 * const driver = createDriver({ master: 'http://127.0.0.1:5050', framework: { name: 'x', user: 'y' } });
 * ```
 */
export class ReactiveDriver implements SchedulerDriver {
  readonly events$: Observable<Event>;
  readonly registered$: Observable<Registered>;
  readonly reregistered$: Observable<MasterInfo | undefined>;
  readonly disconnected$: Observable<string>;
  readonly errors$: Observable<DriverError>;
  readonly state$: Observable<DriverState>;
  readonly offers$: EventStreams['offers$'];
  readonly offerRescinded$: EventStreams['offerRescinded$'];
  readonly statusUpdates$: EventStreams['statusUpdates$'];
  readonly frameworkMessages$: EventStreams['frameworkMessages$'];
  readonly slaveLost$: EventStreams['slaveLost$'];
  readonly executorLost$: EventStreams['executorLost$'];
  readonly inverseOffers$: EventStreams['inverseOffers$'];
  readonly inverseOfferRescinded$: EventStreams['inverseOfferRescinded$'];
  readonly operationStatusUpdates$: EventStreams['operationStatusUpdates$'];
  readonly heartbeats$: EventStreams['heartbeats$'];

  private readonly eventsSubject = new Subject<Event>();
  private readonly registeredSubject = new Subject<Registered>();
  private readonly reregisteredSubject = new Subject<MasterInfo | undefined>();
  private readonly disconnectedSubject = new Subject<string>();
  private readonly errorsSubject = new Subject<DriverError>();
  private readonly stateSubject = new BehaviorSubject<DriverState>({
    type: 'disconnected',
    reason: 'not started',
  });

  private readonly scheduler: SchedulerLike;
  private readonly contentType: ContentType;
  private readonly detector: MasterDetector;
  private readonly outbox: Outbox;
  private readonly commandTimeoutMs: number;
  private statusValue: DriverStatus = 'DRIVER_NOT_STARTED';
  private frameworkIdValue: FrameworkID | undefined;
  private everRegistered = false;
  private session: Session | undefined;
  private sessionAbort: AbortController | undefined;
  private seq = 0;
  /** Work of the handlers of the event being dispatched. */
  private currentWork: Observable<never>[] | undefined;
  private dispatchTail: Promise<void> = Promise.resolve();
  private readonly suppressed: Set<string>;
  private readonly finished: Promise<DriverStatus>;
  private resolveFinished: (status: DriverStatus) => void = () => undefined;
  /** Waits (backoff, the dispatch of an event) that must end when the driver stops. */
  private readonly wakers = new Set<() => void>();
  private loopDone: Promise<void> = Promise.resolve();
  private stopDone: Promise<DriverStatus> | undefined;
  /** Calls wait until then (scheduler time) after the master answered 503 or 429. */
  private pumpPausedUntil = 0;
  private pumpTimer: Subscription | undefined;
  /** Backoff rounds of calls since the last accepted one. */
  private callFailures = 0;
  private inFlight = 0;
  private readonly counters = {
    bytesRead: 0,
    eventsRead: 0,
    eventsHandled: 0,
    subscriptions: 0,
  };
  /** Set by stop(): the session may end (TEARDOWN closes it) without a reconnection. */
  private stopping = false;
  /** Offers delivered and not yet accepted, declined or rescinded. */
  private readonly offers = new OutstandingOffers();
  /** The reconciliation of the current subscription. */
  private reconciling: Subscription | undefined;

  constructor(private readonly options: DriverOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.contentType = options.contentType ?? 'application/x-protobuf';
    this.detector = detectorOf(options.master);
    this.outbox = new Outbox(options.maxQueuedCommands ?? 1000);
    this.commandTimeoutMs = options.commandTimeoutMs ?? 60_000;
    this.frameworkIdValue = options.framework.id;
    this.suppressed = new Set(options.suppressedRoles ?? []);
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.events$ = this.eventsSubject.asObservable();
    const streams = splitEvents(this.events$);
    this.offers$ = streams.offers$;
    this.offerRescinded$ = streams.offerRescinded$;
    this.statusUpdates$ = streams.statusUpdates$;
    this.frameworkMessages$ = streams.frameworkMessages$;
    this.slaveLost$ = streams.slaveLost$;
    this.executorLost$ = streams.executorLost$;
    this.inverseOffers$ = streams.inverseOffers$;
    this.inverseOfferRescinded$ = streams.inverseOfferRescinded$;
    this.operationStatusUpdates$ = streams.operationStatusUpdates$;
    this.heartbeats$ = streams.heartbeats$;
    this.registered$ = this.registeredSubject.asObservable();
    this.reregistered$ = this.reregisteredSubject.asObservable();
    this.disconnected$ = this.disconnectedSubject.asObservable();
    this.errors$ = this.errorsSubject.asObservable();
    this.state$ = this.stateSubject.asObservable();
  }

  get status(): DriverStatus {
    return this.statusValue;
  }

  get frameworkId(): FrameworkID | undefined {
    return this.frameworkIdValue;
  }

  metrics(): DriverMetrics {
    return {
      ...this.counters,
      commandsQueued: this.outbox.size,
      commandsInFlight: this.inFlight,
    };
  }

  private get running(): boolean {
    return this.statusValue === 'DRIVER_RUNNING';
  }

  private setState(state: DriverState): void {
    this.stateSubject.next(state);
    this.options.logger?.debug('driver state', { state: state.type });
  }

  private report(error: DriverError): void {
    this.errorsSubject.next(error);
  }

  // ---- lifecycle ----

  start(): DriverStatus {
    if (this.statusValue !== 'DRIVER_NOT_STARTED') return this.statusValue;
    this.statusValue = 'DRIVER_RUNNING';
    this.loopDone = this.loop();
    return this.statusValue;
  }

  stop(options: { readonly failover?: boolean } = {}): Promise<DriverStatus> {
    if (!this.running) return this.stopDone ?? Promise.resolve(this.statusValue);
    this.stopDone ??= this.stopNow(options.failover === true);
    return this.stopDone;
  }

  private async stopNow(failover: boolean): Promise<DriverStatus> {
    this.stopping = true;
    if (!failover && this.frameworkIdValue !== undefined) {
      // TEARDOWN goes after what was sent before it (after the next SUBSCRIBED if the driver
      // is disconnected now, or it times out), then the driver stops
      await this.send(teardown());
    }
    this.finish('DRIVER_STOPPED', failover ? 'stopped (failover)' : 'stopped');
    await this.loopDone;
    return this.statusValue;
  }

  abort(): DriverStatus {
    if (this.running || this.statusValue === 'DRIVER_NOT_STARTED')
      this.finish('DRIVER_ABORTED', 'aborted');
    return this.statusValue;
  }

  join(): Promise<DriverStatus> {
    return this.finished;
  }

  run(): Promise<DriverStatus> {
    this.start();
    return this.join();
  }

  private finish(status: DriverStatus, reason: string): void {
    if (this.statusValue === 'DRIVER_STOPPED' || this.statusValue === 'DRIVER_ABORTED') return;
    this.statusValue = status;
    for (const wake of [...this.wakers]) wake();
    this.sessionAbort?.abort(reason);
    this.pumpTimer?.unsubscribe();
    this.pumpTimer = undefined;
    this.reconciling?.unsubscribe();
    this.reconciling = undefined;
    const session = this.session;
    this.session = undefined;
    void session?.transport.destroy();
    for (const p of this.outbox.drain())
      this.fail(p, new DriverError('NOT_RUNNING', `the driver ${reason}`, { subject: p.command }));
    this.detector.close();
    this.setState({ type: 'stopped', reason });
    this.stateSubject.complete();
    void this.dispatchTail.then(() => {
      this.eventsSubject.complete();
      this.registeredSubject.complete();
      this.reregisteredSubject.complete();
      this.disconnectedSubject.complete();
      this.errorsSubject.complete();
      this.resolveFinished(status);
    });
  }

  // ---- the subscription loop ----

  private subscribeBody(): Either<TransportError | DriverError, Uint8Array> {
    const id = this.frameworkIdValue;
    const info = { ...this.options.framework, ...(id === undefined ? {} : { id }) };
    const call: Call = {
      type: 'SUBSCRIBE',
      ...(id === undefined ? {} : { framework_id: id }),
      subscribe: {
        framework_info: info,
        ...(this.suppressed.size === 0 ? {} : { suppressed_roles: [...this.suppressed] }),
        ...(this.options.offerConstraints === undefined
          ? {}
          : { offer_constraints: this.options.offerConstraints }),
      },
    };
    const r = encodeCall(call, this.contentType);
    return r._tag === 'Left'
      ? left(
          new DriverError('SUBSCRIBE_REFUSED', `invalid SUBSCRIBE: ${r.left.message}`, {
            cause: r.left,
          }),
        )
      : r;
  }

  private async loop(): Promise<void> {
    let attempt = 0;
    let hint: DetectionHint = {};
    while (this.running) {
      this.setState({ type: 'detecting' });
      let end: SessionEnd;
      try {
        const master = await this.detector.next(hint);
        if (!this.running) break;
        end = await this.runSession(master);
      } catch (e) {
        // a detector that failed, or a master URL a transport cannot be made for: try again
        const message = e instanceof Error ? e.message : String(e);
        end = { reason: `cannot connect: ${message}`, final: false, subscribed: false, hint: {} };
      }
      if (!this.running) break;
      if (end.final) {
        this.finish('DRIVER_ABORTED', end.reason);
        break;
      }
      if (this.stopping && end.subscribed) {
        // the TEARDOWN closed the stream (or it broke while stopping): nothing to come back for
        this.finish('DRIVER_STOPPED', 'stopped');
        break;
      }
      if (end.subscribed) {
        attempt = 0;
        this.disconnectedSubject.next(end.reason);
      }
      // a standby named the leader: go there at once, unless the last try was a redirect too
      // (standbys that disagree must not make the driver spin)
      const followNow = end.hint.leader !== undefined && hint.leader === undefined;
      hint = end.hint;
      this.setState({ type: 'disconnected', reason: end.reason });
      const delayMs = followNow
        ? 0
        : backoffDelay(attempt, this.options.backoff, this.options.random);
      attempt++;
      this.setState({ type: 'backingOff', delayMs, attempt, reason: end.reason });
      await this.sleep(delayMs);
    }
  }

  /** Waits `ms` on the scheduler, or until the driver stops. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wakers.delete(wake);
        timer.unsubscribe();
        resolve();
      };
      this.wakers.add(wake);
      const timer = this.scheduler.schedule(wake, ms);
    });
  }

  /**
   * Resolves when `work` settles or the driver stops, whichever comes first: a handler that
   * never completes must not keep stop() or abort() waiting. (Not `Promise.race` with a
   * promise of the stop: each race would leave a reaction on it for the driver's lifetime.)
   */
  private untilStopped(work: Promise<void>): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wakers.delete(wake);
        resolve();
      };
      this.wakers.add(wake);
      work.then(wake, wake);
    });
  }

  private async runSession(master: string): Promise<SessionEnd> {
    this.setState({ type: 'connecting', master });
    const transport = (this.options.connect ?? createHttpTransport)(master, {
      contentType: this.contentType,
      ...(this.options.callTimeoutMs === undefined
        ? {}
        : { callTimeoutMs: this.options.callTimeoutMs }),
      ...(this.options.transport === undefined ? {} : { decorators: this.options.transport }),
    });
    const body = this.subscribeBody();
    if (body._tag === 'Left') {
      this.report(
        body.left instanceof DriverError
          ? body.left
          : new DriverError('SUBSCRIBE_REFUSED', body.left.message),
      );
      await transport.close();
      return { reason: body.left.message, final: true, subscribed: false, hint: {} };
    }
    this.setState({ type: 'subscribing', master });
    const abort = new AbortController();
    this.sessionAbort = abort;
    const res = await transport.subscribe(body.right, abort.signal);
    if (res._tag === 'Left') {
      await transport.close();
      const e = res.left;
      if (e.code === 'REJECTED' || e.code === 'UNAUTHORIZED') {
        this.report(
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
    const unwatch = this.detector.watch?.(master, (reason) => {
      abort.abort(reason);
    });
    try {
      return await this.readStream(master, transport, res.right, abort);
    } finally {
      unwatch?.();
      // the reconciliation of this subscription ends with it; the next one starts its own
      this.reconciling?.unsubscribe();
      this.reconciling = undefined;
      if (this.session?.transport === transport) this.session = undefined;
      res.right.close();
      // calls still in flight (a TEARDOWN that closed the stream) get their answers
      void transport.close();
    }
  }

  /**
   * SUBSCRIBED arrived: the session starts; the offers of an earlier one are void (rescinded
   * on the streams); queued commands go out after the first RECONCILE.
   */
  private subscribed(
    master: string,
    transport: MasterTransport,
    streamId: string,
    event: Extract<Event, { readonly type: 'SUBSCRIBED' }>,
  ): void {
    const fid = event.subscribed.framework_id;
    this.frameworkIdValue = fid;
    this.session = {
      master,
      transport,
      streamId,
      frameworkId: fid,
      acked: new RecentSet(ACKED_MEMORY),
    };
    this.counters.subscriptions++;
    this.callFailures = 0;
    this.pumpPausedUntil = 0;
    this.setState({
      type: 'subscribed',
      master,
      frameworkId: fid,
      streamId,
      heartbeatIntervalSeconds: event.subscribed.heartbeat_interval_seconds,
    });
    // the master dropped every earlier offer without RESCIND: say so on the streams
    for (const offerId of this.offers.forgetAll()) this.rescindLocally(offerId);
    this.startReconciliation();
    if (this.everRegistered) this.reregisteredSubject.next(event.subscribed.master_info);
    else
      this.registeredSubject.next({ frameworkId: fid, masterInfo: event.subscribed.master_info });
    this.everRegistered = true;
    this.pump();
  }

  /** A RESCIND the driver makes itself, delivered in order like the master's. */
  private rescindLocally(offerId: OfferID): void {
    if (!this.eventsSubject.closed)
      void this.enqueueEvent({ type: 'RESCIND', rescind: { offer_id: offerId } });
  }

  /**
   * The reconciliation of this subscription (explicit for the known tasks, then implicit,
   * then periodic): its first RECONCILE goes first in line, before the queued commands.
   */
  private startReconciliation(): void {
    this.reconciling?.unsubscribe();
    this.reconciling = undefined;
    if (!(this.options.reconcileOnSubscribe ?? true)) return;
    let known: readonly KnownTask[] = [];
    try {
      known = this.options.knownTasks?.() ?? [];
    } catch (e) {
      this.report(
        new DriverError(
          'HANDLER_FAILED',
          `knownTasks failed: ${e instanceof Error ? e.message : String(e)}; reconciling implicitly only`,
          { cause: e },
        ),
      );
    }
    let first = true;
    this.reconciling = reconciliation({
      known,
      updates$: this.statusUpdates$,
      scheduler: this.scheduler,
      ...this.options.reconcileBackoff,
      ...(this.options.reconcileEveryMs === undefined
        ? {}
        : { everyMs: this.options.reconcileEveryMs }),
    }).subscribe((command) => {
      if (!this.running) return;
      void this.sendReporting(command, first);
      first = false;
    });
  }

  /**
   * Reads the subscription stream: one event at a time, each handed to the dispatcher and
   * awaited before the next is decoded, so a slow application slows the reading (and TCP
   * slows the master) instead of filling memory. The heartbeat watchdog sees every chunk,
   * and is suspended while the application works on an event.
   */
  private async readStream(
    master: string,
    transport: MasterTransport,
    sub: SubscriptionResponse,
    abort: AbortController,
  ): Promise<SessionEnd> {
    const decoder = new RecordIODecoder();
    const ticks = new Subject<WatchdogTick>();
    const busy = new BehaviorSubject(false);
    let silentMs = 0;
    const watchdog = ticks
      .pipe(
        heartbeatWatchdog({
          intervalMs: (this.options.defaultHeartbeatSeconds ?? 15) * 1000,
          factor: this.options.heartbeatTimeoutFactor ?? 5,
          scheduler: this.scheduler,
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
      hint: { failed: master },
    });
    try {
      const it = sub.body[Symbol.asyncIterator]();
      for (let step = await it.next(); step.done !== true; step = await it.next()) {
        const chunk = step.value;
        this.counters.bytesRead += chunk.length;
        ticks.next({});
        const records: Uint8Array[] = [];
        const pushed = decoder.pushEach(chunk, (r) => records.push(r));
        this.counters.eventsRead += records.length;
        let done = 0;
        for (const record of records) {
          done++;
          const ev = decodeEvent(record, sub.contentType);
          if (ev._tag === 'Left') {
            this.counters.eventsHandled++;
            this.report(
              new DriverError('UNDECODABLE_EVENT', ev.left.message, {
                subject: record,
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
            this.subscribed(master, transport, sub.streamId, event);
          }
          if (event.type === 'ERROR') {
            this.report(new DriverError('MASTER_ERROR', event.error.message, { subject: event }));
            ended = {
              reason: `ERROR from the master: ${event.error.message}`,
              final: true,
              subscribed,
              hint: {},
            };
          }
          busy.next(true);
          try {
            await this.untilStopped(this.enqueueEvent(event));
          } finally {
            busy.next(false);
            this.counters.eventsHandled++;
          }
          if (ended !== undefined || !this.running) break;
        }
        // records of the chunk left unread (after an ERROR, or a stop) are dropped
        this.counters.eventsHandled += records.length - done;
        if (ended !== undefined || !this.running) break;
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

  // ---- dispatching events, one at a time ----

  private enqueueEvent(event: Event): Promise<void> {
    this.dispatchTail = this.dispatchTail.then(() => this.dispatchOne(event));
    return this.dispatchTail;
  }

  private async dispatchOne(event: Event): Promise<void> {
    if (event.type === 'OFFERS') this.offers.offered((event.offers.offers ?? []).map((o) => o.id));
    if (event.type === 'RESCIND') this.offers.rescinded(event.rescind.offer_id);
    const work: Observable<never>[] = [];
    this.currentWork = work;
    try {
      this.eventsSubject.next(event);
    } finally {
      this.currentWork = undefined;
    }
    if (work.length > 0) await lastValueFrom(concat(...work), { defaultValue: undefined });
    if (event.type === 'UPDATE' && (this.options.acknowledgements ?? 'auto') === 'auto')
      this.autoAck(event.update.status);
  }

  private autoAck(status: TaskStatus): void {
    const uuid = status.uuid;
    if (uuid === undefined || uuid === '') return;
    const session = this.session;
    if (session?.acked.has(uuid) === true) return;
    const ack = acknowledgeStatusUpdate(status);
    if (ack._tag === 'Left') return;
    session?.acked.add(uuid);
    void this.send(ack.right).then((outcome) => {
      if (outcome._tag === 'Left') {
        session?.acked.delete(uuid);
        this.report(
          new DriverError('COMMAND_FAILED', `acknowledgement failed: ${outcome.left.message}`, {
            subject: status,
            cause: outcome.left,
          }),
        );
      }
    });
  }

  handle<T>(
    source$: Observable<T>,
    handler: (value: T) => ObservableInput<Command> | undefined,
  ): Subscription {
    return source$.subscribe((value) => {
      const work = this.currentWork;
      if (work !== undefined && work.length > 0) {
        // an earlier handler of this event is still at work: this one waits for it
        work.push(defer(() => this.runHandler(handler, value) ?? EMPTY));
        return;
      }
      const rest = this.runHandler(handler, value);
      if (rest === undefined) return;
      if (work !== undefined) work.push(rest);
      else rest.subscribe();
    });
  }

  /**
   * Calls a handler and sends what it returned. Nothing, or an array of commands (the common
   * cases), is done at once and gives undefined; a Promise or an Observable gives the work
   * still to do, which sends its commands as they come and completes when the handler's work
   * is over. A handler that throws or errors is reported (and aborts the driver, by option).
   */
  private runHandler<T>(
    handler: (value: T) => ObservableInput<Command> | undefined,
    value: T,
  ): Observable<never> | undefined {
    const failed = (e: unknown): void => {
      this.report(
        new DriverError(
          'HANDLER_FAILED',
          `a handler failed: ${e instanceof Error ? e.message : String(e)}`,
          { subject: value, cause: e },
        ),
      );
      if (this.options.onHandlerError === 'abort') this.abort();
    };
    let out: ObservableInput<Command> | undefined;
    try {
      out = handler(value);
    } catch (e) {
      failed(e);
      return undefined;
    }
    if (out === undefined) return undefined;
    if (Array.isArray(out)) {
      for (const command of out as readonly Command[]) void this.sendReporting(command);
      return undefined;
    }
    return from(out).pipe(
      tap((command) => {
        void this.sendReporting(command);
      }),
      ignoreElements(),
      catchError((e: unknown) => {
        failed(e);
        return EMPTY;
      }),
    );
  }

  dispatch(commands$: ObservableInput<Command>): Subscription {
    return from(commands$)
      .pipe(concatMap((command) => from(this.sendReporting(command))))
      .subscribe();
  }

  killUntilTerminal(
    taskId: TaskId,
    options: KillRetryOptions = {},
  ): Promise<Either<DriverError, TaskStatus>> {
    if (!this.running) {
      return Promise.resolve(
        left(
          new DriverError('NOT_RUNNING', `the driver is ${this.statusValue}`, { subject: taskId }),
        ),
      );
    }
    return new Promise((resolve) => {
      this.statusUpdates$
        .pipe(
          filter((s) => s.task_id.value === taskId.value && isTerminalTaskState(s.state)),
          take(1),
        )
        .subscribe({
          next: (status) => {
            resolve(right(status));
          },
          complete: () => {
            resolve(
              left(
                new DriverError(
                  'NOT_RUNNING',
                  `the driver stopped before task ${taskId.value} reached a terminal state`,
                  { subject: taskId },
                ),
              ),
            );
          },
        });
      // each KILL is sent on its own (not one after the other's outcome): a repeat must not
      // wait behind a KILL that is waiting for a subscription
      killUntilTerminal(taskId, this.statusUpdates$, {
        ...options,
        scheduler: this.scheduler,
        again$: this.reregistered$,
      }).subscribe((command) => {
        if (this.running) void this.sendReporting(command);
      });
    });
  }

  private async sendReporting(command: Command, first = false): Promise<CommandOutcome> {
    const outcome = await (first ? this.sendFirst(command) : this.send(command));
    if (outcome._tag === 'Left') {
      const e = outcome.left;
      this.report(
        e instanceof DriverError
          ? e
          : new DriverError('COMMAND_FAILED', e.message, { subject: command, cause: e }),
      );
    }
    return outcome;
  }

  // ---- the command bus ----

  send(command: Command): Promise<CommandOutcome> {
    if (!this.running) {
      return Promise.resolve(
        left(
          new DriverError('NOT_RUNNING', `the driver is ${this.statusValue}`, { subject: command }),
        ),
      );
    }
    if (this.outbox.full) {
      return Promise.resolve(
        left(
          this.dropped(
            command,
            new DriverError(
              'QUEUE_FULL',
              `more than ${this.outbox.capacity} commands are waiting`,
              { subject: command },
            ),
          ),
        ),
      );
    }
    return new Promise((resolve) => {
      const p: Pending = {
        seq: this.seq++,
        command,
        resolve,
        deadline: this.scheduler.now() + this.commandTimeoutMs,
        attempts: 0,
        timer: undefined,
        lastError: undefined,
      };
      this.track(command);
      this.outbox.add(p);
      // a command that goes out at once needs no deadline timer
      if (!this.pumpsNow()) this.wait(p);
      this.pump();
    });
  }

  /** Puts a command first in line (reconciliation right after SUBSCRIBED); pumped by the caller. */
  private sendFirst(command: Command): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      const p: Pending = {
        seq: -1 - this.seq++,
        command,
        resolve,
        deadline: this.scheduler.now() + this.commandTimeoutMs,
        attempts: 0,
        timer: undefined,
        lastError: undefined,
      };
      this.outbox.putBack(p);
      this.wait(p);
    });
  }

  /** Arms the deadline of a waiting command: QUEUE_TIMEOUT when it passes. */
  private wait(p: Pending): void {
    p.timer?.unsubscribe();
    p.timer = this.scheduler.schedule(
      () => {
        if (this.outbox.remove(p)) {
          this.fail(
            p,
            new DriverError('QUEUE_TIMEOUT', 'no subscription to send the command on in time', {
              subject: p.command,
              retryable: true,
              cause: p.lastError,
            }),
          );
        }
      },
      Math.max(0, p.deadline - this.scheduler.now()),
    );
  }

  /** Remembers suppression so that the next SUBSCRIBE carries it. */
  private track(command: Command): void {
    const roles = (r: readonly string[] | undefined): readonly string[] =>
      r !== undefined && r.length > 0 ? r : frameworkRoles(this.options.framework);
    if (command.type === 'SUPPRESS')
      for (const r of roles(command.suppress?.roles)) this.suppressed.add(r);
    if (command.type === 'REVIVE')
      for (const r of roles(command.revive?.roles)) this.suppressed.delete(r);
    if (command.type === 'UPDATE_FRAMEWORK') {
      this.suppressed.clear();
      for (const r of command.update_framework.suppressed_roles ?? []) this.suppressed.add(r);
    }
  }

  /** Whether {@link pump} would send the waiting commands right now. */
  private pumpsNow(): boolean {
    return (
      this.session !== undefined && this.running && this.pumpPausedUntil <= this.scheduler.now()
    );
  }

  /** Sends every waiting command on the current session, unless calls are backing off. */
  private pump(): void {
    const session = this.session;
    if (session === undefined || !this.running) return;
    const pause = this.pumpPausedUntil - this.scheduler.now();
    if (pause > 0) {
      this.pumpTimer ??= this.scheduler.schedule(() => {
        this.pumpTimer = undefined;
        this.pump();
      }, pause);
      return;
    }
    const declines: OfferID[] = [];
    for (let p = this.outbox.take(); p !== undefined; p = this.outbox.take()) {
      const pending = p;
      pending.timer?.unsubscribe();
      pending.timer = undefined;
      if (pending.attempts === 0 && !this.useOffers(pending, declines)) continue;
      pending.attempts++;
      const body = encodeCall(toCall(pending.command, session.frameworkId), this.contentType);
      if (body._tag === 'Left') {
        this.fail(
          pending,
          new DriverError('COMMAND_FAILED', `invalid command: ${body.left.message}`, {
            subject: pending.command,
            cause: body.left,
          }),
        );
        continue;
      }
      this.inFlight++;
      void session.transport.call(body.right, session.streamId).then((r) => {
        this.inFlight--;
        this.settle(pending, r, session);
      });
    }
    // the outstanding offers of a refused ACCEPT go back, as the master would return them
    if (declines.length > 0) void this.sendReporting(declineOffer(declines, { refuse_seconds: 0 }));
  }

  /**
   * The first try of an ACCEPT or DECLINE uses its offers. An ACCEPT naming an offer that is
   * not outstanding any more fails here without being sent (OFFER_NOT_OUTSTANDING, its tasks
   * dropped with REASON_INVALID_OFFERS, as the master would answer it); its other offers are
   * added to `declines`. Returns whether the command goes on.
   */
  private useOffers(p: Pending, declines: OfferID[]): boolean {
    const command = p.command;
    if (command.type === 'DECLINE') this.offers.use(command.decline.offer_ids ?? []);
    if (command.type !== 'ACCEPT') return true;
    const { live, stale } = this.offers.use(command.accept.offer_ids ?? []);
    const first = stale[0];
    if (first === undefined) return true;
    declines.push(...live);
    const problem = `Offer ${first.value} is no longer valid`;
    this.fail(
      p,
      new DriverError(
        'OFFER_NOT_OUTSTANDING',
        `offer ${first.value} is not outstanding (rescinded, void after a re-subscription, or used already): the ACCEPT was not sent`,
        { subject: command },
      ),
      { reason: 'REASON_INVALID_OFFERS', message: `Task launched with invalid offers: ${problem}` },
    );
    for (const operation_id of operationsWithFeedback(command)) {
      if (!this.eventsSubject.closed) {
        void this.enqueueEvent({
          type: 'UPDATE_OPERATION_STATUS',
          update_operation_status: {
            status: {
              operation_id,
              state: 'OPERATION_ERROR',
              message: `Operation attempted with invalid offers: ${problem}`,
            },
          },
        });
      }
    }
    return false;
  }

  /**
   * The master's answer to a command. Accepted: resolved. Refused: failed. A failure worth
   * another try (503, 429, no connection, timeout, a standby's 307, a subscription the master
   * forgot) puts the command back in its place until its deadline: after a backoff for 503
   * and 429, after the next SUBSCRIBED when the subscription is gone.
   */
  private settle(
    p: Pending,
    r: Either<TransportError, { readonly status: number }>,
    session: Session,
  ): void {
    if (r._tag === 'Right') {
      this.callFailures = 0;
      p.resolve(right<CommandError, CommandAccepted>({ status: r.right.status }));
      return;
    }
    const e = r.left;
    const stale =
      e.code === 'NOT_LEADER' ||
      (e.code === 'REJECTED' && RESUBSCRIBE_TEXTS.some((t) => (e.body ?? '').includes(t)));
    const now = this.scheduler.now();
    if (!this.running || !(e.retryable || stale) || now >= p.deadline) {
      this.fail(p, e);
      return;
    }
    p.lastError = e;
    this.outbox.putBack(p);
    this.wait(p);
    if (stale && this.session === session) {
      // the master no longer knows this subscription: subscribe again, then send
      this.sessionAbort?.abort(`the master no longer knows this subscription: ${e.message}`);
      return;
    }
    if (!stale && now >= this.pumpPausedUntil) {
      this.pumpPausedUntil =
        now + backoffDelay(this.callFailures, this.options.backoff, this.options.random);
      this.callFailures++;
    }
    this.pump();
  }

  private fail(p: Pending, error: CommandError, why?: DropReason): void {
    p.timer?.unsubscribe();
    p.timer = undefined;
    p.resolve(left(this.dropped(p.command, error, why)));
  }

  /**
   * A launch that cannot be delivered: its tasks get a TASK_DROPPED update (TASK_LOST for
   * frameworks without PARTITION_AWARE), as the classic driver reports TASK_LOST; the reason is
   * REASON_MASTER_DISCONNECTED unless `why` gives another. Returns the error.
   */
  private dropped(command: Command, error: CommandError, why?: DropReason): CommandError {
    const tasks = launchedTasks(command);
    if (tasks.length === 0) return error;
    const aware = (this.options.framework.capabilities ?? []).some(
      (c) => c.type === 'PARTITION_AWARE',
    );
    for (const t of tasks) {
      const status: TaskStatus = {
        task_id: t.task_id,
        state: aware ? 'TASK_DROPPED' : 'TASK_LOST',
        source: 'SOURCE_MASTER',
        reason: why?.reason ?? 'REASON_MASTER_DISCONNECTED',
        message: why?.message ?? `the launch could not be delivered: ${error.message}`,
        timestamp: this.scheduler.now() / 1000,
        ...(t.agent_id === undefined ? {} : { agent_id: t.agent_id }),
      };
      if (!this.eventsSubject.closed)
        void this.enqueueEvent({ type: 'UPDATE', update: { status } });
    }
    return error;
  }
}

/** Why a session was aborted: the heartbeat watchdog, a stale subscription, or a stop. */
function abortReason(signal: AbortSignal, silentMs: number): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string') return reason;
  return silentMs > 0 ? `no event for ${silentMs} ms (heartbeat timeout)` : 'subscription closed';
}
