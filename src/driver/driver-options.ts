/**
 * The options of {@link createDriver}.
 *
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import type { MasterDetector } from '../detector';
import type { HttpTransportOptions, MasterTransport, TransportDecorator } from '../transport';
import type { ContentType, FrameworkInfo, OfferConstraints } from '../wire';
import type { BackoffOptions } from './backoff';
import type { KnownTask, ReconciliationBackoff } from './reconciliation';

/**
 * Where the masters are: one URL, a list of URLs, a ZooKeeper URL (`zk://host:port,…/path`,
 * where the leading master is found and followed), or any detector.
 *
 * @example
 * ```ts
 * const masters: MasterOption = ['http://m1:5050', 'http://m2:5050', 'http://m3:5050'];
 * ```
 */
export type MasterOption = string | readonly string[] | MasterDetector;

/**
 * Receives the driver's diagnostics; secrets never reach it.
 *
 * @example
 * ```ts
 * const logger: DriverLogger = {
 *   debug: () => undefined,
 *   info: (message, details) => console.log(message, details),
 *   warn: (message, details) => console.warn(message, details),
 * };
 * ```
 */
export interface DriverLogger {
  debug(message: string, details?: Readonly<Record<string, unknown>>): void;
  info(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
}

/**
 * Options of the reactive driver. Only `master` and `framework` are required; docs/driver.md
 * explains each.
 *
 * @example
 * ```ts
 * const options: DriverOptions = {
 *   master: ['m1:5050', 'm2:5050'],
 *   framework: { name: 'batch', user: 'svc', failover_timeout: 7 * 24 * 3600, checkpoint: true },
 *   contentType: 'application/json',
 *   backoff: { initialMs: 200, maxMs: 15_000 },
 * };
 * ```
 */
export interface DriverOptions {
  /** `'http://m1:5050'`, `['m1:5050', 'm2:5050']`, `'zk://zk1:2181/mesos'`, or a {@link MasterDetector}. */
  readonly master: MasterOption;
  /**
   * The framework: `name` and `user` are required. Set `failover_timeout` (seconds) for a
   * framework that must survive its own restarts, `id` to re-subscribe as an existing
   * framework, `roles` with the `MULTI_ROLE` capability, `PARTITION_AWARE` …
   */
  readonly framework: FrameworkInfo;
  /** Encoding of calls and events. Default `application/x-protobuf`. */
  readonly contentType?: ContentType;
  /** Credentials, TLS …: `[basicAuth('svc', secret), tls({ ca })]`. */
  readonly transport?: readonly TransportDecorator[];
  /**
   * `auto` (default): each status update with a uuid is acknowledged once the handlers of its
   * event completed, including their asynchronous work. `explicit`: the application sends
   * `acknowledgeStatusUpdate(status)` itself. Updates without uuid are never acknowledged.
   */
  readonly acknowledgements?: 'auto' | 'explicit';
  /** Roles whose offers stay suppressed, sent with every SUBSCRIBE. */
  readonly suppressedRoles?: readonly string[];
  /** Offer constraints, sent with every SUBSCRIBE. */
  readonly offerConstraints?: OfferConstraints;
  /** Reconnection backoff (full jitter, capped at 15 s by default). */
  readonly backoff?: BackoffOptions;
  /** Watchdog: a stream silent for this many heartbeat intervals is dead. Default 5. */
  readonly heartbeatTimeoutFactor?: number;
  /** Heartbeat interval assumed when SUBSCRIBED does not give one, in seconds. Default 15. */
  readonly defaultHeartbeatSeconds?: number;
  /** Commands sent while not subscribed wait in a queue of this size. Default 1000. */
  readonly maxQueuedCommands?: number;
  /** How long a command may wait for a subscription, in ms. Default 60 000. */
  readonly commandTimeoutMs?: number;
  /** Timeout of each call, in ms. Default 75 000. */
  readonly callTimeoutMs?: number;
  /**
   * After every SUBSCRIBED, reconcile: explicitly for the `knownTasks` until each is
   * answered, then implicitly (docs/driver.md, Reconciliation). Default true; `false`: the
   * driver sends no RECONCILE at all (neither these nor the periodic ones).
   */
  readonly reconcileOnSubscribe?: boolean;
  /**
   * The tasks the application believes are not terminal, asked at each SUBSCRIBED (the set
   * changes over time); they are reconciled explicitly first. Default: none (implicit only).
   */
  readonly knownTasks?: () => readonly KnownTask[];
  /** The retry schedule of explicit reconciliation. Default 1 s doubling to 60 s, no limit. */
  readonly reconcileBackoff?: ReconciliationBackoff;
  /** While subscribed, an implicit RECONCILE every this many ms (after the first one). Default: none. */
  readonly reconcileEveryMs?: number;
  /**
   * Offers the application has neither accepted nor declined this many ms after they came are
   * declined by the driver (the master's default filter), and `offerRescinded$` gets a rescind
   * for each, so that pipelines holding them drop them. A safety net against offers forgotten
   * in a pipeline, which hold their resources away from every other framework. Default: none.
   */
  readonly offerTimeoutMs?: number;
  /** A handler that throws: report it on `errors$` and go on (default), or abort the driver. */
  readonly onHandlerError?: 'continue' | 'abort';
  /** Timers run here (virtual time in tests). Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Diagnostics. Default: none. */
  readonly logger?: DriverLogger;
  /** Source of randomness for backoff jitter (tests). */
  readonly random?: () => number;
  /**
   * Makes the transport to one master. Default: HTTP over undici (`createHttpTransport`).
   * The marble kit of `rxmesos/testing` passes a scripted master here to run the driver in
   * virtual time.
   */
  readonly connect?: (master: string, options: HttpTransportOptions) => MasterTransport;
}
