/**
 * The master's checks on resources used by tasks, executors and operations
 * (`resource::validate` and its companions in `master/validation.cpp`).
 *
 * @module
 */
import type { Resource } from '../../../wire';
import {
  addResources,
  formatResource,
  isDynamicallyReserved,
  isPersistentVolume,
  isRevocable,
  isUnreserved,
  reservationRole,
  resourceQuantity,
  validateResources,
} from '../../../offers';
import { idProblem } from './mesos-id';

function diskInfoProblem(resources: readonly Resource[]): string | undefined {
  for (const r of resources) {
    const disk = r.disk;
    if (disk === undefined) continue;
    if (disk.persistence !== undefined) {
      if (isRevocable(r)) return 'Persistent volumes cannot be created from revocable resources';
      if (isUnreserved(r)) return 'Persistent volumes cannot be created from unreserved resources';
      if (disk.volume === undefined) return "Expecting 'volume' to be set for persistent volume";
      if (disk.volume.host_path !== undefined) {
        return "Expecting 'host_path' to be unset for persistent volume";
      }
      const id = idProblem(disk.persistence.id);
      if (id !== undefined) return `Invalid persistence ID for persistent volume: ${id}`;
    } else if (disk.volume !== undefined) {
      return 'Non-persistent volume not supported';
    } else if (disk.source === undefined) {
      return 'DiskInfo is set but empty';
    }
  }
  return undefined;
}

/**
 * `resource::validate`: well-formed resources, whole GPUs, sound disk infos, no dynamic
 * reservation of revocable resources. Messages carry the master's prefixes.
 *
 * @example
 * ```ts
 * resourcesProblem([{ name: 'gpus', type: 'SCALAR', scalar: { value: 0.5 } }]);
 * // "Invalid 'gpus' resource: The 'gpus' resource must be an unsigned integer"
 * ```
 */
export function resourcesProblem(resources: readonly Resource[]): string | undefined {
  const invalid = validateResources(resources);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  const gpus = resources.find((r) => r.name === 'gpus' && !Number.isInteger(r.scalar?.value ?? 0));
  if (gpus !== undefined) {
    return "Invalid 'gpus' resource: The 'gpus' resource must be an unsigned integer";
  }
  const disk = diskInfoProblem(resources);
  if (disk !== undefined) return `Invalid DiskInfo: ${disk}`;
  const reserved = resources.find((r) => isDynamicallyReserved(r) && isRevocable(r));
  if (reserved !== undefined) {
    return `Invalid ReservationInfo: Dynamically reserved resource ${formatResource(reserved)} cannot be created from revocable resources`;
  }
  return undefined;
}

/**
 * A persistence id used twice for the same role.
 *
 * @example
 * ```ts
 * persistenceIdProblem([volume('v1'), volume('v1')]); // "Persistence ID 'v1' is not unique"
 * ```
 */
export function persistenceIdProblem(resources: readonly Resource[]): string | undefined {
  const seen = new Set<string>();
  for (const r of resources) {
    if (!isPersistentVolume(r)) continue;
    const key = `${reservationRole(r)}\u0000${r.disk?.persistence?.id ?? ''}`;
    if (seen.has(key)) return `Persistence ID '${r.disk?.persistence?.id ?? ''}' is not unique`;
    seen.add(key);
  }
  return undefined;
}

/**
 * Resources that are not all allocated to one role.
 *
 * @example
 * ```ts
 * singleRoleProblem([cpusFor('a'), cpusFor('b')]);
 * ```
 */
export function singleRoleProblem(resources: readonly Resource[]): string | undefined {
  let role: string | undefined;
  for (const r of resources) {
    const own = r.allocation_info?.role;
    if (own === undefined) return 'The resources are not allocated to a role';
    if (role === undefined) role = own;
    else if (own !== role) {
      return `The resources have multiple allocation roles ('${own}' and '${role}') but only one allocation role is allowed`;
    }
  }
  return undefined;
}

/**
 * A resource name used both revocable and not.
 *
 * @example
 * ```ts
 * revocableMixProblem([cpus(1), revocableCpus(1)]);
 * ```
 */
export function revocableMixProblem(resources: readonly Resource[]): string | undefined {
  const names = [...new Set(resources.map((r) => r.name))];
  for (const name of names) {
    const same = resources.filter((r) => r.name === name);
    const revocable = same.filter(isRevocable).length;
    if (revocable > 0 && revocable < same.length) {
      return `Cannot use both revocable and non-revocable '${name}' at the same time`;
    }
  }
  return undefined;
}

/**
 * Resources that are not all persistent volumes (CREATE, DESTROY).
 *
 * @example
 * ```ts
 * persistentVolumeProblem([cpus(1)]);
 * ```
 */
export function persistentVolumeProblem(volumes: readonly Resource[]): string | undefined {
  for (const v of volumes) {
    if (v.disk === undefined) return `Resource ${formatResource(v)} does not have DiskInfo`;
    if (v.disk.persistence === undefined) return "'persistence' is not set in DiskInfo";
    if (v.disk.volume === undefined) return "Expecting 'volume' to be set for persistent volume";
    if (v.disk.volume.mode === 'RO') return 'Read-only persistent volume not supported';
  }
  return undefined;
}

/**
 * Resources from more than one resource provider.
 *
 * @example
 * ```ts
 * providerProblem([agentCpus, providerDisk]);
 * // 'Some resources have a resource provider and some do not'
 * ```
 */
export function providerProblem(resources: readonly Resource[]): string | undefined {
  const ids = new Set(resources.map((r) => r.provider_id?.value));
  if (ids.size <= 1) return undefined;
  if (ids.has(undefined)) return 'Some resources have a resource provider and some do not';
  return `The resources have multiple resource providers: ${[...ids].join(', ')}`;
}

/**
 * Whether ranges or sets overlap between the groups (the same port or item asked twice).
 *
 * @example
 * ```ts
 * overlapping([[ports(31000, 31000)], [ports(31000, 31000)]]); // true
 * ```
 */
export function overlapping(groups: readonly (readonly Resource[])[]): boolean {
  const separate = new Map<string, number>();
  let sum: Resource[] = [];
  for (const group of groups) {
    for (const r of group) {
      if (r.type === 'SCALAR') continue;
      separate.set(r.name, (separate.get(r.name) ?? 0) + resourceQuantity(r));
    }
    sum = addResources(sum, group);
  }
  const joined = new Map<string, number>();
  for (const r of sum) {
    if (r.type !== 'SCALAR') joined.set(r.name, (joined.get(r.name) ?? 0) + resourceQuantity(r));
  }
  return [...separate].some(([name, n]) => joined.get(name) !== n);
}

/**
 * A number as C++ streams print a double by default (6 significant digits).
 *
 * @example
 * ```ts
 * formatDouble(0.01); // '0.01'
 * ```
 */
export function formatDouble(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/**
 * Megabytes as stout prints `Bytes` (whole MB, raised to GB/TB when exact).
 *
 * @example
 * ```ts
 * formatMegabytes(32); // '32MB'
 * formatMegabytes(2048); // '2GB'
 * ```
 */
export function formatMegabytes(mb: number): string {
  let n = Math.trunc(mb);
  if (n === 0) return '0B';
  const units = ['MB', 'GB', 'TB'];
  let unit = 0;
  while (unit < units.length - 1 && n % 1024 === 0) {
    n /= 1024;
    unit++;
  }
  return `${n}${units[unit] ?? 'MB'}`;
}
