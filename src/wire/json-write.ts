/**
 * Writes typed-model values as JSON text the way the Mesos master does: fields in the
 * schema's declaration order, enums by name, bytes as base64, 64-bit integers as bare exact
 * integers, integral doubles with a `.0`, empty repeated fields left out, no whitespace.
 *
 * The input must already be valid for its message (see `normalize`): the writer trusts it.
 *
 * @module
 */
import { Scalar, type FieldPlan, type MessagePlan } from './schema-plan';

function double(v: unknown): string {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return `"${Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity'}"`;
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
}

function single(f: FieldPlan, v: unknown): string {
  if (f.message !== undefined) return writeMessage(f.message, v as Record<string, unknown>);
  if (f.enumPlan !== undefined) return `"${String(v)}"`;
  switch (f.scalar) {
    case Scalar.String:
    case Scalar.Bytes:
      return JSON.stringify(v);
    case Scalar.Bool:
      return v === true ? 'true' : 'false';
    case Scalar.Double:
    case Scalar.Float:
      return double(v);
    default:
      // 32- and 64-bit integers: bare, exact (64-bit ones are decimal strings in the model).
      return String(v);
  }
}

/**
 * Writes one message as compact JSON text.
 *
 * @example
 * ```ts
 * writeMessage(planOf('mesos.v1.Value.Scalar'), { value: 2 }); // '{"value":2.0}'
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export function writeMessage(p: MessagePlan, obj: Record<string, unknown>): string {
  let out = '{';
  let first = true;
  for (const f of p.fields) {
    const v = obj[f.name];
    if (v === undefined || v === null) continue;
    let text: string;
    if (f.repeated) {
      const arr = v as readonly unknown[];
      if (arr.length === 0) continue;
      text = '[';
      for (let i = 0; i < arr.length; i++) text += (i === 0 ? '' : ',') + single(f, arr[i]);
      text += ']';
    } else if (f.map) {
      const m = v as Record<string, unknown>;
      text = '{';
      let firstKey = true;
      for (const key in m) {
        text += `${firstKey ? '' : ','}${JSON.stringify(key)}:${single(f, m[key])}`;
        firstKey = false;
      }
      text += '}';
    } else {
      text = single(f, v);
    }
    out += (first ? '' : ',') + f.jsonKey + text;
    first = false;
  }
  return `${out}}`;
}
