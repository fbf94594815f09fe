/**
 * `destroyDisk`: the DESTROY_DISK offer operation.
 *
 * @module
 */
import type { Resource } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * A `DESTROY_DISK` operation, for {@link acceptOffers}: destroys a `MOUNT`, `BLOCK` or `RAW`
 * disk of a resource provider, giving its space back as a `RAW` disk (or freeing it).
 * Experimental in Mesos.
 *
 * @example
 * ```ts
 * const cmd = acceptOffers(offer.id, [destroyDisk(mountDisk, { id: { value: 'op-destroy-disk-1' } })]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function destroyDisk(
  source: Resource,
  options: OperationOptions = {},
): OperationOf<'DESTROY_DISK'> {
  const { id } = options;
  return {
    type: 'DESTROY_DISK',
    ...(id === undefined ? {} : { id }),
    destroy_disk: { source },
  };
}
