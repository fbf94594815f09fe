/**
 * `reviveOffers`: lift offer filters and suppression (REVIVE).
 *
 * @module
 */
import type { CommandOf } from './command';
import { toList, type OneOrMany } from './one-or-many';

/**
 * Asks for offers again: a `REVIVE`, which clears the filters set by earlier declines and ends
 * suppression, for the given roles or, with none, for all the framework's roles.
 *
 * Warning: no roles and an empty list both mean **all roles** here, as in v1. The classic
 * driver's `reviveOffers(roles)` did nothing for an empty list; code that computes the list
 * should check for empty itself. If any role is not one of the framework's, the master drops
 * the whole call (after answering 202). Revive sparingly: it undoes every decline's filter.
 *
 * @example
 * ```ts
 * const all = reviveOffers();
 * const ml = reviveOffers(['ml']);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function reviveOffers(roles: OneOrMany<string> = []): CommandOf<'REVIVE'> {
  const list = toList(roles);
  return list.length === 0 ? { type: 'REVIVE' } : { type: 'REVIVE', revive: { roles: list } };
}
