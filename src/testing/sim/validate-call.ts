/**
 * The master's own validation of a decoded call (`scheduler::call::validate`), in its order:
 * the reason that follows `Failed to validate scheduler::Call: `.
 *
 * Decoding already refuses a call whose type needs `framework_id` or a payload that is absent
 * (see `http-endpoint.ts`, which turns those into the same reasons); everything else the
 * master checks before looking at the framework is here.
 *
 * @module
 */
import type { Call, ContentType } from '../../wire';

/** The call types of scheduler.proto by name, with their numbers. */
const CALL_TYPES: ReadonlyMap<string, number> = new Map([
  ['UNKNOWN', 0],
  ['SUBSCRIBE', 1],
  ['TEARDOWN', 2],
  ['ACCEPT', 3],
  ['DECLINE', 4],
  ['REVIVE', 5],
  ['KILL', 6],
  ['SHUTDOWN', 7],
  ['ACKNOWLEDGE', 8],
  ['RECONCILE', 9],
  ['MESSAGE', 10],
  ['REQUEST', 11],
  ['SUPPRESS', 12],
  ['ACCEPT_INVERSE_OFFERS', 13],
  ['DECLINE_INVERSE_OFFERS', 14],
  ['ACKNOWLEDGE_OPERATION_STATUS', 15],
  ['RECONCILE_OPERATIONS', 16],
  ['UPDATE_FRAMEWORK', 17],
]);
const CALL_TYPE_NUMBERS: ReadonlySet<number> = new Set(CALL_TYPES.values());

/**
 * Reads a varint at `pos`: its value and where it ends; undefined when the bytes end first.
 * Values above 2^53 lose precision, which cannot turn them into the small numbers compared
 * here. (Only bodies that decoded as `UNKNOWN` are read this way.)
 */
function varint(b: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = b[pos + i];
    if (byte === undefined) return undefined;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return { value, next: pos + i + 1 };
  }
  return undefined;
}

/** Whether a protobuf Call body sets field 2 (`type`) to a value the master knows. */
function protobufHasType(b: Uint8Array): boolean {
  let pos = 0;
  let found = false;
  while (pos < b.length) {
    const tag = varint(b, pos);
    if (tag === undefined) return found;
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    switch (tag.value % 8) {
      case 0: {
        const v = varint(b, pos);
        if (v === undefined) return found;
        pos = v.next;
        if (field === 2 && CALL_TYPE_NUMBERS.has(v.value)) found = true;
        break;
      }
      case 1:
        pos += 8;
        break;
      case 2: {
        const len = varint(b, pos);
        if (len === undefined) return found;
        pos = len.next + len.value;
        break;
      }
      case 5:
        pos += 4;
        break;
      default:
        return found;
    }
  }
  return found;
}

/**
 * Whether the body of a (successfully decoded) call sets `type` to a known value. An absent
 * type and an unknown name or number both leave the field unset for the master, which then
 * answers `Expecting 'type' to be present`; a decoded call shows both as `UNKNOWN`.
 *
 * @example
 * ```ts
 * callTypePresent(Buffer.from('{"type":"UNKNOWN"}'), 'application/json'); // true
 * callTypePresent(Buffer.from('{"type":"NOT_A_TYPE"}'), 'application/json'); // false
 * ```
 * Spec: docs/protocol.md §2.2 (unknown enum names on optional fields are dropped).
 */
export function callTypePresent(body: Uint8Array, contentType: ContentType): boolean {
  if (contentType === 'application/x-protobuf') return protobufHasType(body);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return false;
    const type = (parsed as Record<string, unknown>)['type'];
    return typeof type === 'string' && CALL_TYPES.has(type);
  } catch {
    return false;
  }
}

/** A 16-byte UUID as boost reads it: version 1 to 5 in the high nibble of byte 6. */
function isUuid(base64: string): boolean {
  const bytes = Buffer.from(base64, 'base64');
  const version = (bytes[6] ?? 0) >> 4;
  return bytes.length === 16 && version >= 1 && version <= 5;
}

/**
 * What the validator needs besides the call.
 *
 * @example
 * ```ts
 * const context: ValidationContext = { typePresent: callTypePresent(body, 'application/json'), principal: 'ops' };
 * ```
 */
export interface ValidationContext {
  /** Whether the body set `type` (see {@link callTypePresent}). */
  readonly typePresent: boolean;
  /** The authenticated principal, when the request was authenticated. */
  readonly principal?: string | undefined;
}

/**
 * The reason a decoded call is invalid, or undefined when it is valid, checked in the
 * master's order: type present; for SUBSCRIBE the two framework ids equal and the principal
 * the authenticated one; for the others `framework_id` present, then the per-type checks
 * (UUIDs, `agent_id` of ACKNOWLEDGE_OPERATION_STATUS, the two ids of UPDATE_FRAMEWORK).
 * Framework ids compare by value, an absent one counting as the empty string.
 *
 * @example
 * ```ts
 * validateCall({ type: 'ACKNOWLEDGE', framework_id: { value: 'f' },
 *   acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid: 'AA==' } },
 *   { typePresent: true });
 * // 'Not a valid UUID'
 * ```
 * Spec: docs/protocol.md §1.4 (row 8), §5.
 */
export function validateCall(call: Call, context: ValidationContext): string | undefined {
  if (!context.typePresent) return "Expecting 'type' to be present";
  switch (call.type) {
    case 'SUBSCRIBE': {
      const info = call.subscribe.framework_info;
      if ((call.framework_id?.value ?? '') !== (info.id?.value ?? '')) {
        return "'framework_id' differs from 'subscribe.framework_info.id'";
      }
      const principal = context.principal;
      if (principal !== undefined && info.principal !== undefined && info.principal !== principal) {
        return `Authenticated principal '${principal}' does not match principal '${info.principal}' set in \`FrameworkInfo\``;
      }
      return undefined;
    }
    case 'UNKNOWN':
      return call.framework_id === undefined ? "Expecting 'framework_id' to be present" : undefined;
    case 'ACKNOWLEDGE':
      return isUuid(call.acknowledge.uuid) ? undefined : 'Not a valid UUID';
    case 'ACKNOWLEDGE_OPERATION_STATUS':
      if (!isUuid(call.acknowledge_operation_status.uuid)) return 'Not a valid UUID';
      if (call.acknowledge_operation_status.agent_id === undefined) {
        return "Expecting 'agent_id' to be present";
      }
      return undefined;
    case 'UPDATE_FRAMEWORK':
      if (call.framework_id.value !== (call.update_framework.framework_info.id?.value ?? '')) {
        return "'framework_id' differs from 'update_framework.framework_info.id'";
      }
      return undefined;
    default:
      return undefined;
  }
}
