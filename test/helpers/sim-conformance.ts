/**
 * Helpers of the simulated master's conformance tests: request bodies in both content types
 * (also invalid ones the codecs would never write), and checks of answers as libprocess
 * shapes them.
 */
import { randomUUID } from 'node:crypto';
import { encodeCall, type Call, type ContentType, type Event } from '../../src/wire';
import { subscribe, subscribeCall, type RawAnswer, type RawSubscription } from './raw-client';

/** Both media types, for `describe.each`. */
export const CONTENT_TYPES: readonly ContentType[] = ['application/json', 'application/x-protobuf'];

/** Field numbers of `mesos.v1.scheduler.Call`, by JSON name. */
export const CALL_FIELDS: Readonly<Record<string, number>> = {
  framework_id: 1,
  type: 2,
  subscribe: 3,
  accept: 4,
  decline: 5,
  kill: 6,
  shutdown: 7,
  acknowledge: 8,
  reconcile: 9,
  message: 10,
  request: 11,
  accept_inverse_offers: 13,
  decline_inverse_offers: 14,
  revive: 15,
  suppress: 16,
  acknowledge_operation_status: 17,
  reconcile_operations: 18,
  update_framework: 19,
};

/** A varint. */
export function varint(n: number): Buffer {
  const out: number[] = [];
  let v = BigInt(n);
  if (v < 0n) v += 2n ** 64n;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

/** A length-delimited field. */
export function pbBytes(field: number, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  return Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);
}

/** A varint field (an enum or integer). */
export function pbVarint(field: number, value: number): Buffer {
  return Buffer.concat([varint(field << 3), varint(value)]);
}

/** The top-level fields of a protobuf message, as `[number, whole field bytes]`. */
function topLevelFields(bytes: Uint8Array): [number, Buffer][] {
  const b = Buffer.from(bytes);
  const fields: [number, Buffer][] = [];
  let pos = 0;
  const read = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = b[pos++];
      if (byte === undefined) throw new Error('truncated varint');
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (pos < b.length) {
    const start = pos;
    const tag = read();
    const wire = tag & 7;
    if (wire === 0) read();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = read();
      pos += length;
    } else throw new Error(`wire type ${wire}`);
    fields.push([Math.floor(tag / 8), b.subarray(start, pos)]);
  }
  return fields;
}

/**
 * The body of a (valid, typed) call in one content type, with some top-level fields left
 * out and others replaced by raw JSON values: bodies the codecs refuse to write.
 */
export function callBody(
  call: Call,
  contentType: ContentType,
  edit: {
    readonly drop?: readonly string[];
    readonly json?: Readonly<Record<string, unknown>>;
  } = {},
): Buffer {
  const encoded = encodeCall(call, contentType);
  if (encoded._tag === 'Left') throw encoded.left;
  const drop = edit.drop ?? [];
  if (contentType === 'application/json') {
    const obj = JSON.parse(Buffer.from(encoded.right).toString('utf8')) as Record<string, unknown>;
    for (const key of drop) Reflect.deleteProperty(obj, key);
    return Buffer.from(JSON.stringify({ ...obj, ...edit.json }), 'utf8');
  }
  const numbers = new Set(drop.map((k) => CALL_FIELDS[k]));
  return Buffer.concat(
    topLevelFields(encoded.right)
      .filter(([n]) => !numbers.has(n))
      .map(([, bytes]) => bytes),
  );
}

/** Checks an error answer the way libprocess writes it: text/plain, exact length, the text. */
export function expectText(answer: RawAnswer, status: number, body: string): void {
  expect({ status: answer.status, body: answer.text }).toEqual({ status, body });
  expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(body)));
}

/** Checks an answer without a body: `Content-Length: 0`, no content type. */
export function expectEmpty(answer: RawAnswer, status: number): void {
  expect({ status: answer.status, body: answer.text }).toEqual({ status, body: '' });
  expect(answer.headers['content-length']).toBe('0');
  expect(answer.headers['content-type']).toBeUndefined();
}

/** A fresh valid task status uuid (a version-4 UUID), base64. */
export function uuidBase64(): string {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64');
}

/** A subscribed framework: its stream, id and stream id. */
export interface Subscribed {
  readonly sub: RawSubscription;
  readonly id: string;
  readonly streamId: string;
}

/** Subscribes a new framework and waits for SUBSCRIBED. */
export async function subscribeFramework(
  url: string,
  contentType: ContentType = 'application/json',
  extra: Parameters<typeof subscribeCall>[1] = {},
  frameworkId?: string,
): Promise<Subscribed> {
  const sub = await subscribe(url, subscribeCall('conformance', extra, frameworkId), {
    contentType,
  });
  const first = await sub.next();
  if (first.type !== 'SUBSCRIBED') {
    await sub.close();
    throw new Error(`expected SUBSCRIBED, got ${JSON.stringify(first)}`);
  }
  if (sub.streamId === undefined) throw new Error('no Mesos-Stream-Id');
  return { sub, id: first.subscribed.framework_id.value, streamId: sub.streamId };
}

/** The message of the ERROR event, or a description of what came instead. */
export function errorMessage(event: Event): string {
  return event.type === 'ERROR' ? event.error.message : `not an ERROR: ${event.type}`;
}
