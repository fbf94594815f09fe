/**
 * `acceptInverseOffers`: agree to a maintenance window (ACCEPT_INVERSE_OFFERS).
 *
 * @module
 */
import type { Filters, OfferId } from '../wire';
import type { CommandOf } from './command';
import { toList, type OneOrMany } from './one-or-many';

/**
 * Accepts inverse offers: an `ACCEPT_INVERSE_OFFERS`, telling the operator that the framework
 * can give the resources back before the unavailability starts.
 *
 * A hint only: nothing changes in Mesos at once. `filters` sets when the inverse offer may be
 * sent again. v1 only.
 *
 * @example
 * ```ts
 * const cmd = acceptInverseOffers(inverseOffer.id);
 * ```
 * Spec: docs/protocol.md §5.
 */
export function acceptInverseOffers(
  inverseOfferIds: OneOrMany<OfferId>,
  filters?: Filters,
): CommandOf<'ACCEPT_INVERSE_OFFERS'> {
  const inverse_offer_ids = toList(inverseOfferIds);
  return {
    type: 'ACCEPT_INVERSE_OFFERS',
    accept_inverse_offers: {
      ...(inverse_offer_ids.length === 0 ? {} : { inverse_offer_ids }),
      ...(filters === undefined ? {} : { filters }),
    },
  };
}
