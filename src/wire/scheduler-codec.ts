/**
 * The four codecs of the scheduler API: calls out, events in (and the reverse, for the
 * simulated master).
 *
 * @module
 */
import type { Either } from 'fp-ts/Either';
import type { Call, Event } from './generated/model';
import { decodeMessage, encodeMessage } from './message-codec';
import type { WireError } from './wire-error';

const EVENT = 'mesos.v1.scheduler.Event';
const CALL = 'mesos.v1.scheduler.Call';

/**
 * Decodes one event record (a RecordIO frame's payload) into a typed {@link Event}.
 * Never throws. An event whose `type` is missing or unknown decodes as `{ type: 'UNKNOWN' }`
 * (ignore it, as the spec says); unknown fields and unknown names of optional enums are
 * dropped.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/Either';
 * const r = decodeEvent(Buffer.from('{"type":"HEARTBEAT"}'), 'application/json');
 * if (isRight(r) && r.right.type === 'HEARTBEAT') console.log('alive');
 * ```
 * Spec: docs/protocol.md §2, §6.
 */
export function decodeEvent(bytes: Uint8Array, contentType: string): Either<WireError, Event> {
  return decodeMessage<Event>(EVENT, bytes, contentType);
}

/**
 * Validates and encodes an {@link Event} (what the master writes into a subscription stream).
 *
 * @example
 * ```ts
 * encodeEvent({ type: 'HEARTBEAT' }, 'application/x-protobuf'); // Right(<08 08>)
 * ```
 * Spec: docs/protocol.md §2, §6.
 */
export function encodeEvent(event: Event, contentType: string): Either<WireError, Uint8Array> {
  return encodeMessage(EVENT, event, contentType);
}

/**
 * Validates and encodes a {@link Call} as a request body. Invalid calls (a missing required
 * field, an int64 that is not an integer …) give a `WireError` naming the field.
 *
 * @example
 * ```ts
 * const body = encodeCall(
 *   { type: 'DECLINE', framework_id: { value: 'f1' }, decline: { offer_ids: [{ value: 'o1' }] } },
 *   'application/json',
 * );
 * ```
 * Spec: docs/protocol.md §2, §5.
 */
export function encodeCall(call: Call, contentType: string): Either<WireError, Uint8Array> {
  return encodeMessage(CALL, call, contentType);
}

/**
 * Decodes a request body into a typed {@link Call} (what the master reads).
 *
 * @example
 * ```ts
 * const r = decodeCall(Buffer.from('{"type":"TEARDOWN","framework_id":{"value":"f1"}}'), 'application/json');
 * ```
 * Spec: docs/protocol.md §2, §5.
 */
export function decodeCall(bytes: Uint8Array, contentType: string): Either<WireError, Call> {
  return decodeMessage<Call>(CALL, bytes, contentType);
}
