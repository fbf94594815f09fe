/**
 * Scalar vocabulary of the typed model, shared by every generated message type.
 *
 * @module
 */

/**
 * A 64-bit integer (`int64`, `uint64` …) as an exact decimal string.
 *
 * The Mesos JSON mapping writes 64-bit integers as bare JSON numbers, and values above
 * 2^53 occur (every `TimeInfo.nanoseconds`); a JavaScript number would round them. The
 * typed model therefore keeps them as decimal strings, and the encoders write them back
 * as bare integers.
 *
 * @example
 * ```ts
 * import type { TimeInfo } from 'rxmesos';
 * const start: TimeInfo = { nanoseconds: '1725260102345678901' };
 * BigInt(start.nanoseconds); // exact arithmetic when you need it
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export type Int64 = `${bigint}`;

/**
 * A `bytes` field as standard base64 text (RFC 4648 alphabet, `=` padding), exactly as the
 * Mesos JSON mapping spells it, for example a status update's `uuid`.
 *
 * @example
 * ```ts
 * const data: Base64 = Buffer.from('hello').toString('base64'); // 'aGVsbG8='
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export type Base64 = string;

/**
 * The compile-time brand carried by id messages (`OfferID`, `TaskID` …). It exists only in
 * types: an `OfferID` cannot be passed where a `TaskID` is expected, while a plain
 * `{ value: '…' }` literal (pasted Mesos JSON) is accepted as any id.
 *
 * @example
 * ```ts
 * import type { OfferID, TaskID } from 'rxmesos';
 * const offer: OfferID = { value: 'O1' };
 * // const task: TaskID = offer; // compile error: an offer id is not a task id
 * ```
 */
export declare const idBrand: unique symbol;
