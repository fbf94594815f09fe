/**
 * Arguments that take one value or a list of them.
 *
 * @module
 */

/**
 * One value or a list of them, for arguments where both are natural: `declineOffer(offer.id)`
 * and `declineOffer([a.id, b.id])`.
 *
 * @example
 * ```ts
 * const one: OneOrMany<OfferId> = { value: 'O1' };
 * const many: OneOrMany<OfferId> = [{ value: 'O1' }, { value: 'O2' }];
 * ```
 * Spec: docs/protocol.md §5.
 */
export type OneOrMany<T> = T | readonly T[];

/**
 * The values as a fresh list (so a command never shares an array the caller may change).
 *
 * @example
 * ```ts
 * toList<OfferId>({ value: 'O1' }); // [{ value: 'O1' }]
 * ```
 * Spec: docs/protocol.md §5.
 */
export function toList<T>(values: OneOrMany<T>): readonly T[] {
  return isList(values) ? [...values] : [values];
}

function isList<T>(values: OneOrMany<T>): values is readonly T[] {
  return Array.isArray(values);
}
