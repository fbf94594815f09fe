/**
 * What kind of resource a `Resource` is: reserved or not and for which role, a persistent
 * volume, shared, revocable. These read the "post-reservation-refinement" format (the
 * `reservations` stack); convert with {@link upgradeResource} first when unsure.
 *
 * @module
 */
import type { Resource } from '../wire';
import { isStrictSubrole } from './roles';

/**
 * Whether the resource has no reservation.
 *
 * @example
 * ```ts
 * isUnreserved({ name: 'cpus', type: 'SCALAR', scalar: { value: 1 } }); // true
 * ```
 */
export function isUnreserved(resource: Resource): boolean {
  return (resource.reservations ?? []).length === 0;
}

/**
 * The role of the resource's current (last) reservation, `*` when unreserved.
 *
 * @example
 * ```ts
 * reservationRole({ name: 'cpus', type: 'SCALAR', scalar: { value: 1 },
 *   reservations: [{ type: 'STATIC', role: 'web' }] }); // 'web'
 * ```
 */
export function reservationRole(resource: Resource): string {
  const stack = resource.reservations ?? [];
  return stack[stack.length - 1]?.role ?? '*';
}

/**
 * Whether the resource is reserved (for `role`, when given).
 *
 * @example
 * ```ts
 * isReserved(res, 'web');
 * ```
 */
export function isReserved(resource: Resource, role?: string): boolean {
  return !isUnreserved(resource) && (role === undefined || reservationRole(resource) === role);
}

/**
 * Whether the current reservation is DYNAMIC (made with RESERVE, removable with UNRESERVE).
 *
 * @example
 * ```ts
 * isDynamicallyReserved(res);
 * ```
 */
export function isDynamicallyReserved(resource: Resource): boolean {
  const stack = resource.reservations ?? [];
  return stack.length > 0 && stack[stack.length - 1]?.type === 'DYNAMIC';
}

/**
 * Whether the resource carries more than one reservation (a refined reservation).
 *
 * @example
 * ```ts
 * hasRefinedReservations(res);
 * ```
 */
export function hasRefinedReservations(resource: Resource): boolean {
  return (resource.reservations ?? []).length > 1;
}

/**
 * Whether the resource may be offered to `role`: unreserved, reserved for it, or reserved for
 * one of its ancestors.
 *
 * @example
 * ```ts
 * isAllocatableTo(reservedForEng, 'eng/web'); // true
 * ```
 */
export function isAllocatableTo(resource: Resource, role: string): boolean {
  if (isUnreserved(resource)) return true;
  const owner = reservationRole(resource);
  return role === owner || isStrictSubrole(role, owner);
}

/**
 * Whether the resource is a persistent volume (`disk.persistence` set).
 *
 * @example
 * ```ts
 * isPersistentVolume(volume); // true
 * ```
 */
export function isPersistentVolume(resource: Resource): boolean {
  return resource.disk?.persistence !== undefined;
}

/**
 * Whether the resource is shared (`shared` set; only persistent volumes may be).
 *
 * @example
 * ```ts
 * isShared(volume);
 * ```
 */
export function isShared(resource: Resource): boolean {
  return resource.shared !== undefined;
}

/**
 * Whether the resource is revocable.
 *
 * @example
 * ```ts
 * isRevocable(res);
 * ```
 */
export function isRevocable(resource: Resource): boolean {
  return resource.revocable !== undefined;
}

/**
 * The role the resource is allocated to (`allocation_info.role`), if any.
 *
 * @example
 * ```ts
 * allocationRole(offer.resources[0]); // 'web'
 * ```
 */
export function allocationRole(resource: Resource): string | undefined {
  return resource.allocation_info?.role;
}
