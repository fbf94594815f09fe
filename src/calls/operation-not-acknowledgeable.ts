/**
 * The error of acknowledging an operation status update that must not or cannot be
 * acknowledged.
 *
 * @module
 */
import { TaggedError } from '../internal';
import type { OperationId } from '../wire';

/**
 * Why an operation status update cannot be acknowledged:
 * - `NO_UUID`: the update has no `uuid` (master-made: validation errors, reconciliation
 *   answers); it is not to be acknowledged.
 * - `NO_AGENT_ID`: it has a uuid but no `agent_id`, which the master requires (although the
 *   proto marks it optional).
 * - `NO_OPERATION_ID`: it has a uuid but no `operation_id`.
 *
 * @example
 * ```ts
 * const code: OperationNotAcknowledgeableCode = 'NO_AGENT_ID';
 * ```
 * Spec: docs/protocol.md §5, §8.
 */
export type OperationNotAcknowledgeableCode = 'NO_UUID' | 'NO_AGENT_ID' | 'NO_OPERATION_ID';

const REASONS: { readonly [C in OperationNotAcknowledgeableCode]: string } = {
  NO_UUID: 'has no uuid, so it is not to be acknowledged',
  NO_AGENT_ID: 'has no agent_id, which ACKNOWLEDGE_OPERATION_STATUS requires',
  NO_OPERATION_ID: 'has no operation_id, which ACKNOWLEDGE_OPERATION_STATUS requires',
};

/**
 * An operation status update that {@link acknowledgeOperationStatus} cannot acknowledge, as a
 * value. Carries the operation id when the update has one; never retryable.
 *
 * @example
 * ```ts
 * const r = acknowledgeOperationStatus(operationStatus);
 * if (isLeft(r)) console.log(r.left.code, r.left.operationId?.value);
 * ```
 * Spec: docs/protocol.md §8.
 */
export class OperationNotAcknowledgeable extends TaggedError<
  'OperationNotAcknowledgeable',
  OperationNotAcknowledgeableCode
> {
  /** The operation whose update it is, when the update names it. */
  readonly operationId: OperationId | undefined;

  constructor(code: OperationNotAcknowledgeableCode, operationId: OperationId | undefined) {
    const which = operationId === undefined ? 'an operation' : `operation '${operationId.value}'`;
    super('OperationNotAcknowledgeable', code, `status update of ${which} ${REASONS[code]}`, {
      retryable: false,
    });
    this.operationId = operationId;
  }
}
