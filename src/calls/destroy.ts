/**
 * `destroy`: the DESTROY offer operation (persistent volumes).
 *
 * @module
 */
import type { Resource } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * A `DESTROY` operation, for {@link acceptOffers}: destroys persistent volumes, leaving their
 * disk reserved.
 *
 * Pass the volumes as the offer shows them. Their data is deleted.
 *
 * @example
 * ```ts
 * const cmd = acceptOffers(offer.id, [destroy([volume])]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function destroy(
  volumes: readonly Resource[],
  options: OperationOptions = {},
): OperationOf<'DESTROY'> {
  const { id } = options;
  return {
    type: 'DESTROY',
    ...(id === undefined ? {} : { id }),
    destroy: volumes.length === 0 ? {} : { volumes: [...volumes] },
  };
}
