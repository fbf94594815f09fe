/**
 * The master's checks of a `FrameworkInfo` (`Master::validateFramework`) and of the allocator
 * options that come with it (suppressed roles, offer constraints), shared by SUBSCRIBE and
 * UPDATE_FRAMEWORK, with the texts the master prints.
 *
 * @module
 */
import type { FrameworkInfo, OfferConstraints, OfferFilters } from '../../../wire';
import { frameworkRoles, validateRole } from '../../../offers';
import { idProblem } from './mesos-id';
import { offerConstraintsProblem } from './offer-constraints';

/**
 * stout's `stringify` of a set of strings: `{ a, b }`.
 *
 * @example
 * ```ts
 * setText(['a', 'b']); // '{ a, b }'
 * ```
 */
export function setText(items: Iterable<string>): string {
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

/** `validateRoles`: the role fields that fit the capability, no duplicates, valid names. */
function rolesProblem(info: FrameworkInfo): string | undefined {
  const multiRole = isMultiRole(info);
  const role = info.role;
  if (multiRole && role !== undefined) {
    return "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable";
  }
  if (!multiRole && (info.roles ?? []).length > 0) {
    return "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable";
  }
  if (multiRole) {
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const r of info.roles ?? []) {
      if (seen.has(r)) duplicates.add(r);
      seen.add(r);
    }
    if (duplicates.size > 0) {
      return `'FrameworkInfo.roles' contains duplicate items: ${setText(duplicates)}`;
    }
    for (const r of info.roles ?? []) {
      const error = validateRole(r);
      if (error !== undefined) return `'FrameworkInfo.roles' contains invalid role: ${error}`;
    }
    return undefined;
  }
  const error = validateRole(role ?? '*');
  return error === undefined ? undefined : `'FrameworkInfo.role' is not a valid role: ${error}`;
}

/** `validateInputScalarValue`. */
function scalarProblem(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN not supported';
  if (!Number.isFinite(value)) return 'Infinite values not supported';
  if (value !== 0 && Math.abs(value) < 2.2250738585072014e-308) {
    return 'Subnormal values not supported';
  }
  if (value < 0) return 'Negative values not supported';
  return undefined;
}

/** `validateOfferFilters` over every role's filters. */
function offerFiltersProblem(filters: Readonly<Record<string, OfferFilters>>): string | undefined {
  for (const f of Object.values(filters)) {
    for (const q of f.min_allocatable_resources?.quantities ?? []) {
      const entries = Object.entries(q.quantities ?? {});
      if (entries.length === 0) return 'Resource quantities must contain at least one quantity';
      for (const [name, scalar] of entries) {
        const error = scalarProblem(scalar.value);
        if (error !== undefined) return `Invalid resource quantity for '${name}': ${error}`;
      }
    }
  }
  return undefined;
}

/** `Duration::create(seconds)` fails outside the range of signed 64-bit nanoseconds. */
function failoverTimeoutProblem(seconds: number): string | undefined {
  const nanos = seconds * 1e9;
  // (NaN passes, as it does in the master: both comparisons are false)
  if (nanos > 2 ** 63 || nanos < -(2 ** 63)) {
    return `The framework failover_timeout (${cppDouble(seconds)}) is invalid`;
  }
  return undefined;
}

/**
 * Why the master refuses a `FrameworkInfo` (`Master::validateFramework`), or undefined: its
 * roles, id, offer filters and failover timeout, then the master's `--roles` whitelist (which
 * always admits `*`).
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
  const id = info.id?.value ?? '';
  const error =
    rolesProblem(info) ??
    (id === '' ? undefined : idProblem(id)) ??
    offerFiltersProblem(info.offer_filters ?? {}) ??
    failoverTimeoutProblem(info.failover_timeout ?? 0);
  if (error !== undefined) return error;
  if (whitelist !== undefined) {
    const allowed = new Set([...whitelist, '*']);
    const refused = frameworkRoles(info).filter((r) => !allowed.has(r));
    if (refused.length > 0) {
      return `Roles ${setText(sorted(new Set(refused)))} are not present in the master's --roles`;
    }
  }
  return undefined;
}

/**
 * Why the allocator options that come with a SUBSCRIBE or an UPDATE_FRAMEWORK are refused
 * (`createAllocatorFrameworkOptions`), or undefined: suppressed roles and constrained roles
 * must be the framework's, and the constraints themselves valid.
 *
 * @example
 * ```ts
 * allocatorOptionsProblem({ user: 'u', name: 'n' }, ['x'], undefined);
 * // 'Suppressed roles { x } are not contained in the set of roles'
 * ```
 */
export function allocatorOptionsProblem(
  info: FrameworkInfo,
  suppressedRoles: readonly string[] | undefined,
  constraints: OfferConstraints | undefined,
): string | undefined {
  const roles = new Set(frameworkRoles(info));
  const strangers = sorted(new Set((suppressedRoles ?? []).filter((r) => !roles.has(r))));
  if (strangers.length > 0) {
    return `Suppressed roles ${setText(strangers)} are not contained in the set of roles`;
  }
  return offerConstraintsProblem(constraints, [...roles]);
}
