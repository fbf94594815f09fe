/**
 * The acknowledgement an UPDATE event asks for.
 *
 * @module
 */
import { acknowledgeStatusUpdate, type CommandOf } from '../../calls';
import type { EventOf } from '../../events';
import type { TaskStatus } from '../../wire';

/**
 * The `ACKNOWLEDGE` command for an update (an `UPDATE` event or its `TaskStatus`), to write
 * the driver's automatic acknowledgements into expected commands. Throws for an update
 * without uuid or agent, which must never be acknowledged.
 *
 * @example
 * ```ts
 * const u = update('web-1', 'TASK_RUNNING');
 * expectCommands(driver, '-a', { a: acknowledgementOf(u) });
 * ```
 * Spec: docs/protocol.md §8.
 */
export function acknowledgementOf(
  update: EventOf<'UPDATE'> | TaskStatus,
): CommandOf<'ACKNOWLEDGE'> {
  const status = 'update' in update ? update.update.status : update;
  const ack = acknowledgeStatusUpdate(status);
  if (ack._tag === 'Left') throw ack.left;
  return ack.right;
}
