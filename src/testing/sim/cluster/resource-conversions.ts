/**
 * What the speculative operations (RESERVE, UNRESERVE, CREATE, DESTROY, GROW_VOLUME,
 * SHRINK_VOLUME) take and give back (`getResourceConversions`), and applying them to a pool
 * of resources (`Resources::apply`).
 *
 * @module
 */
import type { Offer, Resource } from '../../../wire';
import {
  addResources,
  addScalar,
  containsResources,
  formatResource,
  formatResources,
  popReservation,
  subtractResources,
  subtractScalar,
} from '../../../offers';

/**
 * Resources taken and resources given back by an operation.
 *
 * @example
 * ```ts
 * const c: Conversion = { consumed: [disk], converted: [volume] };
 * ```
 */
export interface Conversion {
  readonly consumed: readonly Resource[];
  readonly converted: readonly Resource[];
  /** A check on the result (DESTROY: no shared copy of the volume may remain). */
  readonly after?: (result: readonly Resource[]) => string | undefined;
}

/** The disk without its persistence and volume: what a volume was made from. */
function stripVolume(volume: Resource): Resource {
  const { shared: _, disk, ...rest } = volume;
  if (disk?.source === undefined) return rest;
  const { persistence: _p, volume: _v, ...keep } = disk;
  return { ...rest, disk: keep };
}

/**
 * The conversions of a speculative operation (empty for other operations).
 *
 * @example
 * ```ts
 * conversionsOf({ type: 'UNRESERVE', unreserve: { resources: [reservedCpus] } });
 * // [{ consumed: [reservedCpus], converted: [cpus] }]
 * ```
 */
export function conversionsOf(operation: Offer.Operation): Conversion[] {
  switch (operation.type) {
    case 'RESERVE': {
      const reserved = operation.reserve.resources ?? [];
      const source = operation.reserve.source ?? [];
      return [
        { consumed: source.length > 0 ? source : popReservation(reserved), converted: reserved },
      ];
    }
    case 'UNRESERVE':
      return (operation.unreserve.resources ?? []).map((r) => ({
        consumed: [r],
        converted: popReservation([r]),
      }));
    case 'CREATE':
      return (operation.create.volumes ?? []).map((v) => ({
        consumed: [stripVolume(v)],
        converted: [v],
      }));
    case 'DESTROY':
      return (operation.destroy.volumes ?? []).map((v) => ({
        consumed: [v],
        converted: [stripVolume(v)],
        after: (result) =>
          containsResources(result, [v])
            ? `Persistent volume ${formatResource(v)} cannot be removed due to additional shared copies`
            : undefined,
      }));
    case 'GROW_VOLUME': {
      const { volume, addition } = operation.grow_volume;
      const grown: Resource = {
        ...volume,
        scalar: { value: addScalar(volume.scalar?.value ?? 0, addition.scalar?.value ?? 0) },
      };
      return [{ consumed: addResources([volume], [addition]), converted: [grown] }];
    }
    case 'SHRINK_VOLUME': {
      const { volume, subtract } = operation.shrink_volume;
      const freed: Resource = { ...stripVolume(volume), scalar: { value: subtract.value } };
      const shrunk: Resource = {
        ...volume,
        scalar: { value: subtractScalar(volume.scalar?.value ?? 0, subtract.value) },
      };
      return [{ consumed: [volume], converted: addResources([shrunk], [freed]) }];
    }
    case 'LAUNCH':
    case 'LAUNCH_GROUP':
    case 'CREATE_DISK':
    case 'DESTROY_DISK':
    case 'UNKNOWN':
      return [];
  }
}

/**
 * Applies conversions in order; the resulting pool, or the first failure as the master words
 * it (`<pool> does not contain <consumed>`).
 *
 * @example
 * ```ts
 * const r = applyConversions(remaining, conversionsOf(op));
 * if (typeof r === 'string') drop(r); else remaining = r;
 * ```
 */
export function applyConversions(
  resources: readonly Resource[],
  conversions: readonly Conversion[],
): Resource[] | string {
  let result = addResources([], resources);
  for (const c of conversions) {
    if (!containsResources(result, c.consumed)) {
      return `${formatResources(result)} does not contain ${formatResources(addResources([], c.consumed))}`;
    }
    result = addResources(subtractResources(result, c.consumed), c.converted);
    const problem = c.after?.(result);
    if (problem !== undefined) return problem;
  }
  return result;
}
