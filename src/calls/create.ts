/**
 * `create`: the CREATE offer operation (persistent volumes).
 *
 * @module
 */
import type { Resource } from '../wire';
import type { OperationOf, OperationOptions } from './operation-of';

/**
 * A `CREATE` operation, for {@link acceptOffers}: creates persistent volumes on reserved disk.
 *
 * Each volume is a reserved disk resource with `disk.persistence` (`id`, `principal`) and
 * `disk.volume` (`mode`, `container_path`).
 *
 * @example
 * ```ts
 * const cmd = acceptOffers(offer.id, [create([volume], { id: { value: 'op-create-1' } })]);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function create(
  volumes: readonly Resource[],
  options: OperationOptions = {},
): OperationOf<'CREATE'> {
  const { id } = options;
  return {
    type: 'CREATE',
    ...(id === undefined ? {} : { id }),
    create: volumes.length === 0 ? {} : { volumes: [...volumes] },
  };
}
