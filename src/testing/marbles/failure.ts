/**
 * The FAILURE event builder.
 *
 * @module
 */
import type { EventOf } from '../../events';
import type { AgentID } from '../../wire';

/**
 * What {@link failure} reports: an agent, and for an executor that ended its id and raw wait
 * status.
 *
 * @example
 * ```ts
 * const agentGone: FailureSpec = { agentId: 'S3' };
 * const executorExited: FailureSpec = { agentId: 'S3', executorId: 'ex-1', status: 256 }; // exit code 1
 * ```
 */
export interface FailureSpec {
  readonly agentId: string | AgentID;
  /** The executor that terminated; without it the whole agent is lost. */
  readonly executorId?: string;
  /** The executor's raw wait status (exit code `(status >> 8) & 0xff`), or -1 when unknown. */
  readonly status?: number;
}

/**
 * A `FAILURE` event: with only an agent, the agent was removed (`slaveLost$`); with an
 * executor, that executor terminated (`executorLost$`).
 *
 * @example
 * ```ts
 * const values = {
 *   l: failure({ agentId: marbleIds.agent(0) }), // slaveLost$
 *   x: failure({ agentId: 'S0', executorId: 'ex-1', status: 9 }), // executorLost$: killed by SIGKILL
 * };
 * ```
 * Spec: docs/protocol.md §6.
 */
export function failure(spec: FailureSpec): EventOf<'FAILURE'> {
  const agent_id: AgentID =
    typeof spec.agentId === 'string' ? { value: spec.agentId } : spec.agentId;
  return {
    type: 'FAILURE',
    failure: {
      agent_id,
      ...(spec.executorId === undefined ? {} : { executor_id: { value: spec.executorId } }),
      ...(spec.status === undefined ? {} : { status: spec.status }),
    },
  };
}
