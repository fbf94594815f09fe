/**
 * `shrinkVolume`: the SHRINK_VOLUME offer operation.
 *
 * @module
 */
import type { Resource, Value } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * A `SHRINK_VOLUME` operation, for {@link acceptOffers}: shrinks a persistent volume by an
 * amount of disk (MB), given as a `Value.Scalar` or as a plain number. Experimental in Mesos.
 *
 * @example
 * ```ts
 * const cmd = acceptOffers(offer.id, [shrinkVolume(volume, 512, { id: { value: 'op-shrink-1' } })]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function shrinkVolume(
  volume: Resource,
  subtract: Value.Scalar | number,
  options: OperationOptions = {},
): OperationOf<'SHRINK_VOLUME'> {
  const { id } = options;
  return {
    type: 'SHRINK_VOLUME',
    ...(id === undefined ? {} : { id }),
    shrink_volume: {
      volume,
      subtract: typeof subtract === 'number' ? { value: subtract } : subtract,
    },
  };
}
