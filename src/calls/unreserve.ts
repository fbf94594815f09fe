/**
 * `unreserve`: the UNRESERVE offer operation.
 *
 * @module
 */
import type { Resource } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * An `UNRESERVE` operation, for {@link acceptOffers}: gives dynamically reserved resources
 * back, removing their latest reservation.
 *
 * Pass the resources as the offer shows them, reservation included.
 *
 * @example
 * ```ts
 * const reserved = (offer.resources ?? []).filter((r) => (r.reservations ?? []).length > 0);
 * const cmd = acceptOffers(offer.id, [unreserve(reserved)]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function unreserve(
  resources: readonly Resource[],
  options: OperationOptions = {},
): OperationOf<'UNRESERVE'> {
  const { id } = options;
  return {
    type: 'UNRESERVE',
    ...(id === undefined ? {} : { id }),
    unreserve: resources.length === 0 ? {} : { resources: [...resources] },
  };
}
