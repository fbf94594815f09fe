/**
 * The acknowledgement uuid of a status update, whichever kind.
 *
 * @module
 */
import type { Base64, OperationStatus, TaskStatus } from '../wire';

/**
 * The `uuid` of a task or operation status update (base64, as on the wire), or `undefined`
 * when it has none, which means the update is not to be acknowledged.
 *
 * A task status carries its uuid as bytes (`status.uuid`), an operation status inside a message
 * (`status.uuid.value`); this reads either. An empty uuid counts as none (the master would
 * refuse it). With the task id and state, the uuid also identifies a redelivered update.
 *
 * @example
 * ```ts
 * if (uuidOf(status) === undefined) console.log('from the master: no acknowledgement');
 * const opUuid = uuidOf(operationStatus); // operationStatus.uuid?.value
 * ```
 * Spec: docs/protocol.md §8.
 */
export function uuidOf(
  status: Pick<TaskStatus, 'uuid'> | Pick<OperationStatus, 'uuid'>,
): Base64 | undefined {
  const uuid = typeof status.uuid === 'string' ? status.uuid : status.uuid?.value;
  return uuid === '' ? undefined : uuid;
}
