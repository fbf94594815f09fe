/**
 * The classic `MesosSchedulerDriver`, built on the reactive driver.
 *
 * @module
 */
import { filter, from, ignoreElements, type Observable } from 'rxjs';
import {
  acceptOffers,
  acknowledgeStatusUpdate,
  declineOffer,
  killTask,
  launchTasks,
  reconcileTasks,
  requestResources,
  reviveOffers,
  sendFrameworkMessage,
  suppressOffers,
  updateFramework,
  type Command,
  type KillTaskOptions,
} from '../calls';
import { detectorFor, type MasterDetector } from '../detector';
import { createDriver, type DriverStatus, type SchedulerDriver } from '../driver';
import { basicAuth } from '../transport';
import type {
  AgentId,
  Event,
  ExecutorId,
  Filters,
  FrameworkInfo,
  Offer,
  OfferConstraints,
  OfferId,
  Request,
  TaskId,
  TaskInfo,
  TaskStatus,
} from '../wire';
import { CallbackError } from './callback-error';
import type { ClassicSchedulerDriver } from './classic-scheduler-driver';
import { masterUrlOf } from './master-url-of';
import type { MesosSchedulerDriverOptions } from './mesos-scheduler-driver-options';
import type { CallbackResult, Scheduler } from './scheduler';

/**
 * The classic Mesos scheduler driver: give it a {@link Scheduler}, a `FrameworkInfo` and the
 * master, then `run()`. It is a thin face over the reactive driver (`driver.reactive`): the
 * events arrive as callbacks, one at a time and in order, and each method sends one call.
 *
 * - The master: `host:port`, `master@host:port`, `http(s)://host:port[/prefix]`,
 *   `zk://[user:password@]host:port[,…]/path` (the leader is found in ZooKeeper), or a
 *   `MasterDetector`; an address it cannot use throws a `MasterAddressError`.
 * - Methods return the status at once; nothing is sent unless it is `DRIVER_RUNNING`.
 *   `join()` and `run()` return a Promise; `stop()` returns at once (`await join()` after it).
 * - Status updates are acknowledged after `statusUpdate` settled (`implicitAcknowledgements`).
 * - A callback that throws aborts the driver, then `error` is called (`abortOnCallbackError`).
 * - Launches that cannot be delivered come back as TASK_LOST status updates.
 *
 * @example
 * ```ts
 * import { MesosSchedulerDriver, type Scheduler } from 'rxmesos/compat';
 *
 * const scheduler: Scheduler = {
 *   resourceOffers: (driver, offers) => {
 *     for (const offer of offers) driver.declineOffer(offer.id);
 *   },
 * };
 * const driver = new MesosSchedulerDriver(scheduler, { name: 'demo', user: 'me' }, '127.0.0.1:5050');
 * process.exitCode = (await driver.run()) === 'DRIVER_STOPPED' ? 0 : 1;
 * ```
 * Spec: docs/protocol.md §10; docs/porting.md.
 */
export class MesosSchedulerDriver implements ClassicSchedulerDriver {
  /** The reactive driver underneath. */
  readonly reactive: SchedulerDriver;

  /** NOT_STARTED until start(); STOPPED/ABORTED as soon as stop()/abort() (or an error) said so. */
  private own: DriverStatus = 'DRIVER_NOT_STARTED';
  /** The callbacks, chained: each starts after the one before settled. */
  private tail: Promise<void> = Promise.resolve();
  private stopped: Promise<unknown> = Promise.resolve();
  private registeredOnce = false;
  private readonly implicitAcks: boolean;
  private readonly abortOnCallbackError: boolean;

  /**
   * Creates the driver; nothing connects until `start()` or `run()`. Throws a
   * `MasterAddressError` for a master address it cannot use.
   */
  constructor(
    private readonly scheduler: Scheduler,
    frameworkInfo: FrameworkInfo,
    master: string | MasterDetector,
    private readonly options: MesosSchedulerDriverOptions = {},
  ) {
    this.implicitAcks = options.implicitAcknowledgements ?? true;
    this.abortOnCallbackError = options.abortOnCallbackError ?? true;
    const { credentials } = options;
    const reactive = createDriver({
      ...options.driver,
      master: typeof master === 'string' ? detectorFor(masterUrlOf(master)) : master,
      framework: frameworkInfo,
      ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
      transport: [
        ...(credentials === undefined
          ? []
          : [basicAuth(credentials.principal, credentials.secret)]),
        ...(options.transport ?? []),
      ],
      acknowledgements: this.implicitAcks ? 'auto' : 'explicit',
      onHandlerError: 'continue',
    });
    this.reactive = reactive;
    // One handler for every event: one order across kinds; the driver acknowledges an update
    // once the returned work (the callback, after those before it) completed.
    reactive.handle(reactive.events$, (event) => this.work(() => this.dispatch(event)));
    reactive.disconnected$.subscribe(() => {
      void this.enqueue('disconnected', () => this.scheduler.disconnected?.(this));
    });
    reactive.errors$.pipe(filter((e) => e.code === 'SUBSCRIBE_REFUSED')).subscribe((e) => {
      void this.enqueue('error', () => this.fail(e.message), true);
    });
  }

  /** The current status: `DRIVER_NOT_STARTED`, `DRIVER_RUNNING`, `DRIVER_STOPPED` or `DRIVER_ABORTED`. */
  get status(): DriverStatus {
    return this.own === 'DRIVER_RUNNING' ? this.reactive.status : this.own;
  }

  // ---- lifecycle ----

  /** Connects and subscribes; `DRIVER_RUNNING`, or the current status if already started. */
  start(): DriverStatus {
    if (this.own !== 'DRIVER_NOT_STARTED') return this.status;
    this.own = 'DRIVER_RUNNING';
    this.reactive.start();
    return this.status;
  }

  /**
   * Stops at once: the status is `DRIVER_STOPPED` and no callback follows. Without failover a
   * TEARDOWN goes out after the calls made before it (the master removes the framework and
   * kills its tasks); with `failover = true` only the connection closes and the tasks keep
   * running for the framework's `failover_timeout`. `await driver.join()` to know it is done.
   * Before `start()` or after `abort()` it changes nothing and returns that status.
   */
  stop(failover = false): DriverStatus {
    const status = this.status;
    if (status !== 'DRIVER_RUNNING') return status;
    this.own = 'DRIVER_STOPPED';
    this.stopped = this.reactive.stop({ failover });
    return this.own;
  }

  /** Stops delivering callbacks and closes at once; no call is sent. */
  abort(): DriverStatus {
    const status = this.status;
    if (status !== 'DRIVER_RUNNING') return status;
    this.own = 'DRIVER_ABORTED';
    this.reactive.abort();
    return this.own;
  }

  /**
   * Resolves with the final status (`DRIVER_STOPPED` or `DRIVER_ABORTED`) once the driver is
   * finished and the last callback settled; at once with `DRIVER_NOT_STARTED` before `start()`.
   */
  async join(): Promise<DriverStatus> {
    if (this.own === 'DRIVER_NOT_STARTED') return this.own;
    await this.reactive.join();
    await this.stopped;
    await this.tail;
    if (this.own === 'DRIVER_RUNNING') this.own = this.reactive.status;
    return this.own;
  }

  /** `start()`, then `join()` if it gave `DRIVER_RUNNING`; otherwise that status. */
  run(): Promise<DriverStatus> {
    const status = this.start();
    return status === 'DRIVER_RUNNING' ? this.join() : Promise.resolve(status);
  }

  // ---- calls ----

  /** REQUEST: asks for resources; granted ones arrive as offers. */
  requestResources(requests: readonly Request[]): DriverStatus {
    return this.send(() => requestResources(requests));
  }

  /** ACCEPT with LAUNCH on one or more offers of one agent. */
  launchTasks(
    offerIds: readonly OfferId[],
    tasks: readonly TaskInfo[],
    filters?: Filters,
  ): DriverStatus;
  /** @deprecated The single-offer form of the classic API: pass `[offerId]`. */
  // eslint-disable-next-line @typescript-eslint/unified-signatures -- a separate overload, so that only this form is deprecated
  launchTasks(offerId: OfferId, tasks: readonly TaskInfo[], filters?: Filters): DriverStatus;
  launchTasks(
    offerIds: OfferId | readonly OfferId[],
    tasks: readonly TaskInfo[],
    filters?: Filters,
  ): DriverStatus {
    return this.send(() => launchTasks(offerIds, tasks, filters));
  }

  /** KILL a task; v1 adds the agent id and a kill policy. Retry it if the update never comes. */
  killTask(taskId: TaskId, options?: KillTaskOptions): DriverStatus {
    return this.send(() => killTask(taskId, options));
  }

  /** ACCEPT with any sequence of operations on offers of one agent. */
  acceptOffers(
    offerIds: readonly OfferId[],
    operations: readonly Offer.Operation[],
    filters?: Filters,
  ): DriverStatus {
    return this.send(() => acceptOffers(offerIds, operations, filters));
  }

  /** DECLINE an offer: its resources go back to the pool. */
  declineOffer(offerId: OfferId, filters?: Filters): DriverStatus {
    return this.send(() => declineOffer(offerId, filters));
  }

  /**
   * REVIVE: without an argument every role is revived (filters cleared); with roles, those.
   * An empty list does nothing, as in the classic driver (in v1 an empty list means all roles).
   */
  reviveOffers(roles?: readonly string[]): DriverStatus {
    if (roles !== undefined && roles.length === 0) return this.status;
    return this.send(() => reviveOffers(roles ?? []));
  }

  /**
   * SUPPRESS: without an argument every role is suppressed; with roles, those. An empty list
   * does nothing, as in the classic driver (in v1 an empty list means all roles).
   */
  suppressOffers(roles?: readonly string[]): DriverStatus {
    if (roles !== undefined && roles.length === 0) return this.status;
    return this.send(() => suppressOffers(roles ?? []));
  }

  /**
   * ACKNOWLEDGE a status update, for `implicitAcknowledgements: false`. With implicit
   * acknowledgements (the classic driver aborted here), and for an update that cannot be
   * acknowledged (no uuid or agent id: the classic driver crashed), nothing is sent.
   */
  acknowledgeStatusUpdate(status: TaskStatus): DriverStatus {
    if (this.implicitAcks) return this.status;
    const ack = acknowledgeStatusUpdate(status);
    return ack._tag === 'Right' ? this.send(() => ack.right) : this.status;
  }

  /** MESSAGE to an executor; best effort, no delivery guarantee. */
  sendFrameworkMessage(
    executorId: ExecutorId,
    agentId: AgentId,
    data: Uint8Array | string,
  ): DriverStatus {
    return this.send(() => sendFrameworkMessage(executorId, agentId, data));
  }

  /** RECONCILE the listed tasks; an empty list asks for every task of the framework. */
  reconcileTasks(statuses: readonly Pick<TaskStatus, 'task_id' | 'agent_id'>[]): DriverStatus {
    return this.send(() => reconcileTasks(statuses));
  }

  /** UPDATE_FRAMEWORK: a new FrameworkInfo (same id), suppressed roles, offer constraints. */
  updateFramework(
    frameworkInfo: FrameworkInfo,
    suppressedRoles: readonly string[] = [],
    offerConstraints?: OfferConstraints,
  ): DriverStatus {
    return this.send(() =>
      updateFramework(frameworkInfo, {
        suppressedRoles,
        ...(offerConstraints === undefined ? {} : { offerConstraints }),
      }),
    );
  }

  // ---- internals ----

  /** Sends a command if running (failures go to `reactive.errors$`); returns the status. */
  private send(command: () => Command): DriverStatus {
    const status = this.status;
    if (status === 'DRIVER_RUNNING') this.reactive.dispatch([command()]);
    return status;
  }

  /** Handler work for the reactive driver: the callback's Promise, as an empty Observable. */
  private work(run: () => Promise<void>): Observable<never> {
    return from(run()).pipe(ignoreElements());
  }

  /** One event to its callback, after the callbacks before it. */
  private dispatch(event: Event): Promise<void> {
    const s = this.scheduler;
    switch (event.type) {
      case 'SUBSCRIBED': {
        const { framework_id, master_info } = event.subscribed;
        if (this.registeredOnce)
          return this.enqueue('reregistered', () => s.reregistered?.(this, master_info));
        this.registeredOnce = true;
        return this.enqueue('registered', () => s.registered?.(this, framework_id, master_info));
      }
      case 'OFFERS':
        return this.enqueue('resourceOffers', () =>
          s.resourceOffers?.(this, event.offers.offers ?? []),
        );
      case 'RESCIND':
        return this.enqueue('offerRescinded', () =>
          s.offerRescinded?.(this, event.rescind.offer_id),
        );
      case 'UPDATE':
        return this.enqueue('statusUpdate', () => s.statusUpdate?.(this, event.update.status));
      case 'MESSAGE': {
        const { executor_id, agent_id, data } = event.message;
        const bytes = new Uint8Array(Buffer.from(data, 'base64'));
        return this.enqueue('frameworkMessage', () =>
          s.frameworkMessage?.(this, executor_id, agent_id, bytes),
        );
      }
      case 'FAILURE': {
        const { agent_id, executor_id, status } = event.failure;
        if (executor_id !== undefined)
          return this.enqueue('executorLost', () =>
            s.executorLost?.(this, executor_id, agent_id, status),
          );
        if (agent_id !== undefined)
          return this.enqueue('slaveLost', () => s.slaveLost?.(this, agent_id));
        return Promise.resolve();
      }
      case 'ERROR': {
        const { message } = event.error;
        return this.enqueue('error', () => this.fail(message), true);
      }
      default:
        // HEARTBEAT, inverse offers, operation updates: no classic callback (see `reactive`)
        return Promise.resolve();
    }
  }

  /** An unrecoverable error: abort (the classic order), then the `error` callback. */
  private fail(message: string): CallbackResult {
    this.abort();
    return this.scheduler.error?.(this, message);
  }

  /**
   * Chains a callback after the ones before it. It is skipped once the driver is stopped or
   * aborted (`error` excepted); a failure aborts and calls `error`, or goes to
   * `onCallbackError`. The returned Promise never rejects.
   */
  private enqueue(
    name: keyof Scheduler,
    callback: () => CallbackResult,
    evenIfFinished = false,
  ): Promise<void> {
    const next = this.tail.then(async () => {
      if (!evenIfFinished && this.status !== 'DRIVER_RUNNING') return;
      try {
        await callback();
      } catch (e: unknown) {
        await this.callbackFailed(new CallbackError(name, e));
      }
    });
    this.tail = next;
    return next;
  }

  private async callbackFailed(error: CallbackError): Promise<void> {
    if (!this.abortOnCallbackError) {
      this.options.onCallbackError?.(error);
      return;
    }
    this.abort();
    if (error.callback === 'error') return; // the error callback itself failed: nothing more to tell
    try {
      await this.scheduler.error?.(this, error.message);
    } catch {
      // the error callback failed too: the driver is aborted already
    }
  }
}
