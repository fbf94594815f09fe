/**
 * `declineInverseOffers`: refuse a maintenance window (DECLINE_INVERSE_OFFERS).
 *
 * @module
 */
import type { Filters, OfferId } from '../wire';
import type { CommandOf } from './command';
import { toList, type OneOrMany } from './one-or-many';

/**
 * Declines inverse offers: a `DECLINE_INVERSE_OFFERS`, telling the operator that the framework
 * cannot give the resources back before the unavailability starts.
 *
 * A hint only: nothing changes in Mesos at once. `filters` sets when the inverse offer may be
 * sent again. v1 only.
 *
 * @example
 * ```ts
 * const cmd = declineInverseOffers(inverseOffer.id, { refuse_seconds: 600 });
 * ```
 * Spec: docs/protocol.md §5.
 */
export function declineInverseOffers(
  inverseOfferIds: OneOrMany<OfferId>,
  filters?: Filters,
): CommandOf<'DECLINE_INVERSE_OFFERS'> {
  const inverse_offer_ids = toList(inverseOfferIds);
  return {
    type: 'DECLINE_INVERSE_OFFERS',
    decline_inverse_offers: {
      ...(inverse_offer_ids.length === 0 ? {} : { inverse_offer_ids }),
      ...(filters === undefined ? {} : { filters }),
    },
  };
}
