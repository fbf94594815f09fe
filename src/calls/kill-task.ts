/**
 * `killTask`: ask for a task to be killed (KILL).
 *
 * @module
 */
import type { AgentId, KillPolicy, TaskId } from '../wire';
import type { CommandOf } from './command';

/**
 * Options of {@link killTask}.
 *
 * - `agentId`: the task's agent. Recommended: the master forwards the kill faster, and
 *   ignores it silently when the task runs elsewhere.
 * - `killPolicy`: overrides the task's own kill policy for this kill, for example a shorter
 *   grace period to escalate a kill in progress.
 *
 * @example
 * ```ts
 * const opts: KillTaskOptions = { agentId: { value: 'S1' }, killPolicy: { grace_period: seconds(5) } };
 * ```
 * Spec: docs/protocol.md §5.
 */
export interface KillTaskOptions {
  readonly agentId?: AgentId;
  readonly killPolicy?: KillPolicy;
}

/**
 * Kills a task: a `KILL`.
 *
 * Kills are not reliable (a kill can be lost in a failover or a broken connection): retry until
 * a terminal update arrives. A kill of a task the master does not know starts reconciliation
 * of that task instead, so the answer is an update such as `TASK_LOST` or `TASK_UNKNOWN`.
 * Killing one task of a task group kills the whole group.
 *
 * @example
 * ```ts
 * const cmd = killTask(status.task_id, {
 *   agentId: status.agent_id,
 *   killPolicy: { grace_period: seconds(5) },
 * });
 * ```
 * Spec: docs/protocol.md §5.
 */
export function killTask(taskId: TaskId, options: KillTaskOptions = {}): CommandOf<'KILL'> {
  const { agentId, killPolicy } = options;
  return {
    type: 'KILL',
    kill: {
      task_id: taskId,
      ...(agentId === undefined ? {} : { agent_id: agentId }),
      ...(killPolicy === undefined ? {} : { kill_policy: killPolicy }),
    },
  };
}
