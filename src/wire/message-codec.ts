/**
 * Encoding and decoding of any schema message in either content type.
 *
 * @module
 */
import { isAscii } from 'node:buffer';
import { left, right, type Either } from 'fp-ts/Either';
import { JSON_CONTENT_TYPE, PROTOBUF_CONTENT_TYPE } from './content-type';
import { INVALID_JSON_PREFIX, messageJsonCodec } from './io-ts-codecs';
import { normalize } from './json-normalize';
import { writeMessage } from './json-write';
import { asNodeBuffer } from './node-buffer';
import { decodeProtobuf } from './pb-decode';
import { encodeProtobuf } from './pb-encode';
import { planOf } from './schema-plan';
import { WireError, unsupportedContentType } from './wire-error';

/**
 * UTF-8 text of a body. ASCII (the common case) is read as latin1: the same text, and for large
 * bodies far cheaper (a 2 MiB record's text in 1.7 against 63 ms per 16 MiB as UTF-8).
 */
function bytesToText(bytes: Uint8Array): string {
  const buf = asNodeBuffer(bytes);
  return isAscii(buf) ? buf.latin1Slice(0, buf.length) : buf.utf8Slice(0, buf.length);
}

/**
 * Decodes a body into the typed model of the named message.
 *
 * @example
 * ```ts
 * const r = decodeMessage<TaskStatus>('mesos.v1.TaskStatus', bytes, 'application/json');
 * ```
 * Spec: docs/protocol.md §2.
 */
export function decodeMessage<A>(
  fullName: string,
  bytes: Uint8Array,
  contentType: string,
): Either<WireError, A> {
  if (contentType === JSON_CONTENT_TYPE) {
    const decoded = messageJsonCodec<A>(fullName).decode(bytesToText(bytes));
    if (decoded._tag === 'Right') return decoded;
    const first = decoded.left[0];
    const message = first?.message ?? `not a valid ${fullName}`;
    if (message.startsWith(INVALID_JSON_PREFIX))
      return left(new WireError('INVALID_JSON', message, { contentType }));
    const path = first === undefined ? [] : first.context.slice(1).map((c) => c.key);
    return left(
      new WireError('INVALID_MESSAGE', message, {
        contentType,
        path: path.map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      }),
    );
  }
  if (contentType === PROTOBUF_CONTENT_TYPE) {
    const r = decodeProtobuf(planOf(fullName), bytes);
    if (r.ok) return right(r.value as A);
    const code =
      r.message.startsWith('missing required') ||
      r.message.startsWith('required for type') ||
      r.message.startsWith('unknown ')
        ? 'INVALID_MESSAGE'
        : 'INVALID_PROTOBUF';
    return left(new WireError(code, r.message, { contentType, path: r.path, offset: r.offset }));
  }
  return left(unsupportedContentType(contentType));
}

/**
 * Validates a typed-model value and encodes it as the named message.
 *
 * @example
 * ```ts
 * const r = encodeMessage('mesos.v1.TimeInfo', { nanoseconds: '1725260102345678901' }, 'application/json');
 * // Right(bytes of '{"nanoseconds":1725260102345678901}')
 * ```
 * Spec: docs/protocol.md §2.
 */
export function encodeMessage(
  fullName: string,
  value: unknown,
  contentType: string,
): Either<WireError, Uint8Array> {
  if (contentType !== JSON_CONTENT_TYPE && contentType !== PROTOBUF_CONTENT_TYPE) {
    return left(unsupportedContentType(contentType));
  }
  const plan = planOf(fullName);
  const n = normalize(plan, value);
  if (!n.ok)
    return left(new WireError('INVALID_MESSAGE', n.message, { contentType, path: n.path }));
  const model = n.value as Record<string, unknown>;
  if (contentType === JSON_CONTENT_TYPE)
    return right(Buffer.from(writeMessage(plan, model), 'utf8'));
  return right(encodeProtobuf(plan, model));
}

/**
 * Writes a typed-model value as Mesos JSON text, exactly as the master spells it
 * (declaration order, `8.0`, bare exact 64-bit integers). The value must be valid.
 *
 * @example
 * ```ts
 * toMesosJson('mesos.v1.scheduler.Event', { type: 'HEARTBEAT' }); // '{"type":"HEARTBEAT"}'
 * ```
 */
export function toMesosJson(fullName: string, value: unknown): string {
  return writeMessage(planOf(fullName), value as Record<string, unknown>);
}
