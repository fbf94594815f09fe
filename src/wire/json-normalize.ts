/**
 * Schema-driven validation of JSON-shaped values into the typed model, following the Mesos
 * JSON reader's rules (spec §2.2): snake_case names, enums by name, base64 bytes, 64-bit
 * integers exact, numbers given as strings accepted, `null` meaning unset, unknown fields and
 * unknown enum names on optional fields tolerated.
 *
 * Values are never mutated: where a field must change (an `int64` number becomes its decimal
 * string, `"8"` becomes `8` for an `int32`, an unknown enum name is dropped) the object holding
 * it is copied, and its parents with it; untouched subtrees are shared.
 *
 * @module
 */
import { Scalar, type FieldPlan, type MessagePlan } from './schema-plan';

/** A validation failure: what is wrong, and where (innermost segment last). */
export interface Invalid {
  readonly message: string;
  readonly path: readonly (string | number)[];
}

/** Returned by the walkers instead of a value when validation fails. */
const FAIL: unique symbol = Symbol('invalid');
/** Returned for a value that is to be treated as unset (`null`, an unknown optional enum name). */
const UNSET: unique symbol = Symbol('unset');

type Out = unknown;

class Walk {
  message = '';
  /** Change the input in place instead of copying (only for values the caller owns). */
  constructor(readonly inPlace: boolean) {}

  /** Filled while unwinding, innermost first. */
  readonly reversePath: (string | number)[] = [];

  fail(message: string): typeof FAIL {
    this.message = message;
    return FAIL;
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INTEGER = /^-?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int64(v: unknown, unsigned: boolean, w: Walk): Out {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return w.fail(`expected an integer, got ${v}`);
    if (!Number.isSafeInteger(v)) return w.fail(`integer ${v} lost precision (write it exactly)`);
    if (unsigned && v < 0) return w.fail(`expected an unsigned integer, got ${v}`);
    return String(v);
  }
  if (typeof v === 'string') {
    if (!INTEGER.test(v)) return w.fail(`expected an integer, got the string ${JSON.stringify(v)}`);
    const big = BigInt(v);
    if (unsigned ? big < 0n || big > UINT64_MAX : big < INT64_MIN || big > INT64_MAX) {
      return w.fail(`integer ${v} is out of range for a 64-bit ${unsigned ? 'unsigned ' : ''}integer`);
    }
    const canonical = big.toString();
    return canonical === v ? v : canonical;
  }
  return w.fail(`expected an integer, got ${typeName(v)}`);
}

function int32(v: unknown, unsigned: boolean, w: Walk): Out {
  const n = typeof v === 'string' && INTEGER.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    return w.fail(`expected an integer, got ${typeof v === 'string' ? JSON.stringify(v) : typeName(v)}`);
  }
  if (unsigned ? n < 0 || n > 0xffffffff : n < -0x80000000 || n > 0x7fffffff) {
    return w.fail(`integer ${n} is out of range for a 32-bit ${unsigned ? 'unsigned ' : ''}integer`);
  }
  return n;
}

function double(v: unknown, w: Walk): Out {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = v.trim() === '' ? Number.NaN : Number(v);
    if (!Number.isNaN(n) || v === 'NaN') return n;
    return w.fail(`expected a number, got the string ${JSON.stringify(v)}`);
  }
  return w.fail(`expected a number, got ${typeName(v)}`);
}

function scalar(kind: Scalar, v: unknown, w: Walk): Out {
  switch (kind) {
    case Scalar.String:
      return typeof v === 'string' ? v : w.fail(`expected a string, got ${typeName(v)}`);
    case Scalar.Bytes:
      if (typeof v !== 'string') return w.fail(`expected base64 text, got ${typeName(v)}`);
      return BASE64.test(v) ? v : w.fail('expected standard base64 text (A-Z a-z 0-9 + / with = padding)');
    case Scalar.Bool:
      if (typeof v === 'boolean') return v;
      if (v === 'true') return true;
      if (v === 'false') return false;
      return w.fail(`expected a boolean, got ${typeName(v)}`);
    case Scalar.Double:
    case Scalar.Float:
      return double(v, w);
    case Scalar.Int32:
    case Scalar.Sint32:
    case Scalar.Sfixed32:
      return int32(v, false, w);
    case Scalar.Uint32:
    case Scalar.Fixed32:
      return int32(v, true, w);
    case Scalar.Int64:
    case Scalar.Sint64:
    case Scalar.Sfixed64:
      return int64(v, false, w);
    case Scalar.Uint64:
    case Scalar.Fixed64:
      return int64(v, true, w);
    case Scalar.None:
      return w.fail('not a scalar field');
  }
}

function single(f: FieldPlan, v: unknown, w: Walk): Out {
  if (f.message !== undefined) return message(f.message, v, w);
  const en = f.enumPlan;
  if (en !== undefined) {
    if (typeof v !== 'string') {
      return w.fail(`expected the name of a ${en.name} value (a string), got ${typeName(v)}`);
    }
    if (en.byName.has(v)) return v;
    return f.required ? w.fail(`unknown ${en.name} value ${JSON.stringify(v)}`) : UNSET;
  }
  return scalar(f.scalar, v, w);
}

function repeated(f: FieldPlan, v: unknown, w: Walk): Out {
  if (!Array.isArray(v)) return w.fail(`expected an array, got ${typeName(v)}`);
  const arr: readonly unknown[] = v;
  let out: unknown[] | undefined;
  let dropped = 0;
  for (let i = 0; i < arr.length; i++) {
    const item = arr[i];
    const nv = item === null ? UNSET : single(f, item, w);
    if (nv === FAIL) {
      w.reversePath.push(i);
      return FAIL;
    }
    if (nv !== item) {
      if (w.inPlace && nv !== UNSET) {
        (arr as unknown[])[i] = nv;
        continue;
      }
      out ??= arr.slice(0, i - dropped) as unknown[];
      if (nv === UNSET) dropped++;
      else out.push(nv);
    } else if (out !== undefined) {
      out.push(item);
    }
  }
  return out ?? arr;
}

function mapField(f: FieldPlan, v: unknown, w: Walk): Out {
  if (!isPlainObject(v)) return w.fail(`expected an object (a map), got ${typeName(v)}`);
  let out: Record<string, unknown> | undefined;
  for (const key in v) {
    if (f.keyScalar !== Scalar.String && !INTEGER.test(key)) {
      w.reversePath.push(key);
      return w.fail('expected an integer map key');
    }
    const item = v[key];
    const nv = item === null ? UNSET : single(f, item, w);
    if (nv === FAIL) {
      w.reversePath.push(key);
      return FAIL;
    }
    if (nv !== item) {
      out ??= w.inPlace ? v : { ...v };
      if (nv === UNSET) delete out[key];
      else out[key] = nv;
    }
  }
  return out ?? v;
}

function field(f: FieldPlan, v: unknown, w: Walk): Out {
  if (v === null) return UNSET;
  if (f.map) return mapField(f, v, w);
  if (f.repeated) return repeated(f, v, w);
  return single(f, v, w);
}

function unionCheck(p: MessagePlan, obj: Record<string, unknown>, w: Walk): Out {
  const members = p.union?.members;
  if (members === undefined) return obj;
  const t = obj['type'];
  const member = typeof t === 'string' ? members.get(t) : undefined;
  if (member === undefined) {
    // A missing or unknown type reads as UNKNOWN, as protobuf's default would.
    return { ...obj, type: 'UNKNOWN' };
  }
  for (const name of member.requiredCommon) {
    if (obj[name] === undefined) {
      w.reversePath.push(name);
      return w.fail(`required for type ${member.type}`);
    }
  }
  if (member.payloadRequired && member.payload !== null && obj[member.payload] === undefined) {
    w.reversePath.push(member.payload);
    return w.fail(`required for type ${member.type}`);
  }
  return obj;
}

function message(p: MessagePlan, v: unknown, w: Walk): Out {
  if (!isPlainObject(v)) return w.fail(`expected an object (${p.name}), got ${typeName(v)}`);
  let out: Record<string, unknown> | undefined;
  const byName = p.byName;
  for (const key in v) {
    const f = byName.get(key);
    if (f === undefined) continue; // unknown fields are ignored, as the master does
    const item = v[key];
    const nv = field(f, item, w);
    if (nv === FAIL) {
      w.reversePath.push(key);
      return FAIL;
    }
    if (nv !== item) {
      out ??= w.inPlace ? v : { ...v };
      if (nv === UNSET) delete out[key];
      else out[key] = nv;
    }
  }
  const obj = out ?? v;
  for (const f of p.required) {
    if (obj[f.name] === undefined) {
      w.reversePath.push(f.name);
      return w.fail(`missing required field (${p.name})`);
    }
  }
  return unionCheck(p, obj, w);
}

/** The outcome of {@link normalize}: the model value, or what is wrong and where. */
export type Normalized = { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & Invalid);

/**
 * Validates a JSON-shaped value against a message plan and returns the typed-model value
 * (sharing every untouched part of the input), or the first problem with its path.
 * With `inPlace`, fields that must change are changed in the input itself, which is faster;
 * use it only on values nobody else holds (a freshly parsed body).
 *
 * @example
 * ```ts
 * const r = normalize(planOf('mesos.v1.TimeInfo'), { nanoseconds: 5 });
 * // r.ok && r.value → { nanoseconds: '5' }
 * ```
 * Spec: docs/mesos-scheduler-http-api.md §2.2.
 */
export function normalize(p: MessagePlan, value: unknown, options: { readonly inPlace?: boolean } = {}): Normalized {
  const w = new Walk(options.inPlace ?? false);
  const out = message(p, value, w);
  if (out === FAIL || out === UNSET) {
    return { ok: false, message: w.message, path: w.reversePath.reverse() };
  }
  return { ok: true, value: out };
}
