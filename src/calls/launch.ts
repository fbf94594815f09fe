/**
 * `launch`: the LAUNCH offer operation.
 *
 * @module
 */
import type { TaskInfo } from '../wire';
import { toList, type OneOrMany } from './one-or-many';
import type { OperationOf } from './operation-of';

/**
 * A `LAUNCH` operation of one task or several, for {@link acceptOffers}.
 *
 * Each task needs `name`, `task_id`, `agent_id` (the offers' agent) and exactly one of
 * `command` or `executor`. There is no `id` option: the master fails every task of a LAUNCH
 * that has one with `TASK_ERROR`; launches report through task status updates instead.
 *
 * @example
 * ```ts
 * const cmd = acceptOffers(offer.id, [launch([task])]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function launch(tasks: OneOrMany<TaskInfo>): OperationOf<'LAUNCH'> {
  const task_infos = toList(tasks);
  return { type: 'LAUNCH', launch: task_infos.length === 0 ? {} : { task_infos } };
}
