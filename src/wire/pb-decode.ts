/**
 * A protobuf decoder that reads wire bytes straight into the typed model: enums become their
 * names, `bytes` base64 text, 64-bit integers exact decimal strings, and only fields present
 * on the wire appear in the result. Required fields are checked while reading; unknown
 * fields and unknown values of optional enums are skipped, as proto2 parsers do.
 *
 * It never throws: malformed input gives a failure with the byte offset and the field path.
 *
 * @module
 */
import { asNodeBuffer, type NodeBuffer } from './node-buffer';
import { generateDecoder, type DecoderHelpers, type MessageDecoder } from './pb-codegen';
import { perPlan, Scalar, wireTypeOf, type FieldPlan, type MessagePlan } from './schema-plan';

/**
 * A decoding failure: what is wrong, where in the bytes, and in which field (outermost
 * segment first).
 *
 * @example
 * ```ts
 * // a TaskStatus whose task_id claims 5 bytes where none follow
 * const r = decodeProtobuf(planOf('mesos.v1.TaskStatus'), new Uint8Array([0x0a, 0x05]));
 * if (!r.ok) {
 *   const invalid: PbInvalid = r;
 *   console.log(invalid.offset, invalid.path, invalid.message); // 2 ['task_id'] 'length runs …'
 * }
 * ```
 * Spec: docs/protocol.md §2.1.
 */
export interface PbInvalid {
  readonly message: string;
  readonly offset: number;
  readonly path: readonly (string | number)[];
}

const FAIL: unique symbol = Symbol('invalid');
const SKIP: unique symbol = Symbol('skip');
const TWO_32 = 4294967296;

class Cursor {
  pos = 0;
  message = '';
  offset = 0;
  readonly reversePath: (string | number)[] = [];

  constructor(readonly buf: NodeBuffer) {}

  fail(message: string, at: number = this.pos): typeof FAIL {
    if (this.message === '') {
      this.message = message;
      this.offset = at;
    }
    return FAIL;
  }
}

/** Reads a varint of up to 32 significant bits (longer ones are truncated, as protobuf does). */
function varint32(c: Cursor, end: number): number {
  const buf = c.buf;
  let result = 0;
  let shift = 0;
  let pos = c.pos;
  while (pos < end) {
    const b = buf[pos++]!;
    if (shift < 32) result |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = pos;
      return result;
    }
    shift += 7;
    if (shift > 63) break;
  }
  c.pos = pos;
  c.fail('truncated or overlong varint');
  return 0;
}

/** Reads a varint as an exact unsigned 64-bit value: a number when below 2^53, else a bigint. */
function varint64(c: Cursor, end: number): number | bigint | typeof FAIL {
  const buf = c.buf;
  let pos = c.pos;
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 7 && pos < end; i++) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * mul;
    if (b < 0x80) {
      c.pos = pos;
      return value;
    }
    mul *= 128;
  }
  // More than 49 bits: finish exactly with bigint.
  let big = BigInt(value);
  let shift = 49n;
  while (pos < end) {
    const b = buf[pos++]!;
    big |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = pos;
      return BigInt.asUintN(64, big);
    }
    shift += 7n;
    if (shift > 63n) break;
  }
  c.pos = pos;
  return c.fail('truncated or overlong varint');
}

function fixed64(c: Cursor, end: number): number | bigint | typeof FAIL {
  if (c.pos + 8 > end) return c.fail('truncated fixed64');
  const buf = c.buf;
  const p = c.pos;
  const lo = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  const hi = (buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24)) >>> 0;
  c.pos = p + 8;
  return hi < 0x200000 ? hi * TWO_32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

function fixed32(c: Cursor, end: number): number | typeof FAIL {
  if (c.pos + 4 > end) return c.fail('truncated fixed32');
  const buf = c.buf;
  const p = c.pos;
  c.pos = p + 4;
  return (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
}

function int64Text(raw: number | bigint, kind: Scalar): string {
  if (kind === Scalar.Uint64 || kind === Scalar.Fixed64) return String(raw);
  if (kind === Scalar.Sint64) {
    const big = BigInt(raw);
    return String((big >> 1n) ^ -(big & 1n));
  }
  // int64 and sfixed64: two's complement
  return typeof raw === 'number' ? String(raw) : String(BigInt.asIntN(64, raw));
}

function failed(c: Cursor, message: string): false {
  c.fail(message);
  return false;
}

function skipField(c: Cursor, wireType: number, end: number, depth = 0): boolean {
  switch (wireType) {
    case 0:
      return varint64(c, end) !== FAIL;
    case 1:
      if (c.pos + 8 > end) return failed(c, 'truncated fixed64');
      c.pos += 8;
      return true;
    case 2: {
      const len = varint32(c, end) >>> 0;
      if (c.message !== '') return false;
      if (c.pos + len > end) return failed(c, 'length runs past the end of the message');
      c.pos += len;
      return true;
    }
    case 3: {
      if (depth > 32) return failed(c, 'groups nested too deeply');
      while (c.pos < end) {
        const tag = varint32(c, end);
        if (c.message !== '') return false;
        if ((tag & 7) === 4) return true;
        if (!skipField(c, tag & 7, end, depth + 1)) return false;
      }
      return failed(c, 'unterminated group');
    }
    case 5:
      if (c.pos + 4 > end) return failed(c, 'truncated fixed32');
      c.pos += 4;
      return true;
    default:
      return failed(c, `invalid wire type ${wireType}`);
  }
}

/** Reads one scalar or enum value whose wire type is `wireType`. */
function value(c: Cursor, f: FieldPlan, wireType: number, end: number): unknown {
  const kind = f.scalar;
  if (f.enumPlan !== undefined) {
    if (wireType !== 0) return c.fail(`wire type ${wireType} for enum field`);
    const n = varint32(c, end);
    if (c.message !== '') return FAIL;
    const name = f.enumPlan.byNumber.get(n);
    if (name !== undefined) return name;
    return f.required ? c.fail(`unknown ${f.enumPlan.name} value ${n}`) : SKIP;
  }
  switch (kind) {
    case Scalar.String:
    case Scalar.Bytes: {
      if (wireType !== 2) return c.fail(`wire type ${wireType} for a length-delimited field`);
      const len = varint32(c, end) >>> 0;
      if (c.message !== '') return FAIL;
      const start = c.pos;
      if (start + len > end) return c.fail('length runs past the end of the message');
      c.pos = start + len;
      return kind === Scalar.String
        ? c.buf.utf8Slice(start, start + len)
        : c.buf.base64Slice(start, start + len);
    }
    case Scalar.Double:
      if (wireType !== 1) return c.fail(`wire type ${wireType} for a double`);
      if (c.pos + 8 > end) return c.fail('truncated double');
      c.pos += 8;
      return c.buf.readDoubleLE(c.pos - 8);
    case Scalar.Float:
      if (wireType !== 5) return c.fail(`wire type ${wireType} for a float`);
      if (c.pos + 4 > end) return c.fail('truncated float');
      c.pos += 4;
      return c.buf.readFloatLE(c.pos - 4);
    case Scalar.Fixed32:
    case Scalar.Sfixed32: {
      if (wireType !== 5) return c.fail(`wire type ${wireType} for a fixed32`);
      const n = fixed32(c, end);
      return n === FAIL || kind === Scalar.Fixed32 ? n : n | 0;
    }
    case Scalar.Fixed64:
    case Scalar.Sfixed64: {
      if (wireType !== 1) return c.fail(`wire type ${wireType} for a fixed64`);
      const raw = fixed64(c, end);
      return raw === FAIL ? FAIL : int64Text(raw, kind);
    }
    case Scalar.Int64:
    case Scalar.Uint64:
    case Scalar.Sint64: {
      if (wireType !== 0) return c.fail(`wire type ${wireType} for a varint`);
      const raw = varint64(c, end);
      return raw === FAIL ? FAIL : int64Text(raw, kind);
    }
    default: {
      if (wireType !== 0) return c.fail(`wire type ${wireType} for a varint`);
      const n = varint32(c, end);
      if (c.message !== '') return FAIL;
      if (kind === Scalar.Bool) return n !== 0;
      if (kind === Scalar.Uint32) return n >>> 0;
      if (kind === Scalar.Sint32) return (n >>> 1) ^ -(n & 1);
      return n | 0;
    }
  }
}

function nested(c: Cursor, decode: MessageDecoder<Cursor>, end: number, depth: number): unknown {
  const len = varint32(c, end) >>> 0;
  if (c.message !== '') return FAIL;
  const stop = c.pos + len;
  if (stop > end) return c.fail('length runs past the end of the message');
  return decode(c, stop, depth + 1);
}

function mapEntry(
  c: Cursor,
  f: FieldPlan,
  end: number,
  depth: number,
): [string, unknown] | typeof FAIL {
  const len = varint32(c, end) >>> 0;
  if (c.message !== '') return FAIL;
  const stop = c.pos + len;
  if (stop > end) return c.fail('length runs past the end of the message');
  let key: unknown = f.keyScalar === Scalar.String ? '' : 0;
  let val: unknown;
  while (c.pos < stop) {
    const tag = varint32(c, stop);
    if (c.message !== '') return FAIL;
    const wt = tag & 7;
    const id = tag >>> 3;
    if (id === 1) {
      const keyField = { ...f, scalar: f.keyScalar, enumPlan: undefined, message: undefined };
      key = value(c, keyField, wt, stop);
    } else if (id === 2) {
      val =
        f.message !== undefined
          ? wt === 2
            ? nested(c, decoderOf(f.message), stop, depth)
            : c.fail('bad map value')
          : value(c, f, wt, stop);
    } else if (!skipField(c, wt, stop)) return FAIL;
    if (key === FAIL || val === FAIL) return FAIL;
  }
  if (val === undefined)
    val = f.message !== undefined ? {} : f.enumPlan !== undefined ? undefined : '';
  return [String(key), val];
}

/** The first required field (in declaration order) whose bit is not in `seen`. */
function missingRequired(c: Cursor, p: MessagePlan, seen: number): typeof FAIL {
  for (const f of p.required) {
    if ((seen & (1 << f.requiredIndex)) === 0) {
      c.reversePath.push(f.name);
      return c.fail(`missing required field (${p.name})`);
    }
  }
  return c.fail(`missing required field (${p.name})`);
}

/**
 * The decoder of a message type, generated at its first use (`pb-codegen.ts`): objects made
 * with one constructor per type, each field stored under its constant name. The objects'
 * prototype is `Object.prototype`; only fields present on the wire are set.
 */
const decoderOf: (p: MessagePlan) => MessageDecoder<Cursor> = perPlan((p) =>
  generateDecoder(p, HELPERS),
);

const HELPERS: DecoderHelpers<Cursor> = {
  FAIL,
  SKIP,
  varint32,
  value,
  skipField,
  nested,
  mapEntry,
  wireTypeOf,
  decoderOf,
  withPath,
  fieldFail,
  missingRequired,
  unionCheck,
};

function unionCheck(c: Cursor, p: MessagePlan, obj: Record<string, unknown>): unknown {
  const members = p.union?.members;
  if (members === undefined) return obj;
  const t = obj['type'];
  const member = typeof t === 'string' ? members.get(t) : undefined;
  if (member === undefined) {
    obj['type'] = 'UNKNOWN';
    return obj;
  }
  for (const name of member.requiredCommon) {
    if (obj[name] === undefined) {
      c.reversePath.push(name);
      return c.fail(`required for type ${member.type}`);
    }
  }
  if (member.payloadRequired && member.payload !== null && obj[member.payload] === undefined) {
    c.reversePath.push(member.payload);
    return c.fail(`required for type ${member.type}`);
  }
  return obj;
}

function withPath(c: Cursor, name: string, index?: number): typeof FAIL {
  if (index !== undefined) c.reversePath.push(index);
  c.reversePath.push(name);
  return FAIL;
}

function fieldFail(c: Cursor, f: FieldPlan, message: string): typeof FAIL {
  c.fail(message);
  return withPath(c, f.name);
}

/**
 * The outcome of {@link decodeProtobuf}: the model value, or a {@link PbInvalid}.
 *
 * @example
 * ```ts
 * const r: PbDecoded = decodeProtobuf(planOf('mesos.v1.scheduler.Event'), record);
 * if (r.ok) console.log((r.value as Event).type);
 * else console.error(`byte ${r.offset}: ${r.message}`);
 * ```
 * Spec: docs/protocol.md §2.1.
 */
export type PbDecoded =
  { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & PbInvalid);

/**
 * Decodes protobuf bytes of the given message into the typed model.
 *
 * @example
 * ```ts
 * const r = decodeProtobuf(planOf('mesos.v1.scheduler.Event'), bytes);
 * if (r.ok) console.log((r.value as Event).type);
 * ```
 * Spec: docs/protocol.md §2.1.
 */
export function decodeProtobuf(p: MessagePlan, bytes: Uint8Array): PbDecoded {
  const buf = asNodeBuffer(bytes);
  const c = new Cursor(buf);
  const out = decoderOf(p)(c, buf.length, 0);
  if (out === FAIL) {
    return { ok: false, message: c.message, offset: c.offset, path: c.reversePath.reverse() };
  }
  return { ok: true, value: out };
}
