/**
 * The MESSAGE event builder.
 *
 * @module
 */
import type { EventOf } from '../../events';
import type { AgentID } from '../../wire';
import { marbleIds } from './marble-ids';

/**
 * What {@link message} carries: the executor that sent it and the bytes.
 *
 * @example
 * ```ts
 * const spec: MessageSpec = { executorId: 'ex-1', data: 'progress=0.42' };
 * ```
 */
export interface MessageSpec {
  /** The agent of the executor. Default `marbleIds.agent(0)`. */
  readonly agentId?: string | AgentID;
  readonly executorId: string;
  /** The bytes; a string is taken as UTF-8 text. */
  readonly data: string | Uint8Array;
}

/**
 * A `MESSAGE` event: bytes an executor sent to the scheduler (best effort). The event holds
 * them as base64 text, as the model does.
 *
 * @example
 * ```ts
 * const m = message({ executorId: 'ex-1', data: 'progress=0.42' });
 * Buffer.from(m.message.data, 'base64').toString(); // 'progress=0.42'
 * ```
 * Spec: docs/protocol.md §6.
 */
export function message(spec: MessageSpec): EventOf<'MESSAGE'> {
  const agent = spec.agentId ?? marbleIds.agent(0);
  const bytes = typeof spec.data === 'string' ? Buffer.from(spec.data, 'utf8') : spec.data;
  return {
    type: 'MESSAGE',
    message: {
      agent_id: typeof agent === 'string' ? { value: agent } : agent,
      executor_id: { value: spec.executorId },
      data: Buffer.from(bytes).toString('base64'),
    },
  };
}
