/**
 * `shutdownExecutor`: stop an executor (SHUTDOWN).
 *
 * @module
 */
import type { AgentId, ExecutorId } from '../wire';
import type { CommandOf } from './command';

/**
 * Asks an executor to kill its tasks and exit: a `SHUTDOWN`. After the agent's executor
 * shutdown grace period its container is destroyed anyway. v1 only (no classic method).
 *
 * @example
 * ```ts
 * const cmd = shutdownExecutor({ value: 'orca-executor-0c1d' }, { value: '…-S1' });
 * ```
 * Spec: docs/protocol.md §5.
 */
export function shutdownExecutor(executorId: ExecutorId, agentId: AgentId): CommandOf<'SHUTDOWN'> {
  return { type: 'SHUTDOWN', shutdown: { executor_id: executorId, agent_id: agentId } };
}
