/**
 * The shape of the generated schema table (`generated/schema.ts`): the proto schema as data.
 *
 * @module
 */

/** How a field repeats: proto2 labels, plus `map`. */
export type FieldLabel = 'optional' | 'required' | 'repeated' | 'map';

/** One field of a message, in declaration order. */
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

/** One member of a discriminated union message (Event, Call, Offer.Operation). */
export interface UnionRow {
  readonly type: string;
  /** The payload field this type selects, or null when the type has none. */
  readonly payload: string | null;
  readonly payloadRequired: boolean;
  /** Fields outside the payload that this type requires (Call: `framework_id`). */
  readonly requiredCommon: readonly string[];
}

/** The whole schema: messages and enums by full name, and the union messages. */
export interface SchemaTable {
  readonly messages: { readonly [fullName: string]: readonly FieldRow[] };
  readonly enums: { readonly [fullName: string]: readonly (readonly [string, number])[] };
  readonly unions: { readonly [fullName: string]: readonly UnionRow[] };
}
