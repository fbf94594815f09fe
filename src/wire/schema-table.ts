/**
 * The shape of the generated schema table (`generated/schema.ts`): the proto schema as data.
 *
 * @module
 */

/**
 * How a field repeats: proto2 labels, plus `map`.
 *
 * @example
 * ```ts
 * const label: FieldLabel = 'repeated';
 * schemaTable.messages['mesos.v1.Offer']?.filter((row) => row.label === label); // resources …
 * ```
 */
export type FieldLabel = 'optional' | 'required' | 'repeated' | 'map';

/**
 * One field of a message, in declaration order.
 *
 * @example
 * ```ts
 * // the only field of mesos.v1.TimeInfo
 * const row: FieldRow = {
 *   name: 'nanoseconds',
 *   id: 1,
 *   kind: 'scalar',
 *   type: 'int64',
 *   label: 'required',
 * };
 * ```
 */
export interface FieldRow {
  readonly name: string;
  readonly id: number;
  readonly kind: 'scalar' | 'enum' | 'message';
  /** Scalar type name (`int64`, `string` …) or the full name of the enum or message. */
  readonly type: string;
  readonly label: FieldLabel;
  /** Key scalar type of a map field. */
  readonly keyType?: string;
  /** A repeated scalar declared `[packed = true]`. */
  readonly packed?: boolean;
}

/**
 * One member of a discriminated union message (Event, Call, Offer.Operation).
 *
 * @example
 * ```ts
 * // DECLINE of mesos.v1.scheduler.Call: a `decline` payload and the caller's framework id
 * const row: UnionRow = {
 *   type: 'DECLINE',
 *   payload: 'decline',
 *   payloadRequired: true,
 *   requiredCommon: ['framework_id'],
 * };
 * ```
 * Spec: docs/protocol.md §5.
 */
export interface UnionRow {
  readonly type: string;
  /** The payload field this type selects, or null when the type has none. */
  readonly payload: string | null;
  readonly payloadRequired: boolean;
  /** Fields outside the payload that this type requires (Call: `framework_id`). */
  readonly requiredCommon: readonly string[];
}

/**
 * The whole schema: messages and enums by full name, and the union messages.
 *
 * @example
 * ```ts
 * const table: SchemaTable = {
 *   messages: {
 *     'mesos.v1.TaskID': [
 *       { name: 'value', id: 1, kind: 'scalar', type: 'string', label: 'required' },
 *     ],
 *   },
 *   enums: { 'mesos.v1.TaskStatus.Source': [['SOURCE_MASTER', 0], ['SOURCE_AGENT', 1]] },
 *   unions: {},
 * };
 * ```
 */
export interface SchemaTable {
  readonly messages: { readonly [fullName: string]: readonly FieldRow[] };
  readonly enums: { readonly [fullName: string]: readonly (readonly [string, number])[] };
  readonly unions: { readonly [fullName: string]: readonly UnionRow[] };
}
