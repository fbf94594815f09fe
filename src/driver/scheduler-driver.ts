/**
 * The public face of the reactive driver.
 *
 * @module
 */
import type { Either } from 'fp-ts/Either';
import type { Observable, ObservableInput, Subscription } from 'rxjs';
import type { Command } from '../calls';
import type { EventStreams } from '../events';
import type { TransportError } from '../transport';
import type { Event, FrameworkID, MasterInfo, TaskId, TaskStatus } from '../wire';
import type { DriverError } from './driver-error';
import type { DriverMetrics } from './driver-metrics';
import type { DriverState } from './driver-state';
import type { DriverStatus } from './driver-status';
import type { KillRetryOptions } from './kill-until-terminal';

/**
 * A command the master accepted (202, or 200 for UPDATE_FRAMEWORK).
 *
 * @example
 * ```ts
 * const accepted: CommandAccepted = { status: 202 };
 * ```
 */
export interface CommandAccepted {
  readonly status: number;
}

/**
 * Why a command did not reach the master, or was refused by it: a {@link DriverError}
 * (`QUEUE_TIMEOUT`, `QUEUE_FULL`, `NOT_RUNNING` …) or the transport's error (`REJECTED` with
 * the master's reason …).
 *
 * @example
 * ```ts
 * const explain = (e: CommandError): string => `${e._tag} ${e.code}: ${e.message}`;
 * ```
 */
export type CommandError = DriverError | TransportError;

/**
 * The outcome of one command: `right` when the master accepted it, `left` otherwise.
 *
 * @example
 * ```ts
 * const outcome: CommandOutcome = await driver.send(reviveOffers());
 * if (outcome._tag === 'Left') console.error(outcome.left.code);
 * ```
 */
export type CommandOutcome = Either<CommandError, CommandAccepted>;

/**
 * What `registered$` carries: the first subscription of this framework.
 *
 * @example
 * ```ts
 * driver.registered$.subscribe(({ frameworkId, masterInfo }) => save(frameworkId, masterInfo?.id));
 * ```
 */
export interface Registered {
  readonly frameworkId: FrameworkID;
  readonly masterInfo: MasterInfo | undefined;
}

/**
 * The reactive driver: typed event streams named after the classic callbacks, commands in,
 * and the classic lifecycle.
 *
 * Streams are hot and shared; connection trouble shows on `state$` and `disconnected$`, never
 * in their error channel; they complete when the driver stops.
 *
 * @example
 * ```ts
 * const driver = createDriver({ master: 'http://127.0.0.1:5050', framework: { name: 'demo', user: 'me' } });
 * driver.handle(driver.offers$, (offers) => offers.map((o) => declineOffer(o.id)));
 * driver.start();
 * ```
 */
export interface SchedulerDriver extends Omit<EventStreams, 'subscribed$' | 'masterErrors$'> {
  /**
   * Every event, in order, with the few the driver makes itself: `RESCIND` for each offer a
   * new subscription voided, `UPDATE` (`TASK_DROPPED`/`TASK_LOST`, no uuid) for launches that
   * could not be sent, `UPDATE_OPERATION_STATUS` (`OPERATION_ERROR`) for operations of such an
   * ACCEPT that asked for feedback.
   */
  readonly events$: Observable<Event>;
  /** The first SUBSCRIBED: the framework id and the master. */
  readonly registered$: Observable<Registered>;
  /** Every later SUBSCRIBED (after a reconnection or a master failover). */
  readonly reregistered$: Observable<MasterInfo | undefined>;
  /** The subscription was lost (stream ended, heartbeats stopped, leader moved); the reason. */
  readonly disconnected$: Observable<string>;
  /** Errors: ERROR events, refused subscriptions, failing handlers, undecodable events. */
  readonly errors$: Observable<DriverError>;
  /** The connection state machine, with the reason of each move. */
  readonly state$: Observable<DriverState>;
  /** The classic status. */
  readonly status: DriverStatus;
  /** The framework id, once subscribed (or as given). */
  readonly frameworkId: FrameworkID | undefined;
  /** A snapshot of the driver's counters (events read and handled, commands waiting …). */
  metrics(): DriverMetrics;

  /**
   * Sends one command; resolves with its outcome, never rejects. While not subscribed the
   * command waits (bounded queue, timeout) and goes out after the next SUBSCRIBED.
   */
  send(command: Command): Promise<CommandOutcome>;
  /**
   * Feeds a stream of commands to the bus, in order; outcomes that fail go to `errors$`, and so
   * does an error of the stream itself (`HANDLER_FAILED`; the driver goes on, or aborts by option).
   */
  dispatch(commands$: ObservableInput<Command>): Subscription;
  /**
   * Registers a handler: for each value of `source$` (a stream of this driver), the commands it
   * returns are sent in order, and the next event is handled only after they were sent — the
   * classic one-callback-at-a-time guarantee. A handler that throws or errors is reported on
   * `errors$` with the value, and the driver goes on (or aborts, by option).
   */
  handle<T>(
    source$: Observable<T>,
    handler: (value: T) => ObservableInput<Command> | undefined,
  ): Subscription;

  /**
   * Kills a task and repeats the KILL until the task reports a terminal state: after
   * `initialMs` (5 s), twice as long each time up to `maxMs` (60 s), and at once after each
   * re-subscription. Resolves with that terminal status, or with `NOT_RUNNING` when the driver
   * stops first (or is not running); never rejects. Failed KILLs go to `errors$`.
   */
  killUntilTerminal(
    taskId: TaskId,
    options?: KillRetryOptions,
  ): Promise<Either<DriverError, TaskStatus>>;

  /** Connects and subscribes; returns `DRIVER_RUNNING` (or the current status if not startable). */
  start(): DriverStatus;
  /**
   * Stops: without failover, TEARDOWN (the master removes the framework and kills its tasks);
   * with `failover: true`, only closes the connection (tasks keep running for the framework's
   * failover timeout).
   */
  stop(options?: { readonly failover?: boolean }): Promise<DriverStatus>;
  /** Stops delivering events and closes locally at once; no call is sent. */
  abort(): DriverStatus;
  /** Resolves with the final status once the driver is stopped or aborted. */
  join(): Promise<DriverStatus>;
  /** `start()` then `join()`. */
  run(): Promise<DriverStatus>;
}
