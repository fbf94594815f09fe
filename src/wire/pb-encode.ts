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
import { INITIAL_BYTES, PbWriter as Writer } from './pb-writer';
import { perPlan, Scalar, wireTypeOf, type FieldPlan, type MessagePlan } from './schema-plan';

/** Above this size the buffer is not kept after an encoding (one huge message is rare). */
const KEPT_BYTES = 4 * 1024 * 1024;

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

/** The encoder of a message type, generated at its first use. */
const encoderOf: (p: MessagePlan) => MessageEncoder = perPlan((p) => generateEncoder(p));

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
  return `${tagBytes(f.id, wireTypeOf(f))} ${SCALAR_CALL[f.scalar]};`;
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

/** The entry message of each map field: its key as field 1 and its value as field 2. */
const entryPlans = new WeakMap<FieldPlan, MessagePlan>();

function entryPlanOf(f: FieldPlan): MessagePlan {
  let p = entryPlans.get(f);
  if (p === undefined) {
    const plain = { map: false, repeated: false, required: false, requiredIndex: -1 } as const;
    const key: FieldPlan = {
      ...f,
      ...plain,
      name: 'key',
      id: 1,
      jsonKey: '"key":',
      scalar: f.keyScalar,
      keyScalar: Scalar.None,
      enumPlan: undefined,
      message: undefined,
    };
    const value: FieldPlan = { ...f, ...plain, name: 'value', id: 2, jsonKey: '"value":' };
    p = {
      name: `${f.name}_entry`,
      fields: [key, value],
      byName: new Map([
        ['key', key],
        ['value', value],
      ]),
      byId: [undefined, key, value],
      required: [],
      union: undefined,
    };
    entryPlans.set(f, p);
  }
  return p;
}

/** Helpers the generated encoders call. */
const helpers = {
  encoderOf,
  /** Map fields: one entry message per key, encoded like any message. */
  map(W: Writer, f: FieldPlan, m: Record<string, unknown>): void {
    const entry = encoderOf(entryPlanOf(f));
    for (const key of Object.keys(m)) {
      const value = m[key];
      if (value === undefined || value === null) continue;
      W.varint32((f.id << 3) | 2);
      const s = W.open();
      entry(W, { key: mapKey(f.keyScalar, key), value });
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
