/**
 * The UPDATE event builder.
 *
 * @module
 */
import type { EventOf } from '../../events';
import type { AgentID, Base64, TaskID, TaskState, TaskStatus } from '../../wire';
import { marbleIds } from './marble-ids';
import { statusUuid } from './status-uuid';

/** The time (seconds since the epoch) the builders stamp updates with: 2024-09-02 07:00 UTC. */
const TIMESTAMP = 1_725_260_400;

/**
 * Options of {@link update}: the rest of the `TaskStatus`.
 *
 * @example
 * ```ts
 * const lost: UpdateOptions = { source: 'SOURCE_MASTER', reason: 'REASON_AGENT_REMOVED' };
 * const retried: UpdateOptions = { uuid: 'Wh8MPpsnTY6mxC9+kdA7WA==' };
 * ```
 */
export interface UpdateOptions {
  /**
   * The update's uuid (16 bytes, base64). By default one derived from the task id and state
   * (the same task and state give the same uuid, as an agent's retry does), except for
   * updates from `SOURCE_MASTER`, which never carry one; `null` for none.
   */
  readonly uuid?: Base64 | null;
  /** The agent of the task. Default `marbleIds.agent(0)`. */
  readonly agentId?: string | AgentID;
  /** The executor of the task. Default none. */
  readonly executorId?: string;
  /** Who made the update. Default `SOURCE_EXECUTOR`. */
  readonly source?: TaskStatus.Source;
  readonly reason?: TaskStatus.Reason;
  readonly message?: string;
  /** Seconds since the epoch. Default a fixed time. */
  readonly timestamp?: number;
  readonly healthy?: boolean;
}

/**
 * An `UPDATE` event: the status of one task as the master forwards it, with `agent_id`,
 * `timestamp` and, unless it comes from the master itself, a `uuid` to acknowledge.
 *
 * @example
 * ```ts
 * const running = update('web-1', 'TASK_RUNNING'); // from the executor, with a uuid
 * const answer = update('web-1', 'TASK_LOST', {
 *   source: 'SOURCE_MASTER',
 *   reason: 'REASON_RECONCILIATION',
 * }); // from the master: no uuid, never acknowledged
 * ```
 * Spec: docs/protocol.md §6, §8.
 */
export function update(
  taskId: string | TaskID,
  state: TaskState,
  options: UpdateOptions = {},
): EventOf<'UPDATE'> {
  const task_id: TaskID = typeof taskId === 'string' ? { value: taskId } : taskId;
  const source = options.source ?? 'SOURCE_EXECUTOR';
  const agent = options.agentId ?? marbleIds.agent(0);
  const uuid =
    options.uuid === null
      ? undefined
      : (options.uuid ??
        (source === 'SOURCE_MASTER' ? undefined : statusUuid(`${task_id.value}/${state}`)));
  const status: TaskStatus = {
    task_id,
    state,
    ...(options.message === undefined ? {} : { message: options.message }),
    source,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    agent_id: typeof agent === 'string' ? { value: agent } : agent,
    ...(options.executorId === undefined ? {} : { executor_id: { value: options.executorId } }),
    timestamp: options.timestamp ?? TIMESTAMP,
    ...(uuid === undefined ? {} : { uuid }),
    ...(options.healthy === undefined ? {} : { healthy: options.healthy }),
  };
  return { type: 'UPDATE', update: { status } };
}
