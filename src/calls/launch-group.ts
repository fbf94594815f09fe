/**
 * `launchGroup`: the LAUNCH_GROUP offer operation.
 *
 * @module
 */
import type { ExecutorInfo, TaskGroupInfo, TaskInfo } from '../wire';
import type { OperationOf } from './operation-of';

/**
 * A `LAUNCH_GROUP` operation, for {@link acceptOffers}: tasks launched together, atomically,
 * in one executor (usually the default executor, `type: 'DEFAULT'`).
 *
 * The group is a `TaskGroupInfo` or just its list of tasks. Like LAUNCH, it takes no `id`:
 * the master would fail the group with `TASK_ERROR`.
 *
 * @example
 * ```ts
 * const executor: ExecutorInfo = {
 *   type: 'DEFAULT',
 *   executor_id: { value: 'group-exec-1' },
 *   resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }],
 * };
 * const cmd = acceptOffers(offer.id, [launchGroup(executor, [task])]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function launchGroup(
  executor: ExecutorInfo,
  taskGroup: TaskGroupInfo | readonly TaskInfo[],
): OperationOf<'LAUNCH_GROUP'> {
  const tasks = isTaskList(taskGroup) ? taskGroup : (taskGroup.tasks ?? []);
  return {
    type: 'LAUNCH_GROUP',
    launch_group: { executor, task_group: tasks.length === 0 ? {} : { tasks: [...tasks] } },
  };
}

function isTaskList(group: TaskGroupInfo | readonly TaskInfo[]): group is readonly TaskInfo[] {
  return Array.isArray(group);
}
