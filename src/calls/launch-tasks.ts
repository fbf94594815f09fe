/**
 * `launchTasks`: the classic driver's launch, as an ACCEPT with one LAUNCH.
 *
 * @module
 */
import type { Filters, OfferId, TaskInfo } from '../wire';
import type { CommandOf } from './command';
import { launch } from './launch';
import { toList, type OneOrMany } from './one-or-many';

/**
 * Launches tasks on offers: an `ACCEPT` of the offers with one `LAUNCH` of the tasks.
 *
 * Several tasks may share an offer; the offers must all be on the same agent, and each task's
 * `agent_id` is that agent. What the tasks leave unused is declined with `filters`
 * (`refuse_seconds` defaults to 5 on the master, with or without `filters`). An empty task list
 * launches nothing and so declines the offers, as in the classic driver. Tasks launched on an
 * offer that is no longer valid come back as `TASK_LOST` (or `TASK_DROPPED` for
 * partition-aware frameworks) with reason `REASON_INVALID_OFFERS`. For other operations or
 * several of them, use {@link acceptOffers}.
 *
 * @example
 * ```ts
 * const task: TaskInfo = {
 *   name: 'hello',
 *   task_id: { value: 'hello-1' },
 *   agent_id: offer.agent_id,
 *   resources: offer.resources ?? [],
 *   command: { value: 'echo hello' },
 * };
 * const cmd = launchTasks(offer.id, [task], { refuse_seconds: 30 });
 * ```
 * Spec: docs/protocol.md §5.
 */
export function launchTasks(
  offerIds: OneOrMany<OfferId>,
  tasks: OneOrMany<TaskInfo>,
  filters?: Filters,
): CommandOf<'ACCEPT'> {
  const offer_ids = toList(offerIds);
  return {
    type: 'ACCEPT',
    accept: {
      ...(offer_ids.length === 0 ? {} : { offer_ids }),
      operations: [launch(tasks)],
      ...(filters === undefined ? {} : { filters }),
    },
  };
}
