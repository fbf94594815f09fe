/**
 * The master's validation of RESERVE, UNRESERVE, CREATE, DESTROY, GROW_VOLUME and
 * SHRINK_VOLUME from a framework (`validation::operation::validate`). These messages are
 * only logged by a real master (the operation is dropped; feedback needs agent support the
 * simulated agents lack), so they matter for the decision, less for the wording.
 *
 * @module
 */
import type { Offer, Resource } from '../../../wire';
import {
  addable,
  containsResources,
  formatResource,
  isDynamicallyReserved,
  isPersistentVolume,
  reservationRole,
  scalarLessOrEqual,
  unallocateResources,
  validateResource,
} from '../../../offers';
import {
  persistenceIdProblem,
  persistentVolumeProblem,
  providerProblem,
  resourcesProblem,
  singleRoleProblem,
} from './resource-checks';

/**
 * The framework doing the operation.
 *
 * @example
 * ```ts
 * const fw: OperatingFramework = { id: 'F', principal: 'ops', roles: ['db'], hasCapability: () => false };
 * ```
 */
export interface OperatingFramework {
  readonly id: string;
  readonly principal: string | undefined;
  readonly roles: readonly string[];
  hasCapability(type: string): boolean;
}

function rolesText(roles: readonly string[]): string {
  return `{ ${roles.join(', ')} }`;
}

/**
 * Why a RESERVE is refused, or undefined.
 *
 * @example
 * ```ts
 * reserveProblem(op.reserve, fw); // "Resource cpus(allocated: *):1 is not dynamically reserved"
 * ```
 */
export function reserveProblem(
  reserve: Offer.Operation.Reserve,
  fw: OperatingFramework,
): string | undefined {
  const resources = reserve.resources ?? [];
  const invalid = resourcesProblem(resources) ?? providerProblem(resources);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  for (const r of resources) {
    if (!isDynamicallyReserved(r))
      return `Resource ${formatResource(r)} is not dynamically reserved`;
    const stack = r.reservations ?? [];
    const last = stack[stack.length - 1];
    if (fw.principal !== undefined) {
      if (last?.principal === undefined) {
        return `A reserve operation was attempted by principal '${fw.principal}', but there is a reserved resource in the request with no principal set`;
      }
      if (last.principal !== fw.principal) {
        return `A reserve operation was attempted by authenticated principal '${fw.principal}', which does not match a reserved resource in the request with principal '${last.principal}'`;
      }
    }
    const allocated = r.allocation_info?.role;
    if (allocated === undefined) {
      return `A reserve operation was attempted on unallocated resource ${formatResource(r)}, but frameworks can only perform reservations on allocated resources`;
    }
    if (allocated !== reservationRole(r)) {
      return `A reserve operation was attempted for a resource with role '${reservationRole(r)}', but the resource was allocated to role '${allocated}'`;
    }
    if (!fw.roles.includes(allocated)) {
      return `A reserve operation was attempted for a resource allocated to role '${allocated}', but the framework only has roles '${rolesText(fw.roles)}'`;
    }
  }
  const role = singleRoleProblem(resources);
  return role === undefined ? undefined : `Invalid reservation resources: ${role}`;
}

/**
 * Why an UNRESERVE is refused, or undefined.
 *
 * @example
 * ```ts
 * unreserveProblem(op.unreserve);
 * ```
 */
export function unreserveProblem(unreserve: Offer.Operation.Unreserve): string | undefined {
  const resources = unreserve.resources ?? [];
  const invalid = resourcesProblem(resources) ?? providerProblem(resources);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  for (const r of resources) {
    if (!isDynamicallyReserved(r))
      return `Resource ${formatResource(r)} is not dynamically reserved`;
    if (isPersistentVolume(r)) {
      return `A dynamically reserved persistent volume ${formatResource(r)} cannot be unreserved directly. Please destroy the persistent volume first then unreserve the resource`;
    }
  }
  return undefined;
}

/**
 * Why a CREATE is refused, or undefined. `agentVolumes` are the volumes the agent has.
 *
 * @example
 * ```ts
 * createProblem(op.create, agent.total, fw); // "Persistence ID 'data' is not unique"
 * ```
 */
export function createProblem(
  create: Offer.Operation.Create,
  agentResources: readonly Resource[],
  fw: OperatingFramework,
): string | undefined {
  const volumes = create.volumes ?? [];
  const invalid = resourcesProblem(volumes) ?? providerProblem(volumes);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  const notVolume = persistentVolumeProblem(volumes);
  if (notVolume !== undefined) return `Not a persistent volume: ${notVolume}`;
  const unique = persistenceIdProblem([...agentResources.filter(isPersistentVolume), ...volumes]);
  if (unique !== undefined) return unique;
  for (const v of volumes) {
    if (v.shared !== undefined && !fw.hasCapability('SHARED_RESOURCES')) {
      return `Create volume operation for '${formatResource(v)}' has been attempted by framework '${fw.id}' with no SHARED_RESOURCES capability`;
    }
    if (fw.principal !== undefined) {
      const principal = v.disk?.persistence?.principal;
      if (principal === undefined) {
        return `Create volume operation attempted by principal '${fw.principal}', but there is a volume in the operation with no principal set in 'disk.persistence'`;
      }
      if (principal !== fw.principal) {
        return `Create volume operation attempted by authenticated principal '${fw.principal}', which does not match a volume in the operation with principal '${principal}' set in 'disk.persistence'`;
      }
    }
  }
  const role = singleRoleProblem(volumes);
  return role === undefined ? undefined : `Invalid volume resources: ${role}`;
}

/**
 * Why a DESTROY is refused, or undefined: the volumes must exist on the agent and not be in
 * use by a task or executor.
 *
 * @example
 * ```ts
 * destroyProblem(op.destroy, agent.total, [...agent.used.values()]); // 'Persistent volumes in use'
 * ```
 */
export function destroyProblem(
  destroy: Offer.Operation.Destroy,
  agentResources: readonly Resource[],
  used: readonly (readonly Resource[])[],
): string | undefined {
  const volumes = unallocateResources(destroy.volumes ?? []);
  const invalid = resourcesProblem(volumes) ?? providerProblem(volumes);
  if (invalid !== undefined) return `Invalid resources: ${invalid}`;
  const notVolume = persistentVolumeProblem(volumes);
  if (notVolume !== undefined) return `Not a persistent volume: ${notVolume}`;
  for (const v of volumes) {
    if (v.provider_id === undefined && !containsResources(agentResources, [v])) {
      return 'Persistent volumes not found';
    }
  }
  for (const resources of used) {
    const plain = unallocateResources(resources);
    if (volumes.some((v) => containsResources(plain, [v]))) return 'Persistent volumes in use';
  }
  return undefined;
}

function volumeCheck(field: string, volume: Resource): string | undefined {
  const invalid = validateResource(volume);
  if (invalid !== undefined) return `Invalid resource in the '${field}' field: ${invalid}`;
  return undefined;
}

/**
 * Why a GROW_VOLUME is refused, or undefined (the simulated agents can resize volumes).
 *
 * @example
 * ```ts
 * growProblem(op.grow_volume);
 * ```
 */
export function growProblem(grow: Offer.Operation.GrowVolume): string | undefined {
  const bad =
    volumeCheck('GrowVolume.volume', grow.volume) ??
    volumeCheck('GrowVolume.addition', grow.addition);
  if (bad !== undefined) return bad;
  if (scalarLessOrEqual(grow.addition.scalar?.value ?? 0, 0)) {
    return "The size of 'GrowVolume.addition' field must be greater than zero";
  }
  if (grow.volume.provider_id !== undefined) {
    return 'Growing a volume from a resource provider is not supported';
  }
  const notVolume = persistentVolumeProblem([grow.volume]);
  if (notVolume !== undefined) {
    return `Invalid persistent volume in the 'GrowVolume.volume' field: ${notVolume}`;
  }
  if (grow.volume.shared !== undefined)
    return 'Growing a shared persistent volume is not supported';
  const { disk, ...plain } = grow.volume;
  const stripped: Resource =
    disk?.source === undefined ? plain : { ...plain, disk: { source: disk.source } };
  if (!addable(stripped, grow.addition)) {
    return "Incompatible resources in the 'GrowVolume.volume' and 'GrowVolume.addition' fields";
  }
  return undefined;
}

/**
 * Why a SHRINK_VOLUME is refused, or undefined.
 *
 * @example
 * ```ts
 * shrinkProblem(op.shrink_volume);
 * ```
 */
export function shrinkProblem(shrink: Offer.Operation.ShrinkVolume): string | undefined {
  const bad = volumeCheck('ShrinkVolume.volume', shrink.volume);
  if (bad !== undefined) return bad;
  if (scalarLessOrEqual(shrink.subtract.value, 0)) {
    return "Value of 'ShrinkVolume.subtract' must be greater than zero";
  }
  if (scalarLessOrEqual(shrink.volume.scalar?.value ?? 0, shrink.subtract.value)) {
    return "Value of 'ShrinkVolume.subtract' must be smaller than the size of 'ShrinkVolume.volume'";
  }
  if (shrink.volume.provider_id !== undefined) {
    return 'Shrinking a volume from a resource provider is not supported';
  }
  if (shrink.volume.disk?.source?.type === 'MOUNT') {
    return 'Shrinking a volume on a MOUNT disk is not supported';
  }
  const notVolume = persistentVolumeProblem([shrink.volume]);
  if (notVolume !== undefined) {
    return `Invalid persistent volume in the 'ShrinkVolume.volume' field: ${notVolume}`;
  }
  if (shrink.volume.shared !== undefined)
    return 'Shrinking a shared persistent volume is not supported';
  return undefined;
}
