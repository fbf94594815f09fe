/**
 * Whether a `Resource` is well formed, with the master's messages (`Resources::validate`).
 * Both reservation formats are accepted, as the master accepts them in calls.
 *
 * @module
 */
/* eslint-disable @typescript-eslint/no-deprecated -- the pre-refinement `role` field is read and written on purpose */
import type { Resource } from '../wire';
import { rangesProblem } from './ranges';
import { toFixedPoint } from './scalar';
import { formatResource } from './resource-text';
import { validateRole } from './roles';
import { labelsEqual } from './resource-identity';

function valueProblem(resource: Resource): string | undefined {
  switch (resource.type) {
    case 'SCALAR': {
      if (
        resource.scalar === undefined ||
        resource.ranges !== undefined ||
        resource.set !== undefined
      ) {
        return 'Invalid scalar resource';
      }
      const v = resource.scalar.value;
      if (!Number.isFinite(v) || (v !== 0 && toFixedPoint(v) <= 0)) {
        return 'Invalid scalar resource: value <= 0';
      }
      return undefined;
    }
    case 'RANGES':
      if (
        resource.scalar !== undefined ||
        resource.ranges === undefined ||
        resource.set !== undefined
      ) {
        return 'Invalid ranges resource';
      }
      return rangesProblem(resource.ranges);
    case 'SET': {
      if (
        resource.scalar !== undefined ||
        resource.ranges !== undefined ||
        resource.set === undefined
      ) {
        return 'Invalid set resource';
      }
      const items = resource.set.item ?? [];
      if (new Set(items).size !== items.length) return 'Invalid set resource: duplicated elements';
      return undefined;
    }
    case 'TEXT':
      return 'Unsupported resource type';
  }
}

function diskProblem(resource: Resource): string | undefined {
  const disk = resource.disk;
  if (disk === undefined) return undefined;
  if (resource.name !== 'disk') return `DiskInfo should not be set for ${resource.name} resource`;
  const source = disk.source;
  if (source === undefined) return undefined;
  switch (source.type) {
    case 'PATH':
    case 'MOUNT':
      return undefined;
    case 'BLOCK':
    case 'RAW':
      if (source.mount !== undefined)
        return `Mount should not be set for ${source.type} disk source`;
      if (source.path !== undefined) return `Path should not be set for ${source.type} disk source`;
      return undefined;
    case 'UNKNOWN':
      return `Unsupported 'DiskInfo.Source.Type' in '${source.type}'`;
  }
}

function preRefinementProblem(resource: Resource): string | undefined {
  const role = resource.role ?? '*';
  const roleError = validateRole(role);
  if (roleError !== undefined) return roleError;
  const reservation = resource.reservation;
  if (reservation !== undefined) {
    if (reservation.type !== undefined) {
      return "'Resource.ReservationInfo.type' must not be set for the 'Resource.reservation' field";
    }
    if (reservation.role !== undefined) {
      return "'Resource.ReservationInfo.role' must not be set for the 'Resource.reservation' field";
    }
    if (role === '*') return 'Invalid reservation: role "*" cannot be dynamically reserved';
  }
  return undefined;
}

function postRefinementProblem(
  resource: Resource,
  stack: readonly Resource.ReservationInfo[],
): string | undefined {
  for (const r of stack) {
    if (r.type === undefined) {
      return "Invalid reservation: 'Resource.ReservationInfo.type' field must be set.";
    }
    if (r.role === undefined) {
      return "Invalid reservation: 'Resource.ReservationInfo.role' field must be set.";
    }
    const roleError = validateRole(r.role);
    if (roleError !== undefined) return roleError;
    if (r.role === '*') return 'Invalid reservation: role "*" cannot be reserved';
  }
  let ancestor = stack[0]?.role ?? '';
  for (const r of stack.slice(1)) {
    if (r.type === 'STATIC') {
      return 'Invalid refined reservation: A refined reservation cannot be STATIC';
    }
    const descendant = r.role ?? '';
    if (!(descendant.length > ancestor.length && descendant.startsWith(`${ancestor}/`))) {
      return `Invalid refined reservation: role '${descendant}' is not a refinement of '${ancestor}'`;
    }
    ancestor = descendant;
  }
  const only = stack.length === 1 ? stack[0] : undefined;
  if (only === undefined) {
    if (resource.role !== undefined) {
      return "Invalid resource format: 'Resource.role' must not be set if there is more than one reservation in 'Resource.reservations'";
    }
    if (resource.reservation !== undefined) {
      return "Invalid resource format: 'Resource.reservation' must not be set if there is more than one reservation in 'Resource.reservations'";
    }
    return undefined;
  }
  if (resource.role !== undefined && resource.role !== only.role) {
    return `Invalid resource format: 'Resource.role' field with '${resource.role}' does not match the role '${only.role ?? ''}' in 'Resource.reservations'`;
  }
  if (only.type === 'STATIC' && resource.reservation !== undefined) {
    return "Invalid resource format: 'Resource.reservation' must not be set if the single reservation in 'Resource.reservations' is STATIC";
  }
  if (only.type === 'DYNAMIC') {
    if ((resource.role !== undefined) !== (resource.reservation !== undefined)) {
      return "Invalid resource format: 'Resource.role' and 'Resource.reservation' must either be both set or both not set if the single reservation in 'Resource.reservations' is DYNAMIC";
    }
    const r = resource.reservation;
    if (r !== undefined && (r.principal ?? '') !== (only.principal ?? '')) {
      return `Invalid resource format: 'Resource.reservation.principal' field with '${r.principal ?? ''}' does not match the principal '${only.principal ?? ''}' in 'Resource.reservations'`;
    }
    if (r !== undefined && !labelsEqual(r.labels ?? {}, only.labels ?? {})) {
      return "Invalid resource format: 'Resource.reservation.labels' field does not match the labels in 'Resource.reservations'";
    }
  }
  if (only.type === 'UNKNOWN') return "Unsupported 'Resource.ReservationInfo.Type'";
  return undefined;
}

/**
 * The master's complaint about one resource (`Resources::validate`), or undefined when it is
 * valid.
 *
 * @example
 * ```ts
 * validateResource({ name: 'cpus', type: 'SCALAR', scalar: { value: -1 } });
 * // 'Invalid scalar resource: value <= 0'
 * ```
 */
export function validateResource(resource: Resource): string | undefined {
  if (resource.name === '') return 'Empty resource name';
  const problem = valueProblem(resource) ?? diskProblem(resource);
  if (problem !== undefined) return problem;
  const stack = resource.reservations ?? [];
  const formatProblem =
    stack.length === 0 ? preRefinementProblem(resource) : postRefinementProblem(resource, stack);
  if (formatProblem !== undefined) return formatProblem;
  if (resource.shared !== undefined) {
    if (resource.name !== 'disk') return `Resource ${resource.name} cannot be shared`;
    if (resource.disk?.persistence === undefined) return 'Only persistent volumes can be shared';
  }
  return undefined;
}

/**
 * The first problem in a list of resources, as the master words it:
 * `Resource '<resource>' is invalid: <problem>`.
 *
 * @example
 * ```ts
 * validateResources([{ name: '', type: 'SCALAR', scalar: { value: 1 } }]);
 * // "Resource ':1' is invalid: Empty resource name"
 * ```
 */
export function validateResources(resources: readonly Resource[]): string | undefined {
  for (const resource of resources) {
    const problem = validateResource(resource);
    if (problem !== undefined) {
      return `Resource '${formatResource(resource)}' is invalid: ${problem}`;
    }
  }
  return undefined;
}
