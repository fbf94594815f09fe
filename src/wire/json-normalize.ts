/**
 * Schema-driven validation of JSON-shaped values into the typed model, following the Mesos
 * JSON reader's rules (spec §2.2): snake_case names, enums by name, base64 bytes, 64-bit
 * integers exact, numbers given as strings accepted, `null` meaning unset, unknown fields and
 * unknown enum names on optional fields tolerated.
 *
 * By default values are never mutated: where a field must change (an `int64` number becomes
 * its decimal string, `"8"` becomes `8` for an `int32`, an unknown enum name is dropped) the
 * object holding it is copied, and its parents with it; untouched subtrees are shared.
 *
 * Each message gets a validator compiled from its plan on first use: straight-line code that
 * reads the declared fields by name, so that the engine sees one object shape per read site.
 * Unknown fields are never visited.
 *
 * @module
 */
import { perPlan, Scalar, type EnumPlan, type FieldPlan, type MessagePlan } from './schema-plan';

/**
 * A validation failure: what is wrong, and where (outermost segment first).
 *
 * @example
 * ```ts
 * const r = normalize(planOf('mesos.v1.TaskStatus'), { task_id: { value: 't1' }, state: 7 });
 * if (!r.ok) {
 *   const invalid: Invalid = r;
 *   console.log(invalid.path, invalid.message); // ['state'] 'expected the name of a … value'
 * }
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export interface Invalid {
  readonly message: string;
  readonly path: readonly (string | number)[];
  /**
   * Set when an integer above 2^53 could not be matched to its exact digits in the source
   * text (two different tokens round to the same double): parse the text exactly and retry.
   */
  readonly ambiguous: boolean;
}

/** Returned by the walkers instead of a value when validation fails. */
const FAIL: unique symbol = Symbol('invalid');
/** Returned for a value that is to be treated as unset (`null`, an unknown optional enum name). */
const UNSET: unique symbol = Symbol('unset');

/**
 * Looks up the exact digits of an integer that `JSON.parse` rounded: a string when one token
 * of the source rounds to `n`, `null` when several different ones do, `undefined` when none.
 *
 * @example
 * ```ts
 * const text = '{"nanoseconds":1725260102345678901}';
 * const exact: ExactIntegers = exactIntegersOf(text);
 * normalize(planOf('mesos.v1.TimeInfo'), JSON.parse(text), { exact }); // nanoseconds exact
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export type ExactIntegers = (n: number) => string | null | undefined;

class Walk {
  message = '';
  ambiguous = false;
  /** Filled while unwinding, innermost first. */
  readonly reversePath: (string | number)[] = [];

  constructor(
    /** Change the input in place instead of copying (only for values the caller owns). */
    readonly inPlace: boolean,
    readonly exact: ExactIntegers | undefined,
  ) {}

  fail(message: string): typeof FAIL {
    this.message = message;
    return FAIL;
  }
}

type Check = (x: unknown, w: Walk) => unknown;

/** 1 for the 64 characters of the standard base64 alphabet, by character code. */
const BASE64_ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  BASE64_ALPHABET[c.charCodeAt(0)] = 1;
const EQUALS = 0x3d;

/**
 * Standard base64 with padding: a multiple of 4 characters of the alphabet, the last one or
 * two of which may be `=`. (A loop over the characters: twice as fast as a regular expression
 * on the uuids every status update carries.)
 */
function isBase64(s: string): boolean {
  const n = s.length;
  if ((n & 3) !== 0) return false;
  let end = n;
  if (n > 0 && s.charCodeAt(n - 1) === EQUALS) end = s.charCodeAt(n - 2) === EQUALS ? n - 2 : n - 1;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || BASE64_ALPHABET[c] !== 1) return false;
  }
  return true;
}
const INTEGER = /^-?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

const MINUS = 0x2d;
const ZERO = 0x30;
/** The bounds of the 64-bit integer types, as decimal text of the same length as a token. */
const INT64_MAX_TEXT = INT64_MAX.toString();
const INT64_MIN_TEXT = INT64_MIN.toString();
const UINT64_MAX_TEXT = UINT64_MAX.toString();

/**
 * Whether the decimal text of an integer is already as the model keeps it (no leading zero,
 * no `-0`) and in range, decided on the text: digit strings of equal length compare as their
 * numbers do, so the common case (every 19-digit `TimeInfo.nanoseconds`) needs no BigInt.
 */
function plainInt64(v: string, unsigned: boolean): boolean {
  const negative = v.charCodeAt(0) === MINUS;
  const digits = negative ? v.length - 1 : v.length;
  if (v.charCodeAt(negative ? 1 : 0) === ZERO) return digits === 1 && !negative;
  if (negative) {
    const min = INT64_MIN_TEXT;
    return !unsigned && (v.length < min.length || (v.length === min.length && v <= min));
  }
  const max = unsigned ? UINT64_MAX_TEXT : INT64_MAX_TEXT;
  return v.length < max.length || (v.length === max.length && v <= max);
}

function int64Text(v: string, unsigned: boolean, w: Walk): unknown {
  if (!INTEGER.test(v)) return w.fail(`expected an integer, got the string ${JSON.stringify(v)}`);
  if (plainInt64(v, unsigned)) return v;
  const big = BigInt(v);
  if (unsigned ? big < 0n || big > UINT64_MAX : big < INT64_MIN || big > INT64_MAX) {
    return w.fail(
      `integer ${v} is out of range for a 64-bit ${unsigned ? 'unsigned ' : ''}integer`,
    );
  }
  return big.toString();
}

function int64(v: unknown, unsigned: boolean, w: Walk): unknown {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) {
      return unsigned && v < 0 ? w.fail(`expected an unsigned integer, got ${v}`) : String(v);
    }
    if (Number.isInteger(v) && w.exact !== undefined) {
      const digits = w.exact(v);
      if (typeof digits === 'string') return int64Text(digits, unsigned, w);
      if (digits === null) {
        w.ambiguous = true;
        return w.fail(`integer ${v} is ambiguous in the source text`);
      }
    }
    return w.fail(
      Number.isInteger(v)
        ? `integer ${v} lost precision (write it exactly)`
        : `expected an integer, got ${v}`,
    );
  }
  if (typeof v === 'string') return int64Text(v, unsigned, w);
  return w.fail(`expected an integer, got ${typeName(v)}`);
}

function int32(v: unknown, unsigned: boolean, w: Walk): unknown {
  const n = typeof v === 'string' && INTEGER.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    return w.fail(
      `expected an integer, got ${typeof v === 'string' ? JSON.stringify(v) : typeName(v)}`,
    );
  }
  if (unsigned ? n < 0 || n > 0xffffffff : n < -0x80000000 || n > 0x7fffffff) {
    return w.fail(
      `integer ${n} is out of range for a 32-bit ${unsigned ? 'unsigned ' : ''}integer`,
    );
  }
  return n;
}

function double(v: unknown, w: Walk): unknown {
  if (typeof v === 'string') {
    const n = v.trim() === '' ? Number.NaN : Number(v);
    if (!Number.isNaN(n) || v === 'NaN') return n;
    return w.fail(`expected a number, got the string ${JSON.stringify(v)}`);
  }
  return w.fail(`expected a number, got ${typeName(v)}`);
}

/** The checker of one scalar kind, with its common case inline. */
function scalarCheck(kind: Scalar): Check {
  switch (kind) {
    case Scalar.String:
      return (x, w) =>
        typeof x === 'string' ? x : w.fail(`expected a string, got ${typeName(x)}`);
    case Scalar.Bytes:
      return (x, w) =>
        typeof x !== 'string'
          ? w.fail(`expected base64 text, got ${typeName(x)}`)
          : isBase64(x)
            ? x
            : w.fail('expected standard base64 text (A-Z a-z 0-9 + / with = padding)');
    case Scalar.Bool:
      return (x, w) =>
        typeof x === 'boolean'
          ? x
          : x === 'true'
            ? true
            : x === 'false'
              ? false
              : w.fail(`expected a boolean, got ${typeName(x)}`);
    case Scalar.Double:
    case Scalar.Float:
      return (x, w) => (typeof x === 'number' ? x : double(x, w));
    case Scalar.Int32:
    case Scalar.Sint32:
    case Scalar.Sfixed32:
      return (x, w) => (typeof x === 'number' && (x | 0) === x ? x : int32(x, false, w));
    case Scalar.Uint32:
    case Scalar.Fixed32:
      return (x, w) => (typeof x === 'number' && x >>> 0 === x ? x : int32(x, true, w));
    case Scalar.Int64:
    case Scalar.Sint64:
    case Scalar.Sfixed64:
      return (x, w) => int64(x, false, w);
    case Scalar.Uint64:
    case Scalar.Fixed64:
      return (x, w) => int64(x, true, w);
    case Scalar.None:
      return (_x, w) => w.fail('not a scalar field');
  }
}

function enumCheck(en: EnumPlan, required: boolean): Check {
  const names = en.byName;
  return (x, w) => {
    if (typeof x === 'string') {
      if (names.has(x)) return x;
      return required ? w.fail(`unknown ${en.name} value ${JSON.stringify(x)}`) : UNSET;
    }
    return w.fail(`expected the name of a ${en.name} value (a string), got ${typeName(x)}`);
  };
}

/** The checker of a repeated field; `itemOf` gives the items' checker, asked once. */
function repeatedCheck(itemOf: () => Check): Check {
  let resolved: Check | undefined;
  return (v, w) => {
    if (!Array.isArray(v)) return w.fail(`expected an array, got ${typeName(v)}`);
    const item = (resolved ??= itemOf());
    const arr: unknown[] = v;
    let out: unknown[] | undefined;
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      const r = x === null ? UNSET : item(x, w);
      if (r === x) {
        if (out !== undefined) out.push(x);
        continue;
      }
      if (r === FAIL) {
        w.reversePath.push(i);
        return FAIL;
      }
      if (w.inPlace && r !== UNSET) {
        arr[i] = r;
        continue;
      }
      out ??= arr.slice(0, i);
      if (r !== UNSET) out.push(r);
    }
    return out ?? arr;
  };
}

function mapCheck(item: Check, integerKeys: boolean): Check {
  return (v, w) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      return w.fail(`expected an object (a map), got ${typeName(v)}`);
    }
    const m = v as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key in m) {
      if (integerKeys && !INTEGER.test(key)) {
        w.reversePath.push(key);
        return w.fail('expected an integer map key');
      }
      const x = m[key];
      const r = x === null ? UNSET : item(x, w);
      if (r === x) continue;
      if (r === FAIL) {
        w.reversePath.push(key);
        return FAIL;
      }
      out ??= w.inPlace ? m : { ...m };
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- map keys are data
      if (r === UNSET) delete out[key];
      else out[key] = r;
    }
    return out ?? m;
  };
}

const messageCheck: (p: MessagePlan) => Check = perPlan((p) => compileMessage(p));

/**
 * The checker of one field. `patch` replaces it in the caller's table: a singular message
 * field starts as a stub that compiles the target's validator on first use (schemas are
 * recursive) and then puts it in its own place, so later calls go to it directly.
 */
function fieldCheck(f: FieldPlan, patch: (check: Check) => void): Check {
  let item: Check;
  const target = f.message;
  if (target !== undefined) {
    let fn: Check | undefined;
    if (!f.map && !f.repeated) {
      return (x, w) => {
        const check = messageCheck(target);
        patch(check);
        return check(x, w);
      };
    }
    item = (x, w) => (fn ??= messageCheck(target))(x, w);
  } else if (f.enumPlan !== undefined) {
    item = enumCheck(f.enumPlan, f.required);
  } else {
    item = scalarCheck(f.scalar);
  }
  if (f.map) return mapCheck(item, f.keyScalar !== Scalar.String);
  if (f.repeated) {
    const direct = item;
    return repeatedCheck(target === undefined ? () => direct : () => messageCheck(target));
  }
  return item;
}

/** Helpers the compiled validators call. */
const helpers = {
  FAIL,
  UNSET,
  messageCheck,
  notObject(name: string, v: unknown, w: Walk): typeof FAIL {
    return w.fail(`expected an object (${name}), got ${typeName(v)}`);
  },
  missing(w: Walk, field: string, name: string): typeof FAIL {
    w.reversePath.push(field);
    return w.fail(`missing required field (${name})`);
  },
  at(w: Walk, field: string): typeof FAIL {
    w.reversePath.push(field);
    return FAIL;
  },
  /** Sets (or, with UNSET, deletes) a field: in place, or on a copy made once per object. */
  set(
    o: Record<string, unknown>,
    v: Record<string, unknown>,
    field: string,
    r: unknown,
    w: Walk,
  ): Record<string, unknown> {
    const target = w.inPlace || o !== v ? o : { ...v };
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- an unset field is absent
    if (r === UNSET) delete target[field];
    else target[field] = r;
    return target;
  },
  union(p: MessagePlan, obj: Record<string, unknown>, w: Walk): unknown {
    const members = p.union?.members;
    if (members === undefined) return obj;
    const t = obj['type'];
    const member = typeof t === 'string' ? members.get(t) : undefined;
    if (member === undefined) {
      // A missing or unknown type reads as UNKNOWN, as protobuf's default would.
      if (w.inPlace) {
        obj['type'] = 'UNKNOWN';
        return obj;
      }
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
  },
};

/**
 * A condition under which a single scalar or enum value is valid as it is, so that the
 * compiled validator can skip the checker call (the common case). Undefined: always call.
 */
function fastPath(f: FieldPlan, i: number, x = 'x'): string | undefined {
  if (f.map || f.message !== undefined) return undefined;
  if (f.enumPlan !== undefined) return `typeof ${x} === "string" && e[${i}].has(${x})`;
  switch (f.scalar) {
    case Scalar.String:
      return `typeof ${x} === "string"`;
    case Scalar.Bool:
      return `typeof ${x} === "boolean"`;
    case Scalar.Double:
    case Scalar.Float:
      return `typeof ${x} === "number"`;
    case Scalar.Int32:
    case Scalar.Sint32:
    case Scalar.Sfixed32:
      return `typeof ${x} === "number" && (${x} | 0) === ${x}`;
    case Scalar.Uint32:
    case Scalar.Fixed32:
      return `typeof ${x} === "number" && ${x} >>> 0 === ${x}`;
    default:
      return undefined;
  }
}

/**
 * The inline loop of a repeated field: it runs over the items while each is valid as it is
 * (the common case), each field with its own call site, so that the engine sees one item
 * type per loop. It leaves `k === -2` when every item was valid; otherwise the field's full
 * checker runs over the array from the start (checks are pure, so re-checking is harmless).
 */
function repeatedLoop(f: FieldPlan, i: number): string {
  const fast = fastPath(f, i, 'y');
  const valid =
    f.message !== undefined
      ? `(ic[${i}] ?? (ic[${i}] = h.messageCheck(t[${i}])))(y, w) === y`
      : (fast ?? `ic[${i}](y, w) === y`);
  return (
    `let k = -1; if (Array.isArray(x)) { const n = x.length; ` +
    `for (k = 0; k < n; k++) { const y = x[k]; if (y === null || !(${valid})) break; } ` +
    `if (k === n) k = -2; else w.reversePath.length = 0; }`
  );
}

/** The generated validator's function name (shown in profiles): `validate_mesos_v1_Offer`. */
function validatorName(fullName: string): string {
  return `validate_${fullName.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * Compiles a message's validator: one read per declared field, by name, so that each read
 * site sees one object shape. The generated text only ever holds field names from the schema,
 * each written as a JSON string literal.
 */
function compileMessage(p: MessagePlan): Check {
  const checks: Check[] = [];
  p.fields.forEach((f, i) => {
    checks.push(
      fieldCheck(f, (check) => {
        checks[i] = check;
      }),
    );
  });
  const lines: string[] = [
    'if (typeof v !== "object" || v === null || Array.isArray(v)) return h.notObject(name, v, w);',
    'let o = v, x, r;',
  ];
  p.fields.forEach((f, i) => {
    const key = JSON.stringify(f.name);
    const absent = f.required
      ? `return h.missing(w, ${key}, name);`
      : `if (x === null) o = h.set(o, v, ${key}, h.UNSET, w);`;
    const inline = f.repeated && !f.map;
    const fast = inline ? undefined : fastPath(f, i);
    lines.push(
      `x = v[${key}];`,
      `if (x === undefined || x === null) { ${absent} }`,
      `else ${inline ? `{ ${repeatedLoop(f, i)} if (k !== -2)` : ''} if (${fast === undefined ? 'true' : `!(${fast})`}) { r = c[${i}](x, w); if (r !== x) { if (r === h.FAIL) return h.at(w, ${key}); ` +
        `${f.required ? `if (r === h.UNSET) return h.missing(w, ${key}, name); ` : ''}o = h.set(o, v, ${key}, r, w); } }${inline ? ' }' : ''}`,
    );
  });
  lines.push(p.union === undefined ? 'return o;' : 'return h.union(plan, o, w);');
  const enumNames = p.fields.map((f) => f.enumPlan?.byName);
  // Item checkers of repeated fields: scalars and enums now, messages on first use.
  const itemChecks = p.fields.map((f) =>
    f.message === undefined && f.enumPlan === undefined ? scalarCheck(f.scalar) : undefined,
  );
  const targets = p.fields.map((f) => f.message);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiled from the schema, see above
  const factory = new Function(
    'h',
    'c',
    'e',
    'name',
    'plan',
    'ic',
    't',
    `return function ${validatorName(p.name)}(v, w) {\n${lines.join('\n')}\n};`,
  ) as (
    h: typeof helpers,
    c: readonly Check[],
    e: readonly (ReadonlyMap<string, number> | undefined)[],
    name: string,
    plan: MessagePlan,
    ic: (Check | undefined)[],
    t: readonly (MessagePlan | undefined)[],
  ) => Check;
  return factory(helpers, checks, enumNames, p.name, p, itemChecks, targets);
}

/**
 * The outcome of {@link normalize}: the model value, or what is wrong and where.
 *
 * @example
 * ```ts
 * const r: Normalized = normalize(planOf('mesos.v1.TaskStatus'), { task_id: { value: 't1' } });
 * if (!r.ok) console.error(r.path.join('.'), r.message); // state missing required field …
 * ```
 */
export type Normalized =
  { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & Invalid);

/**
 * Options of {@link normalize}: whether the input may be changed in place, and where the
 * exact digits of rounded integers are.
 *
 * @example
 * ```ts
 * // a body just parsed belongs to nobody else: validate it in place, with exact integers
 * const options: NormalizeOptions = { inPlace: true, exact: exactIntegersOf(text) };
 * const r = normalize(planOf('mesos.v1.scheduler.Event'), JSON.parse(text), options);
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export interface NormalizeOptions {
  /**
   * Change fields in the input itself instead of copying, which is faster; only for values
   * nobody else holds (a freshly parsed body).
   */
  readonly inPlace?: boolean;
  /** Where to find the exact digits of integers that `JSON.parse` rounded. */
  readonly exact?: ExactIntegers;
}

/**
 * Validates a JSON-shaped value against a message plan and returns the typed-model value
 * (sharing every untouched part of the input), or the first problem with its path.
 *
 * @example
 * ```ts
 * const r = normalize(planOf('mesos.v1.TimeInfo'), { nanoseconds: 5 });
 * // r.ok && r.value → { nanoseconds: '5' }
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export function normalize(
  p: MessagePlan,
  value: unknown,
  options: NormalizeOptions = {},
): Normalized {
  const w = new Walk(options.inPlace ?? false, options.exact);
  const out = messageCheck(p)(value, w);
  if (out === FAIL || out === UNSET) {
    return { ok: false, message: w.message, path: w.reversePath.reverse(), ambiguous: w.ambiguous };
  }
  return { ok: true, value: out };
}
