/**
 * `acknowledgeStatusUpdate`: acknowledge a task status update (ACKNOWLEDGE).
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { TaskStatus } from '../wire';
import type { CommandOf } from './command';
import { NotAcknowledgeable } from './not-acknowledgeable';
import { uuidOf } from './uuid-of';

/**
 * Acknowledges a task status update: an `ACKNOWLEDGE` with the update's agent id, task id and
 * uuid, or a {@link NotAcknowledgeable} value when there is nothing to acknowledge.
 *
 * Only updates with a `uuid` are acknowledged; the agent resends such an update until it is,
 * and holds back the task's later updates meanwhile, so acknowledge once the update is durably
 * handled. Updates without a uuid (all those the master makes itself: reconciliation answers,
 * invalid offers, lost agents) give `Left` with code `NO_UUID`, never a call; a uuid without an
 * `agent_id` gives `NO_AGENT_ID`. The classic driver crashed on both.
 *
 * @example
 * ```ts
 * const ack = acknowledgeStatusUpdate(status);
 * if (isRight(ack)) console.log(ack.right.acknowledge.uuid);
 * else if (ack.left.code === 'NO_UUID') console.log('master-made update, nothing to do');
 * ```
 * Spec: docs/protocol.md §8.
 */
export function acknowledgeStatusUpdate(
  status: Pick<TaskStatus, 'task_id' | 'agent_id' | 'uuid'>,
): Either<NotAcknowledgeable, CommandOf<'ACKNOWLEDGE'>> {
  const uuid = uuidOf(status);
  if (uuid === undefined) return left(new NotAcknowledgeable('NO_UUID', status.task_id));
  if (status.agent_id === undefined) {
    return left(new NotAcknowledgeable('NO_AGENT_ID', status.task_id));
  }
  return right({
    type: 'ACKNOWLEDGE',
    acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid },
  });
}
