/**
 * The master's checks on UPDATE_FRAMEWORK (spec §5; `Master::updateFramework`): the new
 * `FrameworkInfo` must be valid, must not change `principal`, `user` or `checkpoint`, and the
 * suppressed roles and offer constraints must fit its roles.
 *
 * @module
 */
import type { Call, FrameworkInfo } from '../../../wire';
import { allocatorOptionsProblem, frameworkInfoProblem } from './framework-validation';

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
  const options = allocatorOptionsProblem(info, update.suppressed_roles, update.offer_constraints);
  return options === undefined ? undefined : `'UpdateFramework' call is not valid: ${options}`;
}
