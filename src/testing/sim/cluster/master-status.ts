/**
 * Status updates the master makes itself (invalid launches, invalid operations): no uuid, so
 * they are never acknowledged, source `SOURCE_MASTER`.
 *
 * @module
 */
import type { OperationID, OperationStatus, TaskInfo, TaskState, TaskStatus } from '../../../wire';

/**
 * A master-generated task status, as `protobuf::createStatusUpdate` fills it: task and agent
 * id from the `TaskInfo`, state, source, message, reason and timestamp.
 *
 * @example
 * ```ts
 * masterTaskStatus(task, 'TASK_ERROR', 'REASON_TASK_INVALID', 'Task uses no resources', now);
 * ```
 */
export function masterTaskStatus(
  task: TaskInfo,
  state: TaskState,
  reason: TaskStatus.Reason,
  message: string,
  timestamp: number,
): TaskStatus {
  return {
    task_id: task.task_id,
    state,
    message,
    source: 'SOURCE_MASTER',
    reason,
    agent_id: task.agent_id,
    timestamp,
  };
}

/**
 * The `OPERATION_ERROR` status the master sends for an operation it drops, when the operation
 * asked for feedback: no agent id, no uuid.
 *
 * @example
 * ```ts
 * operationError({ value: 'op-1' }, 'Operation attempted with invalid offers: …');
 * ```
 */
export function operationError(operationId: OperationID, message: string): OperationStatus {
  return { operation_id: operationId, state: 'OPERATION_ERROR', message };
}
