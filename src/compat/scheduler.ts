/**
 * The classic `Scheduler` callback interface.
 *
 * @module
 */
import type {
  AgentId,
  ExecutorId,
  FrameworkId,
  MasterInfo,
  Offer,
  OfferId,
  TaskStatus,
} from '../wire';
import type { ClassicSchedulerDriver } from './classic-scheduler-driver';

/**
 * What a callback returns: nothing, or a Promise. The driver waits for the Promise to settle
 * before it calls the next callback (and, with implicit acknowledgements, before it
 * acknowledges the status update that `statusUpdate` was given).
 *
 * @example
 * ```ts
 * const scheduler: Scheduler = {
 *   statusUpdate(driver, status): CallbackResult {
 *     // with implicit acknowledgements, the update is acknowledged once this settles
 *     return saveState(status.task_id.value, status.state);
 *   },
 * };
 * ```
 */
export type CallbackResult = void | Promise<void>;

/**
 * The ten callbacks of the classic Mesos `Scheduler`, each given the driver first. Every
 * callback is optional: implement the ones the framework needs (the classic driver's missing
 * ones did nothing).
 *
 * The driver calls them one at a time, in the order of the events, never concurrently; an
 * `async` callback holds the next one until it settles. A callback that throws (or whose
 * Promise rejects) aborts the driver and is reported to `error` (unless the driver's
 * `abortOnCallbackError` option is `false`). Awaiting `driver.join()` or `driver.run()` inside
 * a callback never settles, as in the classic driver: the driver waits for the callback.
 *
 * @example
 * ```ts
 * class Hello implements Scheduler {
 *   private launched = false;
 *   registered(_d: ClassicSchedulerDriver, frameworkId: FrameworkId): void {
 *     console.log('registered as', frameworkId.value);
 *   }
 *   resourceOffers(driver: ClassicSchedulerDriver, offers: readonly Offer[]): void {
 *     for (const offer of offers) {
 *       if (this.launched) driver.declineOffer(offer.id);
 *       else {
 *         this.launched = true;
 *         driver.launchTasks([offer.id], [helloTask(offer)]);
 *       }
 *     }
 *   }
 *   async statusUpdate(driver: ClassicSchedulerDriver, status: TaskStatus): Promise<void> {
 *     await saveState(status); // acknowledged only after this settles
 *     if (status.state === 'TASK_FINISHED') driver.stop();
 *   }
 * }
 * ```
 * Spec: docs/protocol.md §10; docs/porting.md.
 */
export interface Scheduler {
  /** The first SUBSCRIBED of this driver: the framework id (new, or the one given) and the master. */
  registered?(
    driver: ClassicSchedulerDriver,
    frameworkId: FrameworkId,
    masterInfo: MasterInfo | undefined,
  ): CallbackResult;
  /** A later SUBSCRIBED: after a reconnection or a master failover (same framework id). */
  reregistered?(driver: ClassicSchedulerDriver, masterInfo: MasterInfo | undefined): CallbackResult;
  /** The subscription was lost; the driver reconnects by itself (then `reregistered`). */
  disconnected?(driver: ClassicSchedulerDriver): CallbackResult;
  /** A batch of offers (OFFERS). Launch on them, or decline them: an offer kept is hoarded. */
  resourceOffers?(driver: ClassicSchedulerDriver, offers: readonly Offer[]): CallbackResult;
  /** An offer is no longer valid (RESCIND); launching on it gives TASK_LOST. */
  offerRescinded?(driver: ClassicSchedulerDriver, offerId: OfferId): CallbackResult;
  /** A task changed state (UPDATE); acknowledged after the callback settles unless explicit. */
  statusUpdate?(driver: ClassicSchedulerDriver, status: TaskStatus): CallbackResult;
  /** An executor sent a message (MESSAGE); `data` is the decoded bytes. */
  frameworkMessage?(
    driver: ClassicSchedulerDriver,
    executorId: ExecutorId,
    agentId: AgentId,
    data: Uint8Array,
  ): CallbackResult;
  /** An agent is gone (FAILURE with only an agent id); its tasks must be resubmitted. */
  slaveLost?(driver: ClassicSchedulerDriver, agentId: AgentId): CallbackResult;
  /**
   * An executor exited (FAILURE with an executor id); `status` is its exit status when known,
   * `agentId` is the agent it ran on (the master always sets it; the schema leaves it optional).
   */
  executorLost?(
    driver: ClassicSchedulerDriver,
    executorId: ExecutorId,
    agentId: AgentId | undefined,
    status: number | undefined,
  ): CallbackResult;
  /**
   * An unrecoverable error: an ERROR event from the master (`Framework failed over`, …), a
   * refused SUBSCRIBE (bad FrameworkInfo, credentials), or a callback that threw. The driver
   * is already aborted when this is called (status `DRIVER_ABORTED`).
   */
  error?(driver: ClassicSchedulerDriver, message: string): CallbackResult;
}
