/**
 * `sendFrameworkMessage`: a message to an executor (MESSAGE).
 *
 * @module
 */
import type { AgentId, ExecutorId } from '../wire';
import type { CommandOf } from './command';

/**
 * Sends an executor a message: a `MESSAGE`. Best effort, with no delivery guarantee and no
 * answer, as in the classic driver.
 *
 * `data` is bytes or text; text is sent as its UTF-8 bytes. The command carries the bytes as
 * base64, as the model spells every `bytes` field. To send bytes you hold as base64 already,
 * pass `Buffer.from(b64, 'base64')`.
 *
 * @example
 * ```ts
 * const cmd = sendFrameworkMessage(
 *   { value: 'orca-executor-0c1d' },
 *   { value: '…-S1' },
 *   JSON.stringify({ cmd: 'flush' }),
 * );
 * ```
 * Spec: docs/protocol.md §5.
 */
export function sendFrameworkMessage(
  executorId: ExecutorId,
  agentId: AgentId,
  data: Uint8Array | string,
): CommandOf<'MESSAGE'> {
  const bytes =
    typeof data === 'string'
      ? Buffer.from(data, 'utf8')
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return {
    type: 'MESSAGE',
    message: { agent_id: agentId, executor_id: executorId, data: bytes.toString('base64') },
  };
}
