/**
 * Protobuf encoding straight from the typed model, driven by the schema plan: no intermediate
 * message objects (`fromObject`), no `Long`s, one reused buffer. Fields are written in the
 * order of their numbers, as Mesos and the static protobufjs code write them: the bytes are
 * the same.
 *
 * Each message type gets an encoder generated from its plan on first use, which reads every
 * field under its constant name (see `pb-codegen.ts` for why that matters to the engine).
 * The value must be valid (the caller validates it first): enums are names, 64-bit integers
 * decimal strings (or safe integers), bytes standard base64.
 *
 * @module
 */
import type { NodeBuffer } from './node-buffer';
import { Scalar, type FieldPlan, type MessagePlan } from './schema-plan';

const TWO_32 = 4294967296;
const INITIAL_BYTES = 64 * 1024;
/** Above this size the buffer is not kept after an encoding (one huge message is rare). */
const KEPT_BYTES = 4 * 1024 * 1024;
/** Strings up to this length are written by a loop when they are ASCII (no native call). */
const SHORT_TEXT = 64;

/** base64 (standard and URL-safe) character → 6-bit value; -1 elsewhere. */
const BASE64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((ch, i) => (BASE64[ch.charCodeAt(0)] = i));
BASE64[0x2d] = 62; // '-'
BASE64[0x5f] = 63; // '_'

/** The buffer and position encoding happens at; one, reused from call to call. */
class Writer {
  buf = Buffer.allocUnsafe(INITIAL_BYTES) as NodeBuffer;
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = Buffer.allocUnsafe(size) as NodeBuffer;
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  varint32(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let p = this.pos;
    let x = v >>> 0;
    while (x > 127) {
      buf[p++] = (x & 127) | 128;
      x >>>= 7;
    }
    buf[p++] = x;
    this.pos = p;
  }

  /** A 64-bit varint from its low and high 32-bit halves (unsigned). */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    let l = lo >>> 0;
    let h = hi >>> 0;
    while (h > 0 || l > 127) {
      buf[p++] = (l & 127) | 128;
      l = ((l >>> 7) | (h << 25)) >>> 0;
      h >>>= 7;
    }
    buf[p++] = l;
    this.pos = p;
  }

  int32(n: number): void {
    if (n < 0) this.varint64(n >>> 0, 0xffffffff);
    else this.varint32(n);
  }

  /** Reserves the byte a length usually takes; returns where the content starts. */
  open(): number {
    this.ensure(1);
    return ++this.pos;
  }

  /** Writes the length of what was written since `start` (see {@link open}). */
  close(start: number): void {
    const len = this.pos - start;
    if (len < 128) {
      this.buf[start - 1] = len;
      return;
    }
    let extra = 0;
    for (let x = len >>> 7; x > 0; x >>>= 7) extra++;
    this.ensure(extra);
    const buf = this.buf;
    buf.copyWithin(start + extra, start, this.pos);
    let p = start - 1;
    let x = len;
    while (x > 127) {
      buf[p++] = (x & 127) | 128;
      x >>>= 7;
    }
    buf[p] = x;
    this.pos += extra;
  }

  string(s: string): void {
    const n = s.length;
    if (n <= SHORT_TEXT) {
      this.ensure(n + 1);
      const buf = this.buf;
      let p = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 127) break;
        buf[p++] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = p;
        return;
      }
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varint32(bytes);
    this.ensure(bytes);
    this.pos += this.buf.utf8Write(s, this.pos, bytes);
  }

  /** Bytes given as base64 text (padded or not, standard or URL-safe). */
  bytes(s: string): void {
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
    const n = Math.floor((end * 3) / 4);
    this.varint32(n);
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < end; i++) {
      const c = s.charCodeAt(i);
      const v = c < 128 ? (BASE64[c] ?? -1) : -1;
      if (v < 0) {
        this.bytesSlow(s, n);
        return;
      }
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        buf[p++] = (acc >>> bits) & 255;
      }
    }
    this.pos = p;
  }

  /** Text that is not plain base64 (whitespace, say): decoded by node, as protobufjs would. */
  private bytesSlow(s: string, announced: number): void {
    const decoded = Buffer.from(s, 'base64');
    // take back the length written for the plain case
    let k = 1;
    for (let x = announced >>> 7; x > 0; x >>>= 7) k++;
    this.pos -= k;
    this.varint32(decoded.length);
    this.ensure(decoded.length);
    decoded.copy(this.buf, this.pos);
    this.pos += decoded.length;
  }

  double(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleLE(v, this.pos);
  }

  float(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeFloatLE(v, this.pos);
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32LE(v >>> 0, this.pos);
  }

  sfixed32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32LE(v, this.pos);
  }

  /** The two's-complement halves of a 64-bit integer given as text or a safe number. */
  lo = 0;
  hi = 0;
  split64(v: unknown): void {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
      this.lo = v % TWO_32;
      this.hi = Math.floor(v / TWO_32);
      return;
    }
    if (typeof v === 'string' && v.length < 16 && v.charCodeAt(0) !== 0x2d) {
      const n = Number(v);
      this.lo = n % TWO_32;
      this.hi = Math.floor(n / TWO_32);
      return;
    }
    const big = BigInt.asUintN(64, BigInt(v as string | number));
    this.lo = Number(big & 0xffffffffn);
    this.hi = Number(big >> 32n);
  }

  int64(v: unknown): void {
    this.split64(v);
    this.varint64(this.lo, this.hi);
  }

  sint64(v: unknown): void {
    const big = BigInt(v as string | number);
    const zz = BigInt.asUintN(64, (big << 1n) ^ (big >> 63n));
    this.varint64(Number(zz & 0xffffffffn), Number(zz >> 32n));
  }

  fixed64(v: unknown): void {
    this.split64(v);
    this.ensure(8);
    this.pos = this.buf.writeUInt32LE(this.lo >>> 0, this.pos);
    this.pos = this.buf.writeUInt32LE(this.hi >>> 0, this.pos);
  }

  /** Writes one scalar value (without its tag). */
  scalar(kind: Scalar, v: unknown): void {
    switch (kind) {
      case Scalar.String:
        this.string(v as string);
        return;
      case Scalar.Bytes:
        this.bytes(v as string);
        return;
      case Scalar.Bool:
        this.varint32(v === true ? 1 : 0);
        return;
      case Scalar.Double:
        this.double(v as number);
        return;
      case Scalar.Float:
        this.float(v as number);
        return;
      case Scalar.Int32:
        this.int32(v as number);
        return;
      case Scalar.Uint32:
        this.varint32(v as number);
        return;
      case Scalar.Sint32: {
        const n = v as number;
        this.varint32((n << 1) ^ (n >> 31));
        return;
      }
      case Scalar.Fixed32:
        this.fixed32(v as number);
        return;
      case Scalar.Sfixed32:
        this.sfixed32(v as number);
        return;
      case Scalar.Int64:
      case Scalar.Uint64:
        this.int64(v);
        return;
      case Scalar.Sint64:
        this.sint64(v);
        return;
      case Scalar.Fixed64:
      case Scalar.Sfixed64:
        this.fixed64(v);
        return;
      case Scalar.None:
        return;
    }
  }
}

const WIRE_TYPE: Readonly<Record<Scalar, number>> = {
  [Scalar.String]: 2,
  [Scalar.Bytes]: 2,
  [Scalar.Bool]: 0,
  [Scalar.Double]: 1,
  [Scalar.Float]: 5,
  [Scalar.Int32]: 0,
  [Scalar.Uint32]: 0,
  [Scalar.Sint32]: 0,
  [Scalar.Fixed32]: 5,
  [Scalar.Sfixed32]: 5,
  [Scalar.Int64]: 0,
  [Scalar.Uint64]: 0,
  [Scalar.Sint64]: 0,
  [Scalar.Fixed64]: 1,
  [Scalar.Sfixed64]: 1,
  [Scalar.None]: 2,
};

/** The writer call of a scalar kind, for the generated code (`x` holds the value). */
const SCALAR_CALL: Readonly<Record<Scalar, string>> = {
  [Scalar.String]: 'W.string(x)',
  [Scalar.Bytes]: 'W.bytes(x)',
  [Scalar.Bool]: 'W.varint32(x === true ? 1 : 0)',
  [Scalar.Double]: 'W.double(x)',
  [Scalar.Float]: 'W.float(x)',
  [Scalar.Int32]: 'W.int32(x)',
  [Scalar.Uint32]: 'W.varint32(x)',
  [Scalar.Sint32]: 'W.varint32((x << 1) ^ (x >> 31))',
  [Scalar.Fixed32]: 'W.fixed32(x)',
  [Scalar.Sfixed32]: 'W.sfixed32(x)',
  [Scalar.Int64]: 'W.int64(x)',
  [Scalar.Uint64]: 'W.int64(x)',
  [Scalar.Sint64]: 'W.sint64(x)',
  [Scalar.Fixed64]: 'W.fixed64(x)',
  [Scalar.Sfixed64]: 'W.fixed64(x)',
  [Scalar.None]: '',
};

type MessageEncoder = (W: Writer, obj: Record<string, unknown>) => void;

const encoders = new Map<MessagePlan, MessageEncoder>();

function encoderOf(p: MessagePlan): MessageEncoder {
  let e = encoders.get(p);
  if (e === undefined) {
    e = generateEncoder(p);
    encoders.set(p, e);
  }
  return e;
}

/** The varint bytes of a field's tag, as a statement writing them. */
function tagBytes(id: number, wireType: number): string {
  const bytes: number[] = [];
  let x = ((id << 3) | wireType) >>> 0;
  while (x > 127) {
    bytes.push((x & 127) | 128);
    x >>>= 7;
  }
  bytes.push(x);
  return `W.ensure(${bytes.length}); ${bytes.map((b) => `W.buf[W.pos++] = ${b};`).join(' ')}`;
}

/** The statements writing one value `x` of field `f` (index `i`), its tag included. */
function valueCode(f: FieldPlan, i: number): string {
  if (f.message !== undefined) {
    return `${tagBytes(f.id, 2)} { const s = W.open(); (E${i} ??= H.encoderOf(F${i}.message))(W, x); W.close(s); }`;
  }
  if (f.enumPlan !== undefined) {
    return `${tagBytes(f.id, 0)} W.int32(typeof x === 'number' ? x : (N${i}.get(x) ?? 0));`;
  }
  return `${tagBytes(f.id, WIRE_TYPE[f.scalar])} ${SCALAR_CALL[f.scalar]};`;
}

function fieldCode(f: FieldPlan, i: number): string {
  const read = `v = obj[${JSON.stringify(f.name)}];`;
  if (f.map) return `${read} if (v !== undefined && v !== null) H.map(W, F${i}, v);`;
  if (f.repeated) {
    return `${read} if (v !== undefined && v !== null) for (let k = 0; k < v.length; k++) { const x = v[k]; ${valueCode(f, i)} }`;
  }
  return `${read} if (v !== undefined && v !== null) { const x = v; ${valueCode(f, i)} }`;
}

/** A map key as its scalar kind reads it (JSON keeps every key as text). */
function mapKey(kind: Scalar, key: string): unknown {
  switch (kind) {
    case Scalar.String:
    case Scalar.Int64:
    case Scalar.Uint64:
    case Scalar.Sint64:
    case Scalar.Fixed64:
    case Scalar.Sfixed64:
      return key;
    case Scalar.Bool:
      return key === 'true';
    default:
      return Number(key);
  }
}

/** Helpers the generated encoders call. */
const helpers = {
  encoderOf,
  /** Map fields: one entry message per key, key as field 1 and value as field 2. */
  map(W: Writer, f: FieldPlan, m: Record<string, unknown>): void {
    for (const key of Object.keys(m)) {
      const v = m[key];
      if (v === undefined || v === null) continue;
      W.varint32((f.id << 3) | 2);
      const s = W.open();
      W.varint32((1 << 3) | WIRE_TYPE[f.keyScalar]);
      W.scalar(f.keyScalar, mapKey(f.keyScalar, key));
      if (f.message !== undefined) {
        W.varint32((2 << 3) | 2);
        const inner = W.open();
        encoderOf(f.message)(W, v as Record<string, unknown>);
        W.close(inner);
      } else if (f.enumPlan !== undefined) {
        W.varint32(2 << 3);
        W.int32(typeof v === 'number' ? v : (f.enumPlan.byName.get(v as string) ?? 0));
      } else {
        W.varint32((2 << 3) | WIRE_TYPE[f.scalar]);
        W.scalar(f.scalar, v);
      }
      W.close(s);
    }
  },
};

/** The encoder of one message type: its fields in the order of their numbers. */
function generateEncoder(p: MessagePlan): MessageEncoder {
  const fields = [...p.fields].sort((a, b) => a.id - b.id);
  const preamble = fields.map((f, i) => {
    const lines = [`const F${i} = fields[${i}];`];
    if (f.message !== undefined) lines.push(`let E${i};`);
    if (f.enumPlan !== undefined) lines.push(`const N${i} = F${i}.enumPlan.byName;`);
    return lines.join(' ');
  });
  const name = `encode_${p.name.replace(/[^A-Za-z0-9]/g, '_')}`;
  const body = `'use strict';
  ${preamble.join('\n  ')}
  return function ${name}(W, obj) {
    let v;
    ${fields.map(fieldCode).join('\n    ')}
  };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generated from the schema plan only, never from input
  const factory = new Function('H', 'fields', body) as (
    h: typeof helpers,
    fields: readonly FieldPlan[],
  ) => MessageEncoder;
  return factory(helpers, fields);
}

const writer = new Writer();

/**
 * Encodes a valid typed-model value of the planned message as protobuf bytes.
 *
 * @example
 * ```ts
 * encodeProtobuf(planOf('mesos.v1.TaskID'), { value: 't1' }); // bytes 0a 02 74 31
 * ```
 * Spec: docs/protocol.md §2.1.
 */
export function encodeProtobuf(p: MessagePlan, value: Record<string, unknown>): Uint8Array {
  const W = writer;
  W.pos = 0;
  encoderOf(p)(W, value);
  const out = Buffer.allocUnsafe(W.pos);
  W.buf.copy(out, 0, 0, W.pos);
  if (W.buf.length > KEPT_BYTES) W.buf = Buffer.allocUnsafe(INITIAL_BYTES) as NodeBuffer;
  return out;
}
