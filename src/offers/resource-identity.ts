/**
 * When two `Resource` objects describe the same kind of resource (so their quantities can be
 * added or subtracted) and when they are equal: name, type, allocation role, reservation
 * stack, disk (source and persistence id; the volume's mount point does not count), shared,
 * revocable and resource provider.
 *
 * @module
 */
import type { Label, Labels, Resource } from '../wire';
import { rangesEqual } from './ranges';
import { scalarEquals } from './scalar';
import { setsEqual } from './value-sets';

function optionalEqual<T>(
  a: T | undefined,
  b: T | undefined,
  eq: (x: T, y: T) => boolean,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return eq(a, b);
}

/**
 * Whether two label lists hold the same key/value pairs, in any order.
 *
 * @example
 * ```ts
 * labelsEqual({ labels: [{ key: 'a' }] }, { labels: [{ key: 'a' }] }); // true
 * ```
 */
export function labelsEqual(a: Labels, b: Labels): boolean {
  const x = a.labels ?? [];
  const y = b.labels ?? [];
  const same = (l: Label, m: Label): boolean => l.key === m.key && l.value === m.value;
  return x.length === y.length && x.every((l) => y.some((m) => same(l, m)));
}

/**
 * Whether two reservations are equal: type, role, principal and labels.
 *
 * @example
 * ```ts
 * reservationEquals({ type: 'STATIC', role: 'a' }, { type: 'STATIC', role: 'a' }); // true
 * ```
 */
export function reservationEquals(
  a: Resource.ReservationInfo,
  b: Resource.ReservationInfo,
): boolean {
  return (
    (a.type ?? 'UNKNOWN') === (b.type ?? 'UNKNOWN') &&
    (a.role ?? '') === (b.role ?? '') &&
    a.principal === b.principal &&
    optionalEqual(a.labels, b.labels, labelsEqual)
  );
}

const sameRoot = (x: { readonly root?: string }, y: { readonly root?: string }): boolean =>
  x.root === y.root;
const sameId = (x: { readonly id: string }, y: { readonly id: string }): boolean => x.id === y.id;

function sourceEquals(a: Resource.DiskInfo.Source, b: Resource.DiskInfo.Source): boolean {
  return (
    a.type === b.type &&
    optionalEqual(a.path, b.path, sameRoot) &&
    optionalEqual(a.mount, b.mount, sameRoot) &&
    a.vendor === b.vendor &&
    a.id === b.id &&
    optionalEqual(a.metadata, b.metadata, labelsEqual) &&
    a.profile === b.profile
  );
}

/**
 * Whether two disk infos are equal: the same source and persistence id. The volume (where
 * it is mounted) is ignored, as it describes a use of the disk, not the disk.
 *
 * @example
 * ```ts
 * diskEquals({ persistence: { id: 'v1' } }, { persistence: { id: 'v1' }, volume: v }); // true
 * ```
 */
export function diskEquals(a: Resource.DiskInfo, b: Resource.DiskInfo): boolean {
  return (
    optionalEqual(a.source, b.source, sourceEquals) &&
    optionalEqual(a.persistence, b.persistence, sameId)
  );
}

/** No reservations (shared, so that comparing allocates nothing). */
const NONE: readonly Resource.ReservationInfo[] = [];

function reservationsEqual(a: Resource, b: Resource): boolean {
  const x = a.reservations ?? NONE;
  const y = b.reservations ?? NONE;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const r = x[i];
    const s = y[i];
    if (r === undefined || s === undefined || !reservationEquals(r, s)) return false;
  }
  return true;
}

const sameRole = (x: { readonly role?: string }, y: { readonly role?: string }): boolean =>
  x.role === y.role;
const sameValue = (x: { readonly value: string }, y: { readonly value: string }): boolean =>
  x.value === y.value;

/**
 * Whether two resources have the same identity (everything but the quantity): name, type,
 * allocation role, reservations, disk, revocable, provider and shared.
 *
 * @example
 * ```ts
 * sameIdentity(cpus(1), cpus(2)); // true
 * ```
 */
export function sameIdentity(a: Resource, b: Resource): boolean {
  return (
    a.name === b.name &&
    a.type === b.type &&
    optionalEqual(a.allocation_info, b.allocation_info, sameRole) &&
    reservationsEqual(a, b) &&
    optionalEqual(a.disk, b.disk, diskEquals) &&
    (a.revocable === undefined) === (b.revocable === undefined) &&
    optionalEqual(a.provider_id, b.provider_id, sameValue) &&
    (a.shared === undefined) === (b.shared === undefined)
  );
}

/**
 * Whether two resources are equal: same identity and same quantity.
 *
 * @example
 * ```ts
 * resourceEquals(cpus(1), cpus(1)); // true
 * ```
 */
export function resourceEquals(a: Resource, b: Resource): boolean {
  if (!sameIdentity(a, b)) return false;
  switch (a.type) {
    case 'SCALAR':
      return scalarEquals(a.scalar?.value ?? 0, b.scalar?.value ?? 0);
    case 'RANGES':
      return rangesEqual(a.ranges, b.ranges);
    case 'SET':
      return setsEqual(a.set, b.set);
    case 'TEXT':
      return false;
  }
}

function exclusiveDisk(resource: Resource): boolean {
  const source = resource.disk?.source;
  if (source === undefined) return false;
  return (
    source.type === 'MOUNT' ||
    source.type === 'BLOCK' ||
    (source.type === 'RAW' && source.id !== undefined)
  );
}

/**
 * Whether `b` can be added to `a` giving one resource: same identity, not a persistent
 * volume, not an exclusive disk (MOUNT, BLOCK, RAW with an id); shared resources only when
 * equal.
 *
 * @example
 * ```ts
 * addable(cpus(1), cpus(2)); // true
 * ```
 */
export function addable(a: Resource, b: Resource): boolean {
  if ((a.shared === undefined) !== (b.shared === undefined)) return false;
  if (a.shared !== undefined) return resourceEquals(a, b);
  if (!sameIdentity(a, b)) return false;
  if (a.disk !== undefined && (exclusiveDisk(a) || a.disk.persistence !== undefined)) return false;
  return true;
}

/**
 * Whether `b` can be subtracted from `a` giving one resource: same identity; persistent
 * volumes and exclusive disks only when equal; shared resources only when equal.
 *
 * @example
 * ```ts
 * subtractable(cpus(2), cpus(1)); // true
 * ```
 */
export function subtractable(a: Resource, b: Resource): boolean {
  if ((a.shared === undefined) !== (b.shared === undefined)) return false;
  if (a.shared !== undefined) return resourceEquals(a, b);
  if (!sameIdentity(a, b)) return false;
  if (a.disk !== undefined && (exclusiveDisk(a) || a.disk.persistence !== undefined)) {
    return resourceEquals(a, b);
  }
  return true;
}
