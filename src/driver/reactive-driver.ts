/**
 * The reactive driver: the face that implements `SchedulerDriver` by wiring the subscription
 * loop, the event dispatcher and the command bus together, with the streams and lifecycle.
 *
 * @module
 */
import type { Either } from 'fp-ts/Either';
import {
  asyncScheduler,
  catchError,
  concatMap,
  EMPTY,
  from,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { declineOffer, teardown, type Command } from '../calls';
import { detectorFor, type MasterDetector } from '../detector';
import type { Event, FrameworkID, OfferID, TaskId, TaskStatus } from '../wire';
import { autoAcknowledge } from './auto-acknowledge';
import { CommandBus } from './command-bus';
import { DriverError } from './driver-error';
import { DriverLifetime } from './driver-lifetime';
import { DriverStreamFields } from './driver-streams';
import { DriverSubjects } from './driver-subjects';
import type { DriverMetrics } from './driver-metrics';
import type { DriverOptions } from './driver-options';
import type { DriverStatus } from './driver-status';
import { EventDispatcher } from './event-dispatcher';
import { killTaskUntilTerminal } from './kill-task-until-terminal';
import type { KillRetryOptions } from './kill-until-terminal';
import { OfferExpiry } from './offer-expiry';
import { OutstandingOffers } from './outstanding-offers';
import type { CommandOutcome, SchedulerDriver } from './scheduler-driver';
import type { Session } from './session';
import { startReconciliation } from './start-reconciliation';
import { subscribeCall } from './subscribe-call';
import { SubscriptionLoop } from './subscription-loop';
import { SuppressedRoles } from './suppressed-roles';

/** The detector the `master` option stands for. */
function detectorOf(options: DriverOptions): MasterDetector {
  const master = options.master;
  if (typeof master === 'string' || Array.isArray(master)) {
    // zk://… finds the leader in ZooKeeper; URLs and host:port form a static list
    return detectorFor(master as string | readonly string[], {
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  }
  return master as MasterDetector;
}

/**
 * The reactive driver implementation. Create it with `createDriver`.
 *
 * @example
 * ```ts
 * const driver = createDriver({ master: 'http://127.0.0.1:5050', framework: { name: 'x', user: 'y' } });
 * ```
 */
export class ReactiveDriver extends DriverStreamFields implements SchedulerDriver {
  private readonly subjects: DriverSubjects;
  private readonly scheduler: SchedulerLike;
  private readonly detector: MasterDetector;
  private readonly lifetime: DriverLifetime;
  /** Offers delivered and not yet accepted, declined or rescinded. */
  private readonly offers = new OutstandingOffers();
  /** With `offerTimeoutMs`: declines the offers left unanswered that long. */
  private readonly offerExpiry: OfferExpiry | undefined;
  private readonly suppressed: SuppressedRoles;
  private readonly dispatcher: EventDispatcher;
  private readonly bus: CommandBus;
  private readonly loop: SubscriptionLoop;
  private readonly counters = { bytesRead: 0, eventsRead: 0, eventsHandled: 0, subscriptions: 0 };
  private frameworkIdValue: FrameworkID | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private stopDone: Promise<DriverStatus> | undefined;
  /** Set by stop(): the session may end (TEARDOWN closes it) without a reconnection. */
  private stopping = false;
  /** The reconciliation of the current subscription. */
  private reconciling: Subscription | undefined;

  constructor(private readonly options: DriverOptions) {
    const subjects = new DriverSubjects(options.logger);
    super(subjects.streams());
    const scheduler = options.scheduler ?? asyncScheduler;
    const contentType = options.contentType ?? 'application/x-protobuf';
    this.scheduler = scheduler;
    this.subjects = subjects;
    this.detector = detectorOf(options);
    this.offerExpiry =
      options.offerTimeoutMs === undefined
        ? undefined
        : new OfferExpiry(options.offerTimeoutMs, {
            scheduler,
            offers: this.offers,
            expired: (ids) => {
              if (!this.lifetime.running) return;
              void this.bus.sendReporting(declineOffer(ids));
              this.rescind(ids);
            },
          });
    this.lifetime = new DriverLifetime(scheduler);
    this.frameworkIdValue = options.framework.id;
    this.suppressed = new SuppressedRoles(options.framework, options.suppressedRoles ?? []);
    const { report } = subjects;
    // what the driver sends itself goes through `send`, as the application's commands do
    const send = (command: Command): Promise<CommandOutcome> => this.send(command);
    const acks = { send, report };
    const autoAck = (options.acknowledgements ?? 'auto') === 'auto';
    this.dispatcher = new EventDispatcher({
      emit: (event) => {
        this.deliver(event);
      },
      // what the handlers of one event send at once goes out together (declines joined)
      hold: (fn) => {
        this.bus.hold(fn);
      },
      handled: (event) => {
        if (event.type === 'UPDATE' && autoAck)
          autoAcknowledge(event.update.status, this.loop.session, acks);
      },
      send: (command) => void this.bus.sendReporting(command),
      failed: (error) => {
        report(error);
        if (options.onHandlerError === 'abort') this.abort();
      },
    });
    this.bus = new CommandBus({
      scheduler,
      contentType,
      capacity: options.maxQueuedCommands ?? 1000,
      timeoutMs: options.commandTimeoutMs ?? 60_000,
      backoff: options.backoff,
      random: options.random,
      partitionAware: (options.framework.capabilities ?? []).some(
        (c) => c.type === 'PARTITION_AWARE',
      ),
      lifetime: this.lifetime,
      offers: this.offers,
      suppressed: this.suppressed,
      session: () => this.loop.session,
      driverSend: send,
      resubscribe: (reason) => {
        this.loop.resubscribe(reason);
      },
      inject: (event) => {
        this.inject(event);
      },
      report,
    });
    this.loop = new SubscriptionLoop({
      options,
      contentType,
      scheduler,
      detector: this.detector,
      lifetime: this.lifetime,
      counters: this.counters,
      setState: subjects.setState,
      report,
      subscribeBody: () =>
        subscribeCall(
          {
            framework: options.framework,
            frameworkId: this.frameworkIdValue,
            suppressedRoles: this.suppressed.list(),
            offerConstraints: options.offerConstraints,
          },
          contentType,
        ),
      subscribed: (session, event) => {
        this.subscribed(session, event);
      },
      sessionEnded: () => {
        this.endReconciliation();
      },
      disconnected: (reason) => {
        subjects.disconnected.next(reason);
      },
      finish: (status, reason) => {
        this.finish(status, reason);
      },
      stopping: () => this.stopping,
      deliver: (event) => this.lifetime.untilEnded(this.dispatcher.enqueue(event)),
    });
  }

  get status(): DriverStatus {
    return this.lifetime.status;
  }

  get frameworkId(): FrameworkID | undefined {
    return this.frameworkIdValue;
  }

  metrics(): DriverMetrics {
    return {
      ...this.counters,
      commandsQueued: this.bus.queued,
      commandsInFlight: this.bus.inFlight,
    };
  }

  // ---- lifecycle ----

  start(): DriverStatus {
    if (this.lifetime.begin()) this.loopDone = this.loop.run();
    return this.lifetime.status;
  }

  stop(options: { readonly failover?: boolean } = {}): Promise<DriverStatus> {
    if (!this.lifetime.running) return this.stopDone ?? Promise.resolve(this.lifetime.status);
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
    return this.lifetime.status;
  }

  abort(): DriverStatus {
    if (!this.lifetime.ended) this.finish('DRIVER_ABORTED', 'aborted');
    return this.lifetime.status;
  }

  join(): Promise<DriverStatus> {
    return this.lifetime.finished;
  }

  run(): Promise<DriverStatus> {
    this.start();
    return this.join();
  }

  private finish(status: DriverStatus, reason: string): void {
    if (!this.lifetime.end(status)) return;
    this.loop.stop(reason);
    this.endReconciliation();
    this.offerExpiry?.stop();
    this.bus.stop(reason);
    this.detector.close();
    this.subjects.end(reason);
    // the streams complete once the event being handled (and what the stop added) is done
    void this.dispatcher.idle.then(() => {
      this.subjects.complete();
      this.lifetime.finish(status);
    });
  }

  // ---- subscriptions ----

  /**
   * SUBSCRIBED arrived and `session` is in use: the offers of an earlier one are void
   * (rescinded on the streams); queued commands go out after the first RECONCILE.
   */
  private subscribed(
    session: Session,
    event: Extract<Event, { readonly type: 'SUBSCRIBED' }>,
  ): void {
    const fid = session.frameworkId;
    this.frameworkIdValue = fid;
    this.counters.subscriptions++;
    this.bus.resetBackoff();
    this.subjects.setState({
      type: 'subscribed',
      master: session.master,
      frameworkId: fid,
      streamId: session.streamId,
      heartbeatIntervalSeconds: event.subscribed.heartbeat_interval_seconds,
    });
    // the master dropped every earlier offer without RESCIND: say so on the streams
    this.rescind(this.offers.forgetAll());
    this.endReconciliation();
    this.reconciling = startReconciliation({
      options: this.options,
      updates$: this.statusUpdates$,
      scheduler: this.scheduler,
      running: () => this.lifetime.running,
      send: (command, first) => void this.bus.sendReporting(command, first),
      report: this.subjects.report,
    });
    // the first SUBSCRIBED registers, every later one re-registers
    if (this.counters.subscriptions > 1)
      this.subjects.reregistered.next(event.subscribed.master_info);
    else
      this.subjects.registered.next({ frameworkId: fid, masterInfo: event.subscribed.master_info });
    this.bus.pump();
  }

  private endReconciliation(): void {
    this.reconciling?.unsubscribe();
    this.reconciling = undefined;
  }

  // ---- events ----

  /** Delivers an event to the streams, keeping track of the outstanding offers. */
  private deliver(event: Event): void {
    if (event.type === 'OFFERS') {
      const ids = (event.offers.offers ?? []).map((o) => o.id);
      this.offers.offered(ids);
      this.offerExpiry?.offered(ids);
    }
    if (event.type === 'RESCIND') this.offers.rescinded(event.rescind.offer_id);
    this.subjects.events.next(event);
  }

  /** Tells the application that these offers are gone, with one RESCIND each. */
  private rescind(ids: readonly OfferID[]): void {
    for (const offer_id of ids) this.inject({ type: 'RESCIND', rescind: { offer_id } });
  }

  /** An event the driver makes itself, delivered in order like the master's. */
  private inject(event: Event): void {
    if (!this.subjects.events.closed) void this.dispatcher.enqueue(event);
  }

  handle<T>(
    source$: Observable<T>,
    handler: (value: T) => ObservableInput<Command> | undefined,
  ): Subscription {
    return this.dispatcher.handle(source$, handler);
  }

  // ---- commands ----

  send(command: Command): Promise<CommandOutcome> {
    return this.bus.send(command);
  }

  dispatch(commands$: ObservableInput<Command>): Subscription {
    return from(commands$)
      .pipe(
        concatMap((command) => from(this.bus.sendReporting(command))),
        catchError((e: unknown) => {
          // a command stream that errors is reported like a failing handler, never thrown
          this.subjects.report(
            new DriverError(
              'HANDLER_FAILED',
              `a command stream failed: ${e instanceof Error ? e.message : String(e)}`,
              { cause: e },
            ),
          );
          if (this.options.onHandlerError === 'abort') this.abort();
          return EMPTY;
        }),
      )
      .subscribe();
  }

  killUntilTerminal(
    taskId: TaskId,
    options: KillRetryOptions = {},
  ): Promise<Either<DriverError, TaskStatus>> {
    return killTaskUntilTerminal(taskId, options, {
      lifetime: this.lifetime,
      statusUpdates$: this.statusUpdates$,
      reregistered$: this.reregistered$,
      scheduler: this.scheduler,
      send: (command) => void this.bus.sendReporting(command),
    });
  }
}
