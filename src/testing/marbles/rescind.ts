/**
 * The RESCIND event builder.
 *
 * @module
 */
import type { EventOf } from '../../events';
import type { Offer, OfferID } from '../../wire';

/**
 * A `RESCIND` event: the master takes an offer back (another framework needs it, the agent
 * went away, or the offer timed out).
 *
 * @example
 * ```ts
 * const o = offer({ id: 'O1' });
 * const values = { o: offers(o), r: rescind(o) }; // or rescind('O1'), rescind(o.id)
 * ```
 * Spec: docs/protocol.md §6.
 */
export function rescind(offer: string | OfferID | Offer): EventOf<'RESCIND'> {
  const offer_id: OfferID =
    typeof offer === 'string' ? { value: offer } : 'agent_id' in offer ? offer.id : offer;
  return { type: 'RESCIND', rescind: { offer_id } };
}
