/**
 * `reserve`: the RESERVE offer operation.
 *
 * @module
 */
import type { Resource } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * Options of {@link reserve}: the operation `id` (feedback), and `source`, the resources as
 * they are before the reservation (needed when the new reservation refines another).
 *
 * @example
 * ```ts
 * const opts: ReserveOptions = { id: { value: 'op-reserve-0001' } };
 * ```
 * Spec: docs/protocol.md §5.
 */
export interface ReserveOptions extends OperationOptions {
  readonly source?: readonly Resource[];
}

/**
 * A `RESERVE` operation, for {@link acceptOffers}: reserves offered resources dynamically.
 *
 * `resources` are the offered resources with the new reservation pushed onto their
 * `reservations` stack (`{ type: 'DYNAMIC', role, principal }`). The reserved resources come
 * back in later offers until unreserved.
 *
 * @example
 * ```ts
 * const reserved: Resource[] = [{
 *   name: 'cpus', type: 'SCALAR', scalar: { value: 2 },
 *   reservations: [{ type: 'DYNAMIC', role: 'analytics', principal: 'orca' }],
 * }];
 * const cmd = acceptOffers(offer.id, [reserve(reserved, { id: { value: 'op-1' } })]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function reserve(
  resources: readonly Resource[],
  options: ReserveOptions = {},
): OperationOf<'RESERVE'> {
  const { id, source = [] } = options;
  return {
    type: 'RESERVE',
    ...(id === undefined ? {} : { id }),
    reserve: {
      ...(source.length === 0 ? {} : { source: [...source] }),
      ...(resources.length === 0 ? {} : { resources: [...resources] }),
    },
  };
}
