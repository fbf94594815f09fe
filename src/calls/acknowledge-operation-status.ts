/**
 * `acknowledgeOperationStatus`: acknowledge an operation status update
 * (ACKNOWLEDGE_OPERATION_STATUS).
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { OperationStatus } from '../wire';
import type { CommandOf } from './command';
import { OperationNotAcknowledgeable } from './operation-not-acknowledgeable';
import { uuidOf } from './uuid-of';

/**
 * Acknowledges an operation status update (an `UPDATE_OPERATION_STATUS` event): an
 * `ACKNOWLEDGE_OPERATION_STATUS`, or an {@link OperationNotAcknowledgeable} value when there
 * is nothing to acknowledge.
 *
 * The call carries the raw uuid bytes from `status.uuid.value`, the operation id, the agent id
 * (required by the master although the proto marks it optional) and the resource provider id
 * when the status has one. Updates without a uuid (master-made) give `Left` `NO_UUID`; a uuid
 * without `agent_id` or `operation_id` gives `NO_AGENT_ID` or `NO_OPERATION_ID`. v1 only.
 *
 * @example
 * ```ts
 * const ack = acknowledgeOperationStatus(operationStatus);
 * if (isRight(ack)) console.log(ack.right.acknowledge_operation_status.operation_id.value);
 * ```
 * Spec: docs/protocol.md §5, §8.
 */
export function acknowledgeOperationStatus(
  status: Pick<OperationStatus, 'operation_id' | 'uuid' | 'agent_id' | 'resource_provider_id'>,
): Either<OperationNotAcknowledgeable, CommandOf<'ACKNOWLEDGE_OPERATION_STATUS'>> {
  const { operation_id, agent_id, resource_provider_id } = status;
  const uuid = uuidOf(status);
  if (uuid === undefined) return left(new OperationNotAcknowledgeable('NO_UUID', operation_id));
  if (agent_id === undefined) {
    return left(new OperationNotAcknowledgeable('NO_AGENT_ID', operation_id));
  }
  if (operation_id === undefined) {
    return left(new OperationNotAcknowledgeable('NO_OPERATION_ID', operation_id));
  }
  return right({
    type: 'ACKNOWLEDGE_OPERATION_STATUS',
    acknowledge_operation_status: {
      agent_id,
      ...(resource_provider_id === undefined ? {} : { resource_provider_id }),
      uuid,
      operation_id,
    },
  });
}
