/**
 * Answers to explicit RECONCILE_OPERATIONS for operations the master does not know, as
 * `Master::reconcileOperations` words them (spec §9). They carry no uuid. The task side
 * tracks no operations with feedback, so every asked operation is unknown here.
 *
 * @module
 */
import type { Call, OperationStatus } from '../../../wire';
import type { AgentStanding } from './agent-book';

/**
 * The answer for one unknown operation, given its agent's standing.
 *
 * @example
 * ```ts
 * unknownOperationAnswer({ operation_id: { value: 'op' } }, undefined).state; // 'OPERATION_UNKNOWN'
 * ```
 */
export function unknownOperationAnswer(
  op: Call.ReconcileOperations.Operation,
  standing: AgentStanding | undefined,
): OperationStatus {
  const where = {
    ...(op.agent_id === undefined ? {} : { agent_id: op.agent_id }),
    ...(op.resource_provider_id === undefined
      ? {}
      : { resource_provider_id: op.resource_provider_id }),
  };
  const answer = (state: OperationStatus['state'], message: string): OperationStatus => ({
    operation_id: op.operation_id,
    state,
    message,
    ...where,
  });
  if (op.agent_id === undefined) {
    return answer(
      'OPERATION_UNKNOWN',
      "Reconciliation: Operation is unknown and no 'agent_id' was provided",
    );
  }
  switch (standing?.kind) {
    case 'registered':
      return answer('OPERATION_UNKNOWN', 'Reconciliation: Operation is unknown');
    case 'unreachable':
      return answer('OPERATION_UNREACHABLE', 'Reconciliation: Agent is unreachable');
    case 'gone':
      return answer('OPERATION_GONE_BY_OPERATOR', 'Reconciliation: Agent marked gone by operator');
    default:
      return answer('OPERATION_UNKNOWN', 'Reconciliation: Both operation and agent are unknown');
  }
}
