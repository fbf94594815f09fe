/**
 * `reconcileTasks`: ask for the latest state of tasks (RECONCILE).
 *
 * @module
 */
import type { Call } from '../wire';
import type { CommandOf } from './command';

/**
 * Asks the master for the latest state of tasks: a `RECONCILE`. The answers arrive as `UPDATE`
 * events without uuid (not to be acknowledged).
 *
 * Explicit: list the tasks, by anything with a `task_id` and an optional `agent_id` (a
 * `TaskStatus`, a `TaskInfo`); only those two fields are sent. A task the master does not know
 * is answered `TASK_LOST` (or `TASK_GONE`, `TASK_UNREACHABLE`, `TASK_UNKNOWN` … for
 * partition-aware frameworks), or not at all while its agent has yet to re-register: retry
 * with backoff until every task has had an answer. Implicit: an empty list (or no argument)
 * asks for every task the master knows for the framework, as the classic driver's empty
 * list did.
 *
 * @example
 * ```ts
 * const explicit = reconcileTasks([status]);
 * const implicit = reconcileTasks([]);
 * ```
 * Spec: docs/protocol.md §9.
 */
export function reconcileTasks(tasks: readonly Call.Reconcile.Task[] = []): CommandOf<'RECONCILE'> {
  return {
    type: 'RECONCILE',
    reconcile:
      tasks.length === 0
        ? {}
        : {
            tasks: tasks.map(({ task_id, agent_id }) =>
              agent_id === undefined ? { task_id } : { task_id, agent_id },
            ),
          },
  };
}
