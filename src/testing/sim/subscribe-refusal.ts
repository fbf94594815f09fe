/**
 * Why the master refuses a well-formed SUBSCRIBE: the text of the single ERROR event it sends
 * before closing the stream. The checks and texts follow `Master::subscribe` (framework
 * validation, the `--roles` whitelist, removed frameworks, the allocator options) and
 * `Master::_subscribe` (an existing framework's principal cannot change).
 *
 * @module
 */
import type { Call, FrameworkInfo, OfferFilters } from '../../wire';
import { validateRole } from '../../offers';
import { offerConstraintsProblem } from './cluster/offer-constraints';
import type { MasterCore } from './master-core';

/** stout's `stringify` of a set of strings: `{ a, b }`. */
function setText(items: Iterable<string>): string {
  return `{ ${[...items].join(', ')} }`;
}

/** A C++ `std::set<std::string>` order (bytewise). */
function sorted(items: Iterable<string>): string[] {
  return [...items].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** How `std::ostream` prints a double by default (`%g`, six significant digits). */
function cppDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa = '0', exp = '0'] = x.toExponential(5).split('e');
  const e = Number(exp);
  const trim = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (e < -4 || e >= 6) {
    return `${trim(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return trim(x.toFixed(5 - e));
}

function isMultiRole(info: FrameworkInfo): boolean {
  return (info.capabilities ?? []).some((c) => c.type === 'MULTI_ROLE');
}

/** `protobuf::framework::getRoles`: `roles` with MULTI_ROLE, else `role` (default `*`). */
function frameworkRoles(info: FrameworkInfo): readonly string[] {
  return isMultiRole(info) ? (info.roles ?? []) : [info.role ?? '*'];
}

/** `validateRoles`: the role fields that fit the capability, no duplicates, valid names. */
function rolesError(info: FrameworkInfo): string | undefined {
  const multiRole = isMultiRole(info);
  if (multiRole && info.role !== undefined) {
    return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
  }
  if (!multiRole && (info.roles ?? []).length > 0) {
    return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable";
  }
  if (multiRole) {
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const role of info.roles ?? []) {
      if (seen.has(role)) duplicates.add(role);
      seen.add(role);
    }
    if (duplicates.size > 0) {
      return `'FrameworkInfo.roles' contains duplicate items: ${setText(duplicates)}`;
    }
    for (const role of info.roles ?? []) {
      const error = validateRole(role);
      if (error !== undefined) return `'FrameworkInfo.roles' contains invalid role: ${error}`;
    }
    return undefined;
  }
  const error = validateRole(info.role ?? '*');
  return error === undefined ? undefined : `'FrameworkInfo.role' is not a valid role: ${error}`;
}

/** `common::validation::validateID` for a non-empty framework id. */
function idError(id: string): string | undefined {
  if (id === '') return undefined;
  if (Buffer.byteLength(id) > 255) return 'ID must not be greater than 255 characters';
  if (id === '.' || id === '..') return `'${id}' is disallowed`;
  // control characters and both path separators
  if (/[\x00-\x1f\x7f/\\]/.test(id)) {
    return `'${id}' contains invalid characters`;
  }
  return undefined;
}

/** `validateInputScalarValue`. */
function scalarError(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN not supported';
  if (!Number.isFinite(value)) return 'Infinite values not supported';
  if (value !== 0 && Math.abs(value) < 2.2250738585072014e-308) {
    return 'Subnormal values not supported';
  }
  if (value < 0) return 'Negative values not supported';
  return undefined;
}

/** `validateOfferFilters` over every role's filters. */
function offerFiltersError(filters: Readonly<Record<string, OfferFilters>>): string | undefined {
  for (const f of Object.values(filters)) {
    for (const q of f.min_allocatable_resources?.quantities ?? []) {
      const entries = Object.entries(q.quantities ?? {});
      if (entries.length === 0) return 'Resource quantities must contain at least one quantity';
      for (const [name, scalar] of entries) {
        const error = scalarError(scalar.value);
        if (error !== undefined) return `Invalid resource quantity for '${name}': ${error}`;
      }
    }
  }
  return undefined;
}

/** `Duration::create(seconds)` fails outside the range of signed 64-bit nanoseconds. */
function failoverTimeoutError(seconds: number): string | undefined {
  const nanos = seconds * 1e9;
  if (nanos > 2 ** 63 || nanos < -(2 ** 63)) {
    return `The framework failover_timeout (${cppDouble(seconds)}) is invalid`;
  }
  return undefined;
}

/** `Master::validateFramework`. */
function frameworkError(core: MasterCore, info: FrameworkInfo): string | undefined {
  const error =
    rolesError(info) ??
    idError(info.id?.value ?? '') ??
    offerFiltersError(info.offer_filters ?? {}) ??
    failoverTimeoutError(info.failover_timeout ?? 0);
  if (error !== undefined) return error;
  const whitelist = core.options.roles;
  if (whitelist !== undefined) {
    const allowed = new Set([...whitelist, '*']);
    const refused = frameworkRoles(info).filter((r) => !allowed.has(r));
    if (refused.length > 0) {
      return `Roles ${setText(sorted(new Set(refused)))} are not present in the master's --roles`;
    }
  }
  if (info.id !== undefined && core.isRemoved(info.id.value)) return 'Framework has been removed';
  return undefined;
}

/** `createAllocatorFrameworkOptions`: suppressed roles and constrained roles must be the framework's. */
function allocatorOptionsError(info: FrameworkInfo, subscribe: Call.Subscribe): string | undefined {
  const roles = new Set(frameworkRoles(info));
  const strangers = sorted(
    new Set((subscribe.suppressed_roles ?? []).filter((r) => !roles.has(r))),
  );
  if (strangers.length > 0) {
    return `Suppressed roles ${setText(strangers)} are not contained in the set of roles`;
  }
  // constrained roles outside the framework's, then the constraints themselves
  return offerConstraintsProblem(subscribe.offer_constraints, [...roles]);
}

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
 * Spec: docs/protocol.md §3.1 (item 3), §3.2.
 */
export function subscribeRefusal(
  core: MasterCore,
  call: Extract<Call, { readonly type: 'SUBSCRIBE' }>,
): string | undefined {
  const info = call.subscribe.framework_info;
  const error = frameworkError(core, info) ?? allocatorOptionsError(info, call.subscribe);
  if (error !== undefined) return error;
  const known = info.id === undefined ? undefined : core.framework(info.id.value);
  if (known !== undefined && known.info.principal !== info.principal) {
    return "Changing framework's principal is not allowed.";
  }
  return undefined;
}
