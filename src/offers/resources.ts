/**
 * Lists of resources as Mesos' `Resources` class treats them: adding merges resources of the
 * same identity, subtracting takes quantities away, containment asks whether one list could be
 * carved out of another. Scalars use three-decimal fixed point, ranges and sets are exact.
 *
 * Inputs may be in either reservation format and may repeat or split resources; results are
 * in the "post-reservation-refinement" format, one entry per identity. Invalid and empty
 * resources are dropped, as Mesos drops them. A shared resource (a shared persistent volume)
 * is never merged: each copy stays its own entry, and the number of copies counts.
 *
 * @module
 */
import type { Resource } from '../wire';
import { addRanges, rangesContain, rangesSize, subtractRanges } from './ranges';
import { addScalar, scalarLessOrEqual, subtractScalar, toFixedPoint } from './scalar';
import { addSets, setContains, subtractSets } from './value-sets';
import { addable, resourceEquals, subtractable } from './resource-identity';
import { upgradeResource } from './resource-format';
import { isPersistentVolume } from './resource-predicates';
import { validateResource } from './resource-validation';

/** One resource with its number of copies (always 1 unless shared). */
interface Entry {
  resource: Resource;
  count: number;
}

/**
 * Whether the resource holds nothing: a zero scalar, no ranges, no set items.
 *
 * @example
 * ```ts
 * isEmptyResource({ name: 'cpus', type: 'SCALAR', scalar: { value: 0.0001 } }); // true
 * ```
 */
export function isEmptyResource(resource: Resource): boolean {
  switch (resource.type) {
    case 'SCALAR':
      return toFixedPoint(resource.scalar?.value ?? 0) === 0;
    case 'RANGES':
      return (resource.ranges?.range ?? []).length === 0;
    case 'SET':
      return (resource.set?.item ?? []).length === 0;
    case 'TEXT':
      return false;
  }
}

function plus(a: Resource, b: Resource): Resource {
  switch (a.type) {
    case 'SCALAR':
      return { ...a, scalar: { value: addScalar(a.scalar?.value ?? 0, b.scalar?.value ?? 0) } };
    case 'RANGES':
      return { ...a, ranges: addRanges(a.ranges, b.ranges) };
    case 'SET':
      return { ...a, set: addSets(a.set, b.set) };
    case 'TEXT':
      return a;
  }
}

function minus(a: Resource, b: Resource): Resource {
  switch (a.type) {
    case 'SCALAR':
      return {
        ...a,
        scalar: { value: subtractScalar(a.scalar?.value ?? 0, b.scalar?.value ?? 0) },
      };
    case 'RANGES':
      return { ...a, ranges: subtractRanges(a.ranges, b.ranges) };
    case 'SET':
      return { ...a, set: subtractSets(a.set, b.set) };
    case 'TEXT':
      return a;
  }
}

function valueContains(outer: Resource, inner: Resource): boolean {
  switch (outer.type) {
    case 'SCALAR':
      return scalarLessOrEqual(inner.scalar?.value ?? 0, outer.scalar?.value ?? 0);
    case 'RANGES':
      return rangesContain(outer.ranges, inner.ranges);
    case 'SET':
      return setContains(outer.set, inner.set);
    case 'TEXT':
      return false;
  }
}

function entryContains(outer: Entry, inner: Entry): boolean {
  if ((outer.resource.shared === undefined) !== (inner.resource.shared === undefined)) return false;
  if (outer.resource.shared !== undefined) {
    return outer.count >= inner.count && resourceEquals(outer.resource, inner.resource);
  }
  return (
    subtractable(outer.resource, inner.resource) && valueContains(outer.resource, inner.resource)
  );
}

function anyContains(entries: readonly Entry[], inner: Entry): boolean {
  for (const e of entries) if (entryContains(e, inner)) return true;
  return false;
}

function addEntry(entries: Entry[], resource: Resource, count: number): void {
  if (isEmptyResource(resource) || count <= 0) return;
  for (const e of entries) {
    if (addable(e.resource, resource)) {
      if (e.resource.shared !== undefined) e.count += count;
      else e.resource = known(plus(e.resource, resource));
      return;
    }
  }
  entries.push({ resource, count });
}

function subtractEntry(entries: Entry[], entry: Entry): void {
  if (isEmptyResource(entry.resource)) return;
  let i = 0;
  while (i < entries.length && !subtractable((entries[i] as Entry).resource, entry.resource)) i++;
  const e = entries[i];
  if (e === undefined) return;
  if (e.resource.shared !== undefined) e.count -= entry.count;
  else e.resource = known(minus(e.resource, entry.resource));
  const negative =
    e.count < 0 || (e.resource.type === 'SCALAR' && (e.resource.scalar?.value ?? 0) < 0);
  if (negative || e.count === 0 || isEmptyResource(e.resource)) entries.splice(i, 1);
}

/**
 * Each resource object validated and upgraded once: resources are immutable, and the same
 * objects (an offer's, an agent's totals, the results of earlier arithmetic) are counted
 * again and again. `null`: invalid, left out.
 */
const prepared = new WeakMap<Resource, Resource | null>();

/**
 * The latest results of the arithmetic: made from prepared resources of one identity, they
 * are valid and upgraded already, and the lists holding them come back at once (what is left
 * of an offer after each task, what an agent has in use). A few slots compared by identity
 * cost less than recording each result in {@link prepared}.
 */
const RECENT_SLOTS = 16;
const recent: (Resource | undefined)[] = new Array<Resource | undefined>(RECENT_SLOTS).fill(
  undefined,
);
let recentAt = 0;

/** Records a result of the arithmetic as prepared (see {@link recent}). */
function known(result: Resource): Resource {
  recent[recentAt] = result;
  recentAt = (recentAt + 1) % RECENT_SLOTS;
  return result;
}

function prepare(raw: Resource): Resource | null {
  for (let i = 0; i < RECENT_SLOTS; i++) if (recent[i] === raw) return raw;
  let p = prepared.get(raw);
  if (p === undefined) {
    p = validateResource(raw) === undefined ? upgradeResource(raw) : null;
    prepared.set(raw, p);
    if (p !== null && p !== raw) prepared.set(p, p);
  }
  return p;
}

function toEntries(resources: readonly Resource[]): Entry[] {
  const entries: Entry[] = [];
  for (const raw of resources) {
    const resource = prepare(raw);
    if (resource !== null) addEntry(entries, resource, 1);
  }
  return entries;
}

function fromEntries(entries: readonly Entry[]): Resource[] {
  const out: Resource[] = [];
  for (const e of entries) for (let i = 0; i < e.count; i++) out.push(e.resource);
  return out;
}

/**
 * The list in canonical form: upgraded to the post-refinement format, invalid and empty
 * resources dropped, resources of the same identity merged.
 *
 * @example
 * ```ts
 * normalizeResources([cpus(1), cpus(0.5)]); // [cpus(1.5)]
 * ```
 */
export function normalizeResources(resources: readonly Resource[]): Resource[] {
  return fromEntries(toEntries(resources));
}

/**
 * `a + b`: the resources of both lists, merged by identity.
 *
 * @example
 * ```ts
 * addResources([cpus(1)], [cpus(2), mem(128)]); // [cpus(3), mem(128)]
 * ```
 */
export function addResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  const entries = toEntries(a);
  for (const e of toEntries(b)) addEntry(entries, e.resource, e.count);
  return fromEntries(entries);
}

/**
 * `a - b`: each resource of `b` taken from the first resource of `a` with the same identity.
 * Taking more than there is removes the resource (never negative); resources of `b` with no
 * counterpart in `a` are ignored. Check {@link containsResources} first when that matters.
 *
 * @example
 * ```ts
 * subtractResources([cpus(4), ports(31000, 32000)], [cpus(1), ports(31000, 31000)]);
 * // [cpus(3), ports 31001-32000]
 * ```
 */
export function subtractResources(a: readonly Resource[], b: readonly Resource[]): Resource[] {
  const entries = toEntries(a);
  for (const e of toEntries(b)) subtractEntry(entries, e);
  return fromEntries(entries);
}

/**
 * Whether `b` can be carved out of `a`: every resource of `b` fits in a resource of `a` with
 * the same identity (a shared volume needs as many copies as `b` asks for).
 *
 * @example
 * ```ts
 * containsResources([cpus(4), mem(1024)], [cpus(0.5)]); // true
 * containsResources([cpus(4)], [cpus(4.001)]); // false
 * ```
 */
export function containsResources(a: readonly Resource[], b: readonly Resource[]): boolean {
  const remaining = toEntries(a);
  for (const e of toEntries(b)) {
    if (!anyContains(remaining, e)) return false;
    if (isPersistentVolume(e.resource)) subtractEntry(remaining, e);
  }
  return true;
}

/**
 * Whether two lists hold the same resources.
 *
 * @example
 * ```ts
 * resourcesEqual([cpus(1), cpus(1)], [cpus(2)]); // true
 * ```
 */
export function resourcesEqual(a: readonly Resource[], b: readonly Resource[]): boolean {
  return containsResources(a, b) && containsResources(b, a);
}

/**
 * The total of the scalar resources named `name` (0 when there are none), in fixed point.
 *
 * @example
 * ```ts
 * scalarSum(offer.resources ?? [], 'cpus'); // 3.5
 * ```
 */
export function scalarSum(resources: readonly Resource[], name: string): number {
  return resources
    .filter((r) => r.name === name && r.type === 'SCALAR')
    .reduce((sum, r) => addScalar(sum, r.scalar?.value ?? 0), 0);
}

/**
 * How much of something a resource holds: the scalar value, the number of set items, or the
 * number of values in the ranges.
 *
 * @example
 * ```ts
 * resourceQuantity(ports(31000, 31009)); // 10
 * ```
 */
export function resourceQuantity(resource: Resource): number {
  switch (resource.type) {
    case 'SCALAR':
      return resource.scalar?.value ?? 0;
    case 'RANGES':
      return rangesSize(resource.ranges);
    case 'SET':
      return (resource.set?.item ?? []).length;
    case 'TEXT':
      return 0;
  }
}

/**
 * Whether the resources hold at least the given quantities by name (scalars summed, set
 * items and range values counted), as `min_allocatable_resources` checks offers.
 *
 * @example
 * ```ts
 * containsQuantities(resources, { cpus: 0.01 });
 * ```
 */
export function containsQuantities(
  resources: readonly Resource[],
  quantities: Readonly<Record<string, number>>,
): boolean {
  return Object.entries(quantities).every(([name, wanted]) => {
    const have = resources
      .filter((r) => r.name === name)
      .reduce((n, r) => addScalar(n, resourceQuantity(r)), 0);
    return scalarLessOrEqual(wanted, have);
  });
}

/**
 * The resources marked as allocated to `role` (`allocation_info.role`), as they appear in
 * an offer for that role.
 *
 * @example
 * ```ts
 * allocateResources([cpus(1)], 'web'); // [{ ...cpus(1), allocation_info: { role: 'web' } }]
 * ```
 */
export function allocateResources(resources: readonly Resource[], role: string): Resource[] {
  return normalizeResources(resources.map((r) => ({ ...r, allocation_info: { role } })));
}

/**
 * The resources without `allocation_info`.
 *
 * @example
 * ```ts
 * unallocateResources(offer.resources ?? []);
 * ```
 */
export function unallocateResources(resources: readonly Resource[]): Resource[] {
  return normalizeResources(
    resources.map((r) => {
      const { allocation_info: _, ...rest } = r;
      return rest;
    }),
  );
}

/**
 * The resources with their last reservation removed (what UNRESERVE leaves).
 *
 * @example
 * ```ts
 * popReservation([reservedCpus]); // [unreservedCpus]
 * ```
 */
export function popReservation(resources: readonly Resource[]): Resource[] {
  return normalizeResources(
    resources.map(upgradeResource).map((r) => {
      const stack = (r.reservations ?? []).slice(0, -1);
      const { reservations: _, ...rest } = r;
      return stack.length === 0 ? rest : { ...rest, reservations: stack };
    }),
  );
}

/**
 * The resources with `reservation` pushed on their reservation stack (what RESERVE makes).
 *
 * @example
 * ```ts
 * pushReservation([cpus(1)], { type: 'DYNAMIC', role: 'web', principal: 'ops' });
 * ```
 */
export function pushReservation(
  resources: readonly Resource[],
  reservation: Resource.ReservationInfo,
): Resource[] {
  return normalizeResources(
    resources
      .map(upgradeResource)
      .map((r) => ({ ...r, reservations: [...(r.reservations ?? []), reservation] })),
  );
}

/**
 * The resources without any reservation.
 *
 * @example
 * ```ts
 * toUnreserved([reservedCpus]); // [cpus]
 * ```
 */
export function toUnreserved(resources: readonly Resource[]): Resource[] {
  return normalizeResources(
    resources.map(upgradeResource).map((r) => {
      const { reservations: _, ...rest } = r;
      return rest;
    }),
  );
}
