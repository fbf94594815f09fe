/**
 * Why the master refuses a well-formed SUBSCRIBE: the text of the single ERROR event it sends
 * before closing the stream.
 *
 * @module
 */
import type { Call } from '../../wire';
import type { MasterCore } from './master-core';

const ROLE_NAME = /^[^/\s\\.][^\s\\]*$/;

function roleProblem(role: string): string | undefined {
  if (role === '*') return undefined;
  if (role === '' || role === '.' || role === '..')
    return `Role '${role}' cannot be empty, '.' or '..'`;
  if (!ROLE_NAME.test(role) || role.split('/').some((p) => p === '' || p === '.' || p === '..')) {
    return `Role '${role}' is not a valid role name`;
  }
  return undefined;
}

/**
 * The refusal message for a SUBSCRIBE, or undefined when the framework is accepted.
 *
 * @example
 * ```ts
 * subscribeRefusal(core, call); // 'Framework has been removed' for a torn-down id
 * ```
 */
export function subscribeRefusal(
  core: MasterCore,
  call: Extract<Call, { readonly type: 'SUBSCRIBE' }>,
): string | undefined {
  const info = call.subscribe.framework_info;
  const id = call.framework_id?.value;
  if (id !== undefined && core.isRemoved(id)) return 'Framework has been removed';
  const multiRole = (info.capabilities ?? []).some((c) => c.type === 'MULTI_ROLE');
  if (!multiRole && (info.roles ?? []).length > 0) {
    return "'FrameworkInfo.roles' is set but the 'MULTI_ROLE' capability is not";
  }
  if (multiRole && info.role !== undefined) {
    return "'FrameworkInfo.role' is set with the 'MULTI_ROLE' capability; use 'FrameworkInfo.roles'";
  }
  const roles = multiRole ? (info.roles ?? []) : [info.role ?? '*'];
  const seen = new Set<string>();
  for (const role of roles) {
    if (seen.has(role)) return `'FrameworkInfo.roles' contains duplicate role '${role}'`;
    seen.add(role);
    const problem = roleProblem(role);
    if (problem !== undefined) return problem;
    const whitelist = core.options.roles;
    if (whitelist !== undefined && role !== '*' && !whitelist.includes(role)) {
      return `Role '${role}' is not present in the master's --roles`;
    }
  }
  for (const role of call.subscribe.suppressed_roles ?? []) {
    if (!seen.has(role)) return `Suppressed role '${role}' is not contained in the list of roles`;
  }
  const timeout = info.failover_timeout;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout < 0)) {
    return `Invalid 'FrameworkInfo.failover_timeout': ${timeout}`;
  }
  if (id !== undefined) {
    const known = core.framework(id);
    if (
      known?.info.principal !== undefined &&
      info.principal !== undefined &&
      known.info.principal !== info.principal
    ) {
      return `Changing framework's principal is not allowed.`;
    }
  }
  return undefined;
}
