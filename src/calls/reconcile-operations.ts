/**
 * `reconcileOperations`: ask for the latest status of operations (RECONCILE_OPERATIONS).
 *
 * @module
 */
import type { Call } from '../wire';
import type { CommandOf } from './command';

/**
 * Asks the master for the latest status of operations: a `RECONCILE_OPERATIONS`. Answers
 * arrive as `UPDATE_OPERATION_STATUS` events without uuid (not to be acknowledged).
 *
 * List the operations by id, with their agent and resource provider when known; only those
 * three fields are sent. Unknown operations are answered `OPERATION_RECOVERING`,
 * `OPERATION_UNREACHABLE`, `OPERATION_GONE_BY_OPERATOR` or `OPERATION_UNKNOWN` (always the
 * latter without an agent id). An empty list (or no argument) asks for every operation the
 * master knows for the framework. v1 only.
 *
 * @example
 * ```ts
 * const cmd = reconcileOperations([
 *   { operation_id: { value: 'op-1' }, agent_id: offer.agent_id },
 * ]);
 * ```
 * Spec: docs/protocol.md §5, §9.
 */
export function reconcileOperations(
  operations: readonly Call.ReconcileOperations.Operation[] = [],
): CommandOf<'RECONCILE_OPERATIONS'> {
  return {
    type: 'RECONCILE_OPERATIONS',
    reconcile_operations:
      operations.length === 0
        ? {}
        : {
            operations: operations.map(({ operation_id, agent_id, resource_provider_id }) => ({
              operation_id,
              ...(agent_id === undefined ? {} : { agent_id }),
              ...(resource_provider_id === undefined ? {} : { resource_provider_id }),
            })),
          },
  };
}
