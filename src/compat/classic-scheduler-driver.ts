/**
 * The classic `SchedulerDriver` methods, as an interface.
 *
 * @module
 */
import type { KillTaskOptions } from '../calls';
import type { DriverStatus, SchedulerDriver } from '../driver';
import type {
  AgentId,
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

/**
 * The sixteen methods of the classic Mesos `SchedulerDriver` (plus `updateFramework`), as the
 * callbacks of a {@link Scheduler} see the driver. {@link MesosSchedulerDriver} implements it;
 * a test may give a scheduler a fake.
 *
 * Every method returns the driver status at once: `DRIVER_RUNNING` when the call was queued
 * for the master, otherwise the status that prevented it (`DRIVER_NOT_STARTED` before
 * `start()`, `DRIVER_STOPPED` after `stop()`, `DRIVER_ABORTED` after `abort()` or an error),
 * and then nothing is sent. Only `join()` and `run()` wait, and return a Promise.
 *
 * @example
 * ```ts
 * function onOffers(driver: ClassicSchedulerDriver, offers: readonly Offer[]): void {
 *   for (const offer of offers) driver.declineOffer(offer.id, { refuse_seconds: 30 });
 * }
 * ```
 * Spec: docs/protocol.md §10; docs/porting.md.
 */
export interface ClassicSchedulerDriver {
  /** The current status. */
  readonly status: DriverStatus;
  /** The reactive driver underneath: `state$`, `errors$`, and the reactive face, for porting step by step. */
  readonly reactive: SchedulerDriver;

  /** Connects and subscribes; `DRIVER_RUNNING`, or the current status if already started. */
  start(): DriverStatus;
  /**
   * Stops at once (status `DRIVER_STOPPED`, no more callbacks). Without failover a TEARDOWN
   * goes out after the calls made before it (the master kills the tasks); with
   * `failover = true` only the connection closes. `await join()` to know it is done.
   */
  stop(failover?: boolean): DriverStatus;
  /** Stops delivering callbacks at once; no call is sent. */
  abort(): DriverStatus;
  /** Resolves with the final status once the driver is stopped or aborted. */
  join(): Promise<DriverStatus>;
  /** `start()`, then `join()` if it gave `DRIVER_RUNNING`. */
  run(): Promise<DriverStatus>;
  /** REQUEST: asks for resources; they arrive as offers. */
  requestResources(requests: readonly Request[]): DriverStatus;
  /** ACCEPT with LAUNCH on one or more offers of one agent. */
  launchTasks(
    offerIds: readonly OfferId[],
    tasks: readonly TaskInfo[],
    filters?: Filters,
  ): DriverStatus;
  /** @deprecated The single-offer form of the classic API: pass `[offerId]`. */
  // eslint-disable-next-line @typescript-eslint/unified-signatures -- a separate overload, so that only this form is deprecated
  launchTasks(offerId: OfferId, tasks: readonly TaskInfo[], filters?: Filters): DriverStatus;
  /** KILL; v1 adds the agent id and a kill policy. */
  killTask(taskId: TaskId, options?: KillTaskOptions): DriverStatus;
  /** ACCEPT with any operations (LAUNCH, RESERVE, CREATE …). */
  acceptOffers(
    offerIds: readonly OfferId[],
    operations: readonly Offer.Operation[],
    filters?: Filters,
  ): DriverStatus;
  /** DECLINE one offer. */
  declineOffer(offerId: OfferId, filters?: Filters): DriverStatus;
  /** REVIVE: no argument revives every role; an empty list does nothing (classic meaning). */
  reviveOffers(roles?: readonly string[]): DriverStatus;
  /** SUPPRESS: no argument suppresses every role; an empty list does nothing (classic meaning). */
  suppressOffers(roles?: readonly string[]): DriverStatus;
  /** ACKNOWLEDGE, with `implicitAcknowledgements: false` only; otherwise nothing is sent. */
  acknowledgeStatusUpdate(status: TaskStatus): DriverStatus;
  /** MESSAGE to an executor; best effort. */
  sendFrameworkMessage(
    executorId: ExecutorId,
    agentId: AgentId,
    data: Uint8Array | string,
  ): DriverStatus;
  /** RECONCILE the listed tasks; an empty list asks for every task of the framework. */
  reconcileTasks(statuses: readonly Pick<TaskStatus, 'task_id' | 'agent_id'>[]): DriverStatus;
  /** UPDATE_FRAMEWORK: new FrameworkInfo, suppressed roles and offer constraints. */
  updateFramework(
    frameworkInfo: FrameworkInfo,
    suppressedRoles?: readonly string[],
    offerConstraints?: OfferConstraints,
  ): DriverStatus;
}
