/**
 * Calls as data: one pure builder per classic `SchedulerDriver` method (and per v1-only call),
 * each returning a {@link Command} that the driver stamps with the framework id
 * ({@link toCall}) and sends. No I/O, no rxjs; every builder is total.
 *
 * @example
 * ```ts
 * const cmds: Command[] = [
 *   launchTasks(offer.id, [task], { refuse_seconds: 5 }),
 *   declineOffer(offers.map((o) => o.id), { refuse_seconds: 3600 }),
 *   killTask(status.task_id, { agentId: status.agent_id }),
 * ];
 * const calls = cmds.map((c) => toCall(c, { value: 'F1' }));
 * ```
 * Spec: docs/protocol.md §5.
 * @module
 */
export type { Command, CommandOf, CommandType } from './command';
export { toCall, type CallOf } from './to-call';
export type { OneOrMany } from './one-or-many';

// SchedulerDriver methods, in the classic order
export { requestResources } from './request-resources';
export { launchTasks } from './launch-tasks';
export { killTask, type KillTaskOptions } from './kill-task';
export { acceptOffers } from './accept-offers';
export { declineOffer } from './decline-offer';
export { reviveOffers } from './revive-offers';
export { suppressOffers } from './suppress-offers';
export { acknowledgeStatusUpdate } from './acknowledge-status-update';
export { sendFrameworkMessage } from './send-framework-message';
export { reconcileTasks } from './reconcile-tasks';
export { teardown } from './teardown';
export { updateFramework, type UpdateFrameworkOptions } from './update-framework';

// v1 calls with no classic method
export { shutdownExecutor } from './shutdown-executor';
export { acceptInverseOffers } from './accept-inverse-offers';
export { declineInverseOffers } from './decline-inverse-offers';
export { acknowledgeOperationStatus } from './acknowledge-operation-status';
export { reconcileOperations } from './reconcile-operations';

// offer operations, for acceptOffers
export type { OperationOf, OperationOptions } from './operation-of';
export { launch } from './launch';
export { launchGroup } from './launch-group';
export { reserve, type ReserveOptions } from './reserve';
export { unreserve } from './unreserve';
export { create } from './create';
export { destroy } from './destroy';
export { growVolume } from './grow-volume';
export { shrinkVolume } from './shrink-volume';
export { createDisk, type CreateDiskOptions, type DiskTargetType } from './create-disk';
export { destroyDisk } from './destroy-disk';

// helpers and errors
export { seconds } from './seconds';
export { uuidOf } from './uuid-of';
export { NotAcknowledgeable, type NotAcknowledgeableCode } from './not-acknowledgeable';
export {
  OperationNotAcknowledgeable,
  type OperationNotAcknowledgeableCode,
} from './operation-not-acknowledgeable';
