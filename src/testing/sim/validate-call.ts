/**
 * The master's own validation of a decoded call (`scheduler::call::validate`), beyond what
 * decoding checks: the reason that follows `Failed to validate scheduler::Call: `.
 *
 * @module
 */
import type { Call } from '../../wire';

function isUuid(base64: string): boolean {
  return Buffer.from(base64, 'base64').length === 16;
}

/**
 * The reason a call is invalid, or undefined when it is valid.
 *
 * @example
 * ```ts
 * validateCall({ type: 'ACKNOWLEDGE', framework_id: { value: 'f' },
 *   acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid: 'AA==' } });
 * // 'Not a valid UUID'
 * ```
 * Spec: docs/protocol.md §5.
 */
export function validateCall(call: Call): string | undefined {
  switch (call.type) {
    case 'SUBSCRIBE': {
      const top = call.framework_id?.value;
      const inner = call.subscribe.framework_info.id?.value;
      if (top !== inner) return "'framework_id' differs from 'subscribe.framework_info.id'";
      return undefined;
    }
    case 'ACKNOWLEDGE':
      return isUuid(call.acknowledge.uuid) ? undefined : 'Not a valid UUID';
    case 'ACKNOWLEDGE_OPERATION_STATUS':
      if (!isUuid(call.acknowledge_operation_status.uuid)) return 'Not a valid UUID';
      if (call.acknowledge_operation_status.agent_id === undefined)
        return "Expecting 'agent_id' to be present";
      return undefined;
    case 'UPDATE_FRAMEWORK':
      if (call.update_framework.framework_info.id?.value !== call.framework_id.value) {
        return "'framework_id' differs from 'update_framework.framework_info.id'";
      }
      return undefined;
    default:
      return undefined;
  }
}
