/**
 * `suppressOffers`: stop offers (SUPPRESS).
 *
 * @module
 */
import type { CommandOf } from './command';
import { toList, type OneOrMany } from './one-or-many';

/**
 * Asks the master to stop sending offers, for the given roles or, with none, for all the
 * framework's roles: a `SUPPRESS`. Status updates and other events keep flowing; revive with
 * {@link reviveOffers}.
 *
 * Warning: no roles and an empty list both mean **all roles** (the classic driver did nothing
 * for an empty list). The master drops the whole call if any role is not the framework's.
 * Suppression does not survive a re-subscription: the set becomes what the SUBSCRIBE carries.
 *
 * @example
 * ```ts
 * const all = suppressOffers();
 * const analytics = suppressOffers('analytics');
 * ```
 * Spec: docs/protocol.md §5.
 */
export function suppressOffers(roles: OneOrMany<string> = []): CommandOf<'SUPPRESS'> {
  const list = toList(roles);
  return list.length === 0 ? { type: 'SUPPRESS' } : { type: 'SUPPRESS', suppress: { roles: list } };
}
