/**
 * Why the master refuses a well-formed SUBSCRIBE: the text of the single ERROR event it sends
 * before closing the stream. The checks and texts follow `Master::subscribe` (framework
 * validation, the `--roles` whitelist, removed frameworks, the allocator options) and
 * `Master::_subscribe` (an existing framework's principal cannot change).
 *
 * @module
 */
import type { Call } from '../../wire';
import { allocatorOptionsProblem, frameworkInfoProblem } from './cluster/framework-validation';
import type { MasterCore } from './master-core';

/**
 * The refusal message for a SUBSCRIBE, or undefined when the framework is accepted. Checked
 * in the master's order: the FrameworkInfo (roles, id, offer filters, failover timeout), the
 * `--roles` whitelist, a removed framework id, suppressed and constrained roles, and for a
 * framework this master knows, a changed principal. The call is the one the master goes on
 * with: an authenticated framework without a principal already carries the authenticated one.
 * The offer constraints are checked by the cluster's `offerConstraintsProblem`.
 *
 * @example
 * ```ts
 * subscribeRefusal(core, call); // 'Framework has been removed' for a torn-down id
 * ```
 * Spec: docs/protocol.md §3.
 */
export function subscribeRefusal(
  core: MasterCore,
  call: Extract<Call, { readonly type: 'SUBSCRIBE' }>,
): string | undefined {
  const info = call.subscribe.framework_info;
  const error =
    frameworkInfoProblem(info, core.options.roles) ??
    (info.id !== undefined && core.isRemoved(info.id.value)
      ? 'Framework has been removed'
      : undefined) ??
    allocatorOptionsProblem(
      info,
      call.subscribe.suppressed_roles,
      call.subscribe.offer_constraints,
    );
  if (error !== undefined) return error;
  const known = info.id === undefined ? undefined : core.framework(info.id.value);
  if (known !== undefined && known.info.principal !== info.principal) {
    return "Changing framework's principal is not allowed.";
  }
  return undefined;
}
