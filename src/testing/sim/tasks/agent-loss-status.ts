/**
 * The update the master makes for a task whose agent left (`Master::_removeSlave`,
 * `__removeSlave`, `markGone`): from SOURCE_MASTER, without uuid.
 *
 * | how the agent left | PARTITION_AWARE | otherwise |
 * | --- | --- | --- |
 * | unreachable | TASK_UNREACHABLE, REASON_AGENT_REMOVED, + `unreachable_time` | TASK_LOST, same reason, + `unreachable_time` |
 * | gone (marked by the operator) | TASK_GONE_BY_OPERATOR, REASON_AGENT_REMOVED_BY_OPERATOR | TASK_LOST, REASON_AGENT_REMOVED |
 * | removed (unregistered) | TASK_LOST, REASON_AGENT_REMOVED | same |
 *
 * @module
 */
import type { TaskStatus, TimeInfo } from '../../../wire';
import type { SimTask } from './sim-task';
import { masterStatus } from './status-builders';

/**
 * How an agent left: removed (unregistered), unreachable (partitioned), or marked gone; it
 * decides the state and reason of the updates for the agent's tasks (see the table above).
 *
 * @example
 * ```ts
 * const kind: AgentLossKind = 'gone';
 * agentLossStatus(task, kind, false, now, since).reason; // 'REASON_AGENT_REMOVED'
 * ```
 */
export type AgentLossKind = 'removed' | 'unreachable' | 'gone';

/**
 * The master's update for one task of a lost agent. Messages: "health check timed out" (the
 * agent stopped answering pings), "Agent has been marked gone", "Agent <hostname> removed:
 * the agent unregistered".
 *
 * @example
 * ```ts
 * agentLossStatus(task, 'unreachable', true, 1.5, { nanoseconds: '1500000000' }).state; // 'TASK_UNREACHABLE'
 * ```
 */
export function agentLossStatus(
  task: SimTask,
  kind: AgentLossKind,
  partitionAware: boolean,
  now: number,
  since: TimeInfo,
): TaskStatus {
  const base = {
    taskId: task.info.task_id,
    agentId: { value: task.agentId },
    ...(task.executor.kind === 'command' ? {} : { executorId: task.executor.id }),
    timestamp: now,
  };
  switch (kind) {
    case 'unreachable':
      return masterStatus({
        ...base,
        state: partitionAware ? 'TASK_UNREACHABLE' : 'TASK_LOST',
        message: 'health check timed out',
        reason: 'REASON_AGENT_REMOVED',
        unreachableTime: since,
      });
    case 'gone':
      return masterStatus({
        ...base,
        state: partitionAware ? 'TASK_GONE_BY_OPERATOR' : 'TASK_LOST',
        message: 'Agent has been marked gone',
        reason: partitionAware ? 'REASON_AGENT_REMOVED_BY_OPERATOR' : 'REASON_AGENT_REMOVED',
      });
    case 'removed':
      return masterStatus({
        ...base,
        state: 'TASK_LOST',
        message: `Agent ${task.hostname} removed: the agent unregistered`,
        reason: 'REASON_AGENT_REMOVED',
      });
  }
}
