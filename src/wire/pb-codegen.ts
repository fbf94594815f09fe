/**
 * Generated protobuf decoders: one JavaScript function per message type, made from its plan
 * the first time that type is decoded, so that every field is stored under a constant name.
 *
 * @module
 */
import { Scalar, type FieldPlan, type MessagePlan } from './schema-plan';

/**
 * A generated decoder: reads one message of its type between the cursor and `end` and
 * returns the model object, or the failure marker (the cursor then holds the failure).
 *
 * @example
 * ```ts
 * const decode: MessageDecoder<Cursor> = decoderOf(planOf('mesos.v1.TaskStatus'));
 * const status = decode(cursor, bytes.length, 0);
 * ```
 */
export type MessageDecoder<C extends DecoderCursor> = (c: C, end: number, depth: number) => unknown;

/**
 * What generated code calls: the reader's primitives, its failure and skip markers, and the
 * decoder of each nested type. Generated code only arranges these calls; every rule (wire
 * types, lengths, limits, messages of failures) lives in the functions.
 *
 * @example
 * ```ts
 * const helpers: DecoderHelpers<Cursor> = { FAIL, SKIP, varint32, value, skipField, … };
 * ```
 */
export interface DecoderHelpers<C extends DecoderCursor> {
  readonly FAIL: unknown;
  readonly SKIP: unknown;
  readonly varint32: (c: C, end: number) => number;
  readonly value: (c: C, f: FieldPlan, wireType: number, end: number) => unknown;
  readonly skipField: (c: C, wireType: number, end: number) => boolean;
  readonly nested: (c: C, decode: MessageDecoder<C>, end: number, depth: number) => unknown;
  readonly mapEntry: (c: C, f: FieldPlan, end: number, depth: number) => unknown;
  readonly wireTypeOf: (f: FieldPlan) => number;
  readonly decoderOf: (p: MessagePlan) => MessageDecoder<C>;
  readonly withPath: (c: C, name: string, index?: number) => unknown;
  readonly fieldFail: (c: C, f: FieldPlan, message: string) => unknown;
  readonly missingRequired: (c: C, p: MessagePlan, seen: number) => unknown;
  readonly unionCheck: (c: C, p: MessagePlan, obj: Record<string, unknown>) => unknown;
}

/**
 * What generated code reads and calls on the cursor directly.
 *
 * @example
 * ```ts
 * const cursor: DecoderCursor = new Cursor(buffer);
 * ```
 */
export interface DecoderCursor {
  pos: number;
  message: string;
  fail(message: string, at?: number): unknown;
}

function isPackable(f: FieldPlan): boolean {
  return f.message === undefined && f.scalar !== Scalar.String && f.scalar !== Scalar.Bytes;
}

/** The statements that store `v`, a decoded value of field `f` (`n`: its quoted name). */
function store(f: FieldPlan, n: string): string {
  const failed = f.repeated
    ? `return H.withPath(c, ${n}, (obj[${n}] ?? []).length);`
    : `return H.withPath(c, ${n});`;
  const put = f.repeated
    ? `{ const arr = obj[${n}]; if (arr === undefined) obj[${n}] = [v]; else arr.push(v); }`
    : `obj[${n}] = v;${f.required ? ` seen |= ${1 << f.requiredIndex};` : ''}`;
  return `if (v === FAIL) ${failed}\n if (v === SKIP) continue;\n ${put}\n continue;`;
}

/** The `case` of one field. */
function fieldCase(f: FieldPlan, i: number): string {
  const n = JSON.stringify(f.name);
  const F = `F${i}`;
  if (f.map) {
    return `case ${f.id}: {
      if (wireType !== 2) return H.fieldFail(c, ${F}, 'wire type ' + wireType + ' for a map entry');
      const entry = H.mapEntry(c, ${F}, end, depth);
      if (entry === FAIL) return H.withPath(c, ${n});
      const m = (obj[${n}] ??= {});
      if (entry[1] !== undefined) m[entry[0]] = entry[1];
      continue;
    }`;
  }
  if (f.message !== undefined) {
    return `case ${f.id}: {
      if (wireType !== 2) return H.fieldFail(c, ${F}, 'wire type ' + wireType + ' for a message field');
      const v = H.nested(c, (D${i} ??= H.decoderOf(${F}.message)), end, depth);
      ${store(f, n)}
    }`;
  }
  const packed =
    f.repeated && isPackable(f)
      ? `if (wireType === 2) {
      const len = H.varint32(c, end) >>> 0;
      if (c.message !== '') return H.withPath(c, ${n});
      const stop = c.pos + len;
      if (stop > end) return H.fieldFail(c, ${F}, 'length runs past the end of the message');
      const arr = (obj[${n}] ??= []);
      while (c.pos < stop) {
        const item = H.value(c, ${F}, PW${i}, stop);
        if (item === FAIL) return H.withPath(c, ${n}, arr.length);
        if (item !== SKIP) arr.push(item);
      }
      continue;
    }`
      : '';
  return `case ${f.id}: {
    ${packed}
    const v = H.value(c, ${F}, wireType, end);
    ${store(f, n)}
  }`;
}

/**
 * Generates the decoder of one message type. The result behaves exactly as a loop over the
 * plan's fields would (same results, same failures at the same offsets and paths), but stores
 * each field under a constant name, which the engine compiles to direct stores instead of
 * the slow generic ones a computed name needs.
 *
 * @example
 * ```ts
 * const decode = generateDecoder(planOf('mesos.v1.Offer'), helpers);
 * ```
 */
export function generateDecoder<C extends DecoderCursor>(
  p: MessagePlan,
  H: DecoderHelpers<C>,
): MessageDecoder<C> {
  const fields = p.fields;
  const preamble: string[] = [];
  fields.forEach((f, i) => {
    preamble.push(`const F${i} = fields[${i}];`);
    if (f.message !== undefined) preamble.push(`let D${i};`);
    if (f.repeated && isPackable(f)) preamble.push(`const PW${i} = H.wireTypeOf(F${i});`);
  });
  const req = p.required;
  const mask = req.length === 0 ? 0 : 2 ** req.length - 1;
  const body = `'use strict';
  const FAIL = H.FAIL, SKIP = H.SKIP;
  ${preamble.join('\n  ')}
  function Plain() {}
  Plain.prototype = Object.prototype;
  return function decode(c, end, depth) {
    if (depth > 100) return c.fail('messages nested too deeply');
    const obj = new Plain();
    let seen = 0;
    while (c.pos < end) {
      const tagAt = c.pos;
      const tag = H.varint32(c, end);
      if (c.message !== '') return FAIL;
      const wireType = tag & 7;
      switch (tag >>> 3) {
        case 0: return c.fail('field number 0', tagAt);
        ${fields.map(fieldCase).join('\n        ')}
        default:
          if (!H.skipField(c, wireType, end)) return FAIL;
      }
    }
    if (c.pos !== end) return c.fail('field runs past the end of the message');
    ${req.length > 0 ? `if (seen !== ${mask}) return H.missingRequired(c, plan, seen);` : ''}
    return ${p.union === undefined ? 'obj' : 'H.unionCheck(c, plan, obj)'};
  };`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generated from the schema plan only, never from input
  const factory = new Function('H', 'fields', 'plan', body) as (
    h: DecoderHelpers<C>,
    fields: readonly FieldPlan[],
    plan: MessagePlan,
  ) => MessageDecoder<C>;
  return factory(H, fields, p);
}
