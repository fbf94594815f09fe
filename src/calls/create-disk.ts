/**
 * `createDisk`: the CREATE_DISK offer operation.
 *
 * @module
 */
import type { Resource } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * The disk types `CREATE_DISK` can make from a raw disk.
 *
 * @example
 * ```ts
 * const t: DiskTargetType = 'MOUNT';
 * ```
 * Spec: docs/protocol.md §5.
 */
export type DiskTargetType = Extract<Resource.DiskInfo.Source.Type, 'MOUNT' | 'BLOCK'>;

/**
 * Options of {@link createDisk}: the operation `id` (feedback), and `targetProfile`, the disk
 * profile to create (only when the source disk has no profile).
 *
 * @example
 * ```ts
 * const opts: CreateDiskOptions = { targetProfile: 'fast-ssd' };
 * ```
 * Spec: docs/protocol.md §5.
 */
export interface CreateDiskOptions extends OperationOptions {
  readonly targetProfile?: string;
}

/**
 * A `CREATE_DISK` operation, for {@link acceptOffers}: turns a `RAW` disk of a resource
 * provider (a CSI plugin) into a `MOUNT` or `BLOCK` disk. Experimental in Mesos.
 *
 * @example
 * ```ts
 * const cmd = acceptOffers(offer.id, [createDisk(rawDisk, 'MOUNT', { targetProfile: 'fast-ssd' })]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function createDisk(
  source: Resource,
  targetType: DiskTargetType,
  options: CreateDiskOptions = {},
): OperationOf<'CREATE_DISK'> {
  const { id, targetProfile } = options;
  return {
    type: 'CREATE_DISK',
    ...(id === undefined ? {} : { id }),
    create_disk: {
      source,
      target_type: targetType,
      ...(targetProfile === undefined ? {} : { target_profile: targetProfile }),
    },
  };
}
