/**
 * The master's checks on UPDATE_FRAMEWORK (spec §5.17; `Master::updateFramework`): the new
 * `FrameworkInfo` must be valid, must not change `principal`, `user` or `checkpoint`, and the
 * suppressed roles and offer constraints must fit its roles.
 *
 * @module
 */
import type { Call, FrameworkInfo } from '../../../wire';
import { validateRole } from '../../../offers';
import { idProblem } from './mesos-id';
import { offerConstraintsProblem } from './offer-constraints';

function setText(items: readonly string[]): string {
  return `{ ${items.join(', ')} }`;
}

function hasCapability(info: FrameworkInfo, type: string): boolean {
  return (info.capabilities ?? []).some((c) => c.type === type);
}

/**
 * The roles a `FrameworkInfo` subscribes to: `roles` with MULTI_ROLE, else `role` (default `*`).
 *
 * @example
 * ```ts
 * rolesOf({ user: 'u', name: 'n' }); // ['*']
 * ```
 */
export function rolesOf(info: FrameworkInfo): readonly string[] {
  return hasCapability(info, 'MULTI_ROLE') ? (info.roles ?? []) : [info.role ?? '*'];
}

function rolesProblem(info: FrameworkInfo): string | undefined {
  const multiRole = hasCapability(info, 'MULTI_ROLE');
  if (multiRole && info.role !== undefined) {
    return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
  }
  if (!multiRole && (info.roles ?? []).length > 0) {
    return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable";
  }
  if (multiRole) {
    const roles = info.roles ?? [];
    const duplicates = [...new Set(roles.filter((r, i) => roles.indexOf(r) !== i))];
    if (duplicates.length > 0) {
      return `'FrameworkInfo.roles' contains duplicate items: ${setText(duplicates)}`;
    }
    for (const role of roles) {
      const problem = validateRole(role);
      if (problem !== undefined) return `'FrameworkInfo.roles' contains invalid role: ${problem}`;
    }
    return undefined;
  }
  const problem = validateRole(info.role ?? '*');
  return problem === undefined ? undefined : `'FrameworkInfo.role' is not a valid role: ${problem}`;
}

/**
 * Why a `FrameworkInfo` is not valid (`validateFramework`), or undefined: roles, id, failover
 * timeout, the master's role whitelist.
 *
 * @example
 * ```ts
 * frameworkInfoProblem({ user: 'u', name: 'n', roles: ['a'] }, undefined);
 * // "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable"
 * ```
 */
export function frameworkInfoProblem(
  info: FrameworkInfo,
  whitelist: readonly string[] | undefined,
): string | undefined {
  const roles = rolesProblem(info);
  if (roles !== undefined) return roles;
  if (info.id !== undefined && info.id.value !== '') {
    const id = idProblem(info.id.value);
    if (id !== undefined) return id;
  }
  const timeout = info.failover_timeout ?? 0;
  if (!Number.isFinite(timeout) || Math.abs(timeout) > 9.2e9) {
    return `The framework failover_timeout (${timeout}) is invalid`;
  }
  if (whitelist !== undefined) {
    const outside = rolesOf(info).filter((r) => !whitelist.includes(r));
    if (outside.length > 0)
      return `Roles ${setText(outside)} are not present in the master's --roles`;
  }
  return undefined;
}

/**
 * Why `next` may not replace `current` (`validateUpdate`), or undefined: a changed principal,
 * user or checkpoint flag.
 *
 * @example
 * ```ts
 * frameworkUpdateProblem({ user: 'a', name: 'n' }, { user: 'b', name: 'n' });
 * // "Updating 'FrameworkInfo.user' is unsupported; attempted to update from 'a' to 'b'"
 * ```
 */
export function frameworkUpdateProblem(
  current: FrameworkInfo,
  next: FrameworkInfo,
): string | undefined {
  if (current.principal !== next.principal) return "Changing framework's principal is not allowed.";
  if (current.user !== next.user) {
    return `Updating 'FrameworkInfo.user' is unsupported; attempted to update from '${current.user}' to '${next.user}'`;
  }
  const was = current.checkpoint ?? false;
  const now = next.checkpoint ?? false;
  if (was !== now) {
    return `Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from '${was}' to '${now}'`;
  }
  return undefined;
}

/**
 * The 400 body of an UPDATE_FRAMEWORK, or undefined when the master applies it.
 *
 * @example
 * ```ts
 * updateFrameworkRefusal(fw.info, call.update_framework, options.roles);
 * // "'UpdateFramework' call is not valid: Suppressed roles { x } are not contained in the set of roles"
 * ```
 */
export function updateFrameworkRefusal(
  current: FrameworkInfo,
  update: Call.UpdateFramework,
  whitelist: readonly string[] | undefined,
): string | undefined {
  const info = update.framework_info;
  const invalid = frameworkInfoProblem(info, whitelist);
  if (invalid !== undefined) return `Supplied FrameworkInfo is not valid: ${invalid}`;
  const changed = frameworkUpdateProblem(current, info);
  if (changed !== undefined) return `FrameworkInfo update is not valid: ${changed}`;
  const roles = rolesOf(info);
  const outside = [...new Set(update.suppressed_roles ?? [])].filter((r) => !roles.includes(r));
  const options =
    outside.length > 0
      ? `Suppressed roles ${setText(outside)} are not contained in the set of roles`
      : offerConstraintsProblem(update.offer_constraints, roles);
  return options === undefined ? undefined : `'UpdateFramework' call is not valid: ${options}`;
}
