/**
 * `growVolume`: the GROW_VOLUME offer operation.
 *
 * @module
 */
import type { Resource } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * A `GROW_VOLUME` operation, for {@link acceptOffers}: grows a persistent volume by an offered
 * disk resource with the same reservation. Experimental in Mesos.
 *
 * @example
 * ```ts
 * const addition: Resource = {
 *   name: 'disk', type: 'SCALAR', scalar: { value: 1024 },
 *   reservations: volume.reservations,
 * };
 * const cmd = acceptOffers(offer.id, [growVolume(volume, addition)]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function growVolume(
  volume: Resource,
  addition: Resource,
  options: OperationOptions = {},
): OperationOf<'GROW_VOLUME'> {
  const { id } = options;
  return {
    type: 'GROW_VOLUME',
    ...(id === undefined ? {} : { id }),
    grow_volume: { volume, addition },
  };
}
