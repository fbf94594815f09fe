/**
 * The schema table compiled into linked plans that the codecs walk: fields by name, by number
 * and in declaration order, enums both ways, union members by type.
 *
 * @module
 */
import type { FieldRow, SchemaTable, UnionRow } from './schema-table';
import { schemaTable } from './generated/schema';

/**
 * Scalar kinds, as small integers so that codec switches stay cheap; `None` marks an enum or
 * message field.
 *
 * @example
 * ```ts
 * planOf('mesos.v1.TimeInfo').byName.get('nanoseconds')?.scalar === Scalar.Int64; // true
 * ```
 */
export const enum Scalar {
  String,
  Bytes,
  Bool,
  Double,
  Float,
  Int32,
  Uint32,
  Sint32,
  Fixed32,
  Sfixed32,
  Int64,
  Uint64,
  Sint64,
  Fixed64,
  Sfixed64,
  /** Not a scalar: an enum or a message. */
  None,
}

const SCALARS: { readonly [name: string]: Scalar } = {
  string: Scalar.String,
  bytes: Scalar.Bytes,
  bool: Scalar.Bool,
  double: Scalar.Double,
  float: Scalar.Float,
  int32: Scalar.Int32,
  uint32: Scalar.Uint32,
  sint32: Scalar.Sint32,
  fixed32: Scalar.Fixed32,
  sfixed32: Scalar.Sfixed32,
  int64: Scalar.Int64,
  uint64: Scalar.Uint64,
  sint64: Scalar.Sint64,
  fixed64: Scalar.Fixed64,
  sfixed64: Scalar.Sfixed64,
};

/**
 * An enum: names to numbers and back (a number that several names share maps back to the
 * first of them).
 *
 * @example
 * ```ts
 * const states = planOf('mesos.v1.TaskStatus').byName.get('state')?.enumPlan;
 * states?.byName.get('TASK_RUNNING'); // 1
 * states?.byNumber.get(6); // 'TASK_STAGING'
 * ```
 */
export interface EnumPlan {
  readonly name: string;
  readonly byName: ReadonlyMap<string, number>;
  readonly byNumber: ReadonlyMap<number, string>;
}

/**
 * One field, linked to the plan of its enum or message type.
 *
 * @example
 * ```ts
 * const uuid = planOf('mesos.v1.TaskStatus').byId[11];
 * uuid?.name; // 'uuid'
 * uuid?.jsonKey; // '"uuid":'
 * uuid?.scalar === Scalar.Bytes; // true
 * ```
 */
export interface FieldPlan {
  readonly name: string;
  readonly id: number;
  /** `"name":`, ready to be written. */
  readonly jsonKey: string;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly required: boolean;
  /** Index of the field among the message's required fields (for presence bits), or -1. */
  readonly requiredIndex: number;
  readonly scalar: Scalar;
  /** For maps: the key's scalar kind. */
  readonly keyScalar: Scalar;
  readonly enumPlan: EnumPlan | undefined;
  /** Set once every message plan exists (types refer to each other). */
  message: MessagePlan | undefined;
}

/**
 * A union message's members by type name: which payload field each type selects, and what
 * else it requires.
 *
 * @example
 * ```ts
 * planOf('mesos.v1.scheduler.Call').union?.members.get('DECLINE')?.payload; // 'decline'
 * ```
 */
export interface UnionPlan {
  readonly members: ReadonlyMap<string, UnionRow>;
}

/**
 * One message type: its fields in declaration order, by name and by number, its required
 * fields, and its union members when it is a union message.
 *
 * @example
 * ```ts
 * const status: MessagePlan = planOf('mesos.v1.TaskStatus');
 * status.required.map((f) => f.name); // ['task_id', 'state']
 * status.byName.get('task_id')?.message?.name; // 'mesos.v1.TaskID'
 * ```
 */
export interface MessagePlan {
  readonly name: string;
  /** Declaration order: the order in which the master writes JSON. */
  readonly fields: readonly FieldPlan[];
  readonly byName: ReadonlyMap<string, FieldPlan>;
  /** Indexed by field number. */
  readonly byId: readonly (FieldPlan | undefined)[];
  readonly required: readonly FieldPlan[];
  readonly union: UnionPlan | undefined;
}

function scalarOf(type: string): Scalar {
  return SCALARS[type] ?? Scalar.None;
}

function compile(table: SchemaTable): ReadonlyMap<string, MessagePlan> {
  const enums = new Map<string, EnumPlan>();
  for (const [name, values] of Object.entries(table.enums)) {
    const byName = new Map<string, number>();
    const byNumber = new Map<number, string>();
    for (const [n, v] of values) {
      byName.set(n, v);
      if (!byNumber.has(v)) byNumber.set(v, n);
    }
    enums.set(name, { name, byName, byNumber });
  }
  const plans = new Map<string, MessagePlan>();
  const pending: [FieldPlan, FieldRow][] = [];
  for (const [name, rows] of Object.entries(table.messages)) {
    let requiredCount = 0;
    const fields = rows.map((row): FieldPlan => {
      const required = row.label === 'required';
      const f: FieldPlan = {
        name: row.name,
        id: row.id,
        jsonKey: `${JSON.stringify(row.name)}:`,
        repeated: row.label === 'repeated',
        map: row.label === 'map',
        required,
        requiredIndex: required ? requiredCount++ : -1,
        scalar: row.kind === 'scalar' ? scalarOf(row.type) : Scalar.None,
        keyScalar: row.keyType === undefined ? Scalar.None : scalarOf(row.keyType),
        enumPlan: row.kind === 'enum' ? enums.get(row.type) : undefined,
        message: undefined,
      };
      if (row.kind === 'message') pending.push([f, row]);
      return f;
    });
    const byId: (FieldPlan | undefined)[] = [];
    for (const f of fields) byId[f.id] = f;
    const unionRows = table.unions[name];
    plans.set(name, {
      name,
      fields,
      byName: new Map(fields.map((f) => [f.name, f])),
      byId,
      required: fields.filter((f) => f.required),
      union:
        unionRows === undefined
          ? undefined
          : { members: new Map(unionRows.map((u) => [u.type, u])) },
    });
  }
  for (const [f, row] of pending) f.message = plans.get(row.type);
  return plans;
}

const plans = compile(schemaTable);

/**
 * The plan of a message by full proto name (`mesos.v1.TaskStatus`).
 *
 * @example
 * ```ts
 * planOf('mesos.v1.scheduler.Event').fields.map((f) => f.name); // ['type', 'subscribed', …]
 * ```
 */
export function planOf(fullName: string): MessagePlan {
  const p = plans.get(fullName);
  if (p === undefined) throw new Error(`no message ${fullName} in the schema`);
  return p;
}

/**
 * The protobuf wire type of a field's values: 2 (length-delimited) for messages, maps, text
 * and bytes, 1 for 64-bit fixed-width kinds, 5 for 32-bit ones, 0 (varint) for the rest,
 * enums included. Encoders write it in tags; decoders check it and read packed fields by it.
 *
 * @example
 * ```ts
 * wireTypeOf(planOf('mesos.v1.TaskStatus').byName.get('timestamp')!); // 1 (a double)
 * ```
 */
export function wireTypeOf(f: FieldPlan): number {
  if (f.map || f.message !== undefined) return 2;
  switch (f.scalar) {
    case Scalar.String:
    case Scalar.Bytes:
      return 2;
    case Scalar.Double:
    case Scalar.Fixed64:
    case Scalar.Sfixed64:
      return 1;
    case Scalar.Float:
    case Scalar.Fixed32:
    case Scalar.Sfixed32:
      return 5;
    default:
      return 0;
  }
}

/**
 * Memoizes a function of message plans: `make` runs once per plan. Validators, decoders and
 * encoders are generated this way, each at its message type's first use.
 *
 * @example
 * ```ts
 * const fieldCount = perPlan((p) => p.fields.length);
 * fieldCount(planOf('mesos.v1.TaskID')); // 1, computed once
 * ```
 */
export function perPlan<T>(make: (p: MessagePlan) => T): (p: MessagePlan) => T {
  const made = new Map<MessagePlan, T>();
  return (p) => {
    let v = made.get(p);
    if (v === undefined) {
      v = make(p);
      made.set(p, v);
    }
    return v;
  };
}
