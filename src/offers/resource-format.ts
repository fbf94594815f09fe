/**
 * The two formats of reservations in a `Resource` (spec §7) and the conversion between
 * them, as the master does it: frameworks with `RESERVATION_REFINEMENT` read and write the
 * `reservations` stack ("post-refinement"); the others see `role` and `reservation`
 * ("pre-refinement"), and their resources are upgraded when they come back in an ACCEPT.
 *
 * @module
 */
/* eslint-disable @typescript-eslint/no-deprecated -- the pre-refinement `role` field is read and written on purpose */
import type { Resource } from '../wire';

/**
 * The resource in the "post-reservation-refinement" format: `role`/`reservation` replaced by
 * the `reservations` stack (`role: '*'` means unreserved, a `role` without `reservation` a
 * STATIC reservation, with one a DYNAMIC reservation). Already upgraded resources come back
 * without `role`/`reservation`.
 *
 * @example
 * ```ts
 * upgradeResource({ name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, role: 'web' });
 * // { name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, reservations: [{ type: 'STATIC', role: 'web' }] }
 * ```
 */
export function upgradeResource(resource: Resource): Resource {
  // the post-refinement format already (every resource a current master sends): as it is
  if (!('role' in resource) && !('reservation' in resource)) return resource;
  const { role, reservation, ...rest } = resource;
  if ((resource.reservations ?? []).length > 0) return rest;
  if (role === undefined || role === '*') return rest;
  const converted: Resource.ReservationInfo =
    reservation === undefined
      ? { type: 'STATIC', role }
      : { type: 'DYNAMIC', role, ...withoutTypeAndRole(reservation) };
  return { ...rest, reservations: [converted] };
}

function withoutTypeAndRole(r: Resource.ReservationInfo): Resource.ReservationInfo {
  return {
    ...(r.principal === undefined ? {} : { principal: r.principal }),
    ...(r.labels === undefined ? {} : { labels: r.labels }),
  };
}

/**
 * Every resource of a list in the "post-reservation-refinement" format.
 *
 * @example
 * ```ts
 * upgradeResources(offer.resources ?? []);
 * ```
 */
export function upgradeResources(resources: readonly Resource[]): Resource[] {
  return resources.map(upgradeResource);
}

/**
 * The resource in the "pre-reservation-refinement" format (`role`, plus `reservation` for a
 * dynamic reservation), or undefined when it has refined reservations, which that format
 * cannot express.
 *
 * @example
 * ```ts
 * downgradeResource({ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } });
 * // { name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, role: '*' }
 * ```
 */
export function downgradeResource(resource: Resource): Resource | undefined {
  const { reservations = [], role: _role, reservation: _reservation, ...rest } = resource;
  if (reservations.length > 1) return undefined;
  const only = reservations[0];
  if (only === undefined) return { ...rest, role: '*' };
  if (only.type === 'DYNAMIC') {
    return { ...rest, role: only.role ?? '*', reservation: withoutTypeAndRole(only) };
  }
  return { ...rest, role: only.role ?? '*' };
}
