/**
 * What the driver reports, as the master would, for an ACCEPT that never reached the master:
 * an update for each task it launches and an operation status for each operation that asked
 * for feedback.
 *
 * @module
 */
import type { Command } from '../calls';
import type { Event, OperationID, TaskStatus } from '../wire';

/**
 * Why the tasks of a launch that did not reach the master are reported dropped.
 *
 * @example
 * ```ts
 * const why: DropReason = {
 *   reason: 'REASON_INVALID_OFFERS',
 *   message: 'Task launched with invalid offers: Offer O1 is no longer valid',
 * };
 * ```
 * Spec: docs/protocol.md §8.
 */
export interface DropReason {
  readonly reason: TaskStatus.Reason;
  readonly message: string;
}

/** The tasks an ACCEPT launches (LAUNCH and LAUNCH_GROUP operations); none for other commands. */
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

/**
 * One `UPDATE` per task of a launch that cannot be delivered: `TASK_DROPPED` (`TASK_LOST` for
 * a framework without `PARTITION_AWARE`) from `SOURCE_MASTER`, without uuid, with `why` as
 * its reason and message. Empty for a command that launches nothing.
 *
 * @example
 * ```ts
 * const events = droppedLaunchUpdates(command, {
 *   partitionAware: true,
 *   why: { reason: 'REASON_MASTER_DISCONNECTED', message: 'the launch could not be delivered' },
 *   nowMs: Date.now(),
 * });
 * ```
 * Spec: docs/protocol.md §8, §10.
 */
export function droppedLaunchUpdates(
  command: Command,
  drop: { readonly partitionAware: boolean; readonly why: DropReason; readonly nowMs: number },
): readonly Event[] {
  return launchedTasks(command).map((t): Event => {
    const status: TaskStatus = {
      task_id: t.task_id,
      state: drop.partitionAware ? 'TASK_DROPPED' : 'TASK_LOST',
      source: 'SOURCE_MASTER',
      reason: drop.why.reason,
      message: drop.why.message,
      timestamp: drop.nowMs / 1000,
      ...(t.agent_id === undefined ? {} : { agent_id: t.agent_id }),
    };
    return { type: 'UPDATE', update: { status } };
  });
}

/**
 * One `OPERATION_ERROR` status per operation of an ACCEPT that asked for feedback (has an
 * `id`), launches aside, with `message`. Empty for other commands.
 *
 * @example
 * ```ts
 * const events = operationErrors(command, 'Operation attempted with invalid offers: Offer O1 is no longer valid');
 * ```
 * Spec: docs/protocol.md §7.
 */
export function operationErrors(command: Command, message: string): readonly Event[] {
  return operationsWithFeedback(command).map((operation_id): Event => ({
    type: 'UPDATE_OPERATION_STATUS',
    update_operation_status: { status: { operation_id, state: 'OPERATION_ERROR', message } },
  }));
}

/** The operations of an ACCEPT that asked for feedback (an `id`), other than launches. */
function operationsWithFeedback(command: Command): readonly OperationID[] {
  if (command.type !== 'ACCEPT') return [];
  return (command.accept.operations ?? []).flatMap((op) =>
    op.type !== 'LAUNCH' && op.type !== 'LAUNCH_GROUP' && op.id !== undefined ? [op.id] : [],
  );
}
