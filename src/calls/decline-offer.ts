/**
 * `declineOffer`: give offers back (DECLINE).
 *
 * @module
 */
import type { Filters, OfferId } from '../wire';
import type { CommandOf } from './command';
import { toList, type OneOrMany } from './one-or-many';

/**
 * Declines one offer or several: a `DECLINE`, returning their resources to the pool.
 *
 * The master will not offer the same resources of that agent to the framework again for
 * `filters.refuse_seconds` (5 s by default, capped at one year); use a long time (an hour, say)
 * for resources the framework will not use, and {@link reviveOffers} to lift the filters early.
 * Unlike the classic driver, v1 declines several offers in one call.
 *
 * @example
 * ```ts
 * const cmd = declineOffer(offer.id, { refuse_seconds: 3600 });
 * const all = declineOffer(offers.map((o) => o.id));
 * ```
 * Spec: docs/protocol.md §5.
 */
export function declineOffer(
  offerIds: OneOrMany<OfferId>,
  filters?: Filters,
): CommandOf<'DECLINE'> {
  const offer_ids = toList(offerIds);
  return {
    type: 'DECLINE',
    decline: {
      ...(offer_ids.length === 0 ? {} : { offer_ids }),
      ...(filters === undefined ? {} : { filters }),
    },
  };
}
