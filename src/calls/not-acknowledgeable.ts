/**
 * The error of acknowledging a task status update that must not or cannot be acknowledged.
 *
 * @module
 */
import { TaggedError } from '../internal';
import type { TaskId } from '../wire';

/**
 * Why a status update cannot be acknowledged:
 * - `NO_UUID`: the update has no `uuid`. Such updates (every update the master makes itself:
 *   reconciliation answers, `TASK_LOST` for an invalid offer or a lost agent …) are not to be
 *   acknowledged. Nothing is wrong: there is simply nothing to do.
 * - `NO_AGENT_ID`: the update has a `uuid` but no `agent_id`, and `ACKNOWLEDGE` needs both.
 *
 * @example
 * ```ts
 * const code: NotAcknowledgeableCode = 'NO_UUID';
 * ```
 * Spec: docs/protocol.md §8.
 */
export type NotAcknowledgeableCode = 'NO_UUID' | 'NO_AGENT_ID';

const REASONS: { readonly [C in NotAcknowledgeableCode]: string } = {
  NO_UUID: 'has no uuid, so it is not to be acknowledged',
  NO_AGENT_ID: 'has no agent_id, which ACKNOWLEDGE requires',
};

/**
 * A task status update that {@link acknowledgeStatusUpdate} cannot acknowledge, as a value
 * (the classic driver crashed here instead).
 *
 * Carries the update's task id; never retryable, since the same update fails the same way.
 * `NO_UUID` is the ordinary case of an update that needs no acknowledgement.
 *
 * @example
 * ```ts
 * const r = acknowledgeStatusUpdate(status);
 * if (isLeft(r) && r.left.code === 'NO_UUID') console.log('nothing to acknowledge for', r.left.taskId.value);
 * ```
 * Spec: docs/protocol.md §8.
 */
export class NotAcknowledgeable extends TaggedError<'NotAcknowledgeable', NotAcknowledgeableCode> {
  /** The task whose update it is. */
  readonly taskId: TaskId;

  constructor(code: NotAcknowledgeableCode, taskId: TaskId) {
    super('NotAcknowledgeable', code, `status update of task '${taskId.value}' ${REASONS[code]}`, {
      retryable: false,
    });
    this.taskId = taskId;
  }
}
