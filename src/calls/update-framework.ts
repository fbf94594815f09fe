/**
 * `updateFramework`: change the framework's info, suppressed roles and offer constraints
 * (UPDATE_FRAMEWORK).
 *
 * @module
 */
import type { FrameworkInfo, OfferConstraints } from '../wire';
import type { CommandOf } from './command';

/**
 * Options of {@link updateFramework}: the framework's suppressed roles (a subset of its
 * roles) and its offer constraints, each replacing the current one as a whole.
 *
 * @example
 * ```ts
 * const opts: UpdateFrameworkOptions = { suppressedRoles: ['ml'] };
 * ```
 * Spec: docs/protocol.md §5.
 */
export interface UpdateFrameworkOptions {
  readonly suppressedRoles?: readonly string[];
  readonly offerConstraints?: OfferConstraints;
}

/**
 * Updates the framework while subscribed: an `UPDATE_FRAMEWORK` (Mesos 1.9 and later).
 *
 * There are no partial updates: send the whole `FrameworkInfo`, and the suppressed roles and
 * offer constraints wanted from now on (left out means none). The framework id may be left out
 * of the info: {@link toCall} fills it in, as the master wants it equal to the call's.
 * `principal`, `user` and `checkpoint` cannot change; offers for removed roles are rescinded.
 * The master answers `200` once applied, or `400`/`403` with the reason.
 *
 * @example
 * ```ts
 * const cmd = updateFramework(
 *   { ...frameworkInfo, roles: ['analytics', 'ml'] },
 *   { suppressedRoles: ['ml'] },
 * );
 * ```
 * Spec: docs/protocol.md §5.
 */
export function updateFramework(
  frameworkInfo: FrameworkInfo,
  options: UpdateFrameworkOptions = {},
): CommandOf<'UPDATE_FRAMEWORK'> {
  const { suppressedRoles = [], offerConstraints } = options;
  return {
    type: 'UPDATE_FRAMEWORK',
    update_framework: {
      framework_info: frameworkInfo,
      ...(suppressedRoles.length === 0 ? {} : { suppressed_roles: [...suppressedRoles] }),
      ...(offerConstraints === undefined ? {} : { offer_constraints: offerConstraints }),
    },
  };
}
