/**
 * The check an ACCEPT or DECLINE passes when it goes out: the offers it names are used, and an
 * ACCEPT naming one that is no longer outstanding is answered here instead of by the master.
 *
 * @module
 */
import type { Command } from '../calls';
import type { Event, OfferID } from '../wire';
import { DriverError } from './driver-error';
import { operationErrors, type DropReason } from './dropped-launch';
import type { OutstandingOffers } from './outstanding-offers';

/**
 * An ACCEPT that is not sent: its outcome, why its tasks are dropped, the operation statuses
 * to deliver, and its other offers (still outstanding, now used), to decline.
 *
 * @example
 * ```ts
 * const refused = useOffers(command, offers);
 * if (refused !== undefined) console.log(refused.error.code, refused.declines.length);
 * ```
 * Spec: docs/protocol.md §7.
 */
export interface RefusedAccept {
  /** `OFFER_NOT_OUTSTANDING`. */
  readonly error: DriverError;
  /** `REASON_INVALID_OFFERS`, with the master's words. */
  readonly why: DropReason;
  /** `OPERATION_ERROR` for each operation that asked for feedback. */
  readonly events: readonly Event[];
  /** The offers it named that were still outstanding. */
  readonly declines: readonly OfferID[];
}

/**
 * Uses the offers of an ACCEPT or DECLINE at its first try. An ACCEPT naming an offer that is
 * not outstanding any more (rescinded, void after a re-subscription, or used already) gives
 * what the master would answer for it; anything else gives undefined and goes on.
 *
 * @example
 * ```ts
 * const offers = new OutstandingOffers();
 * offers.offered([{ value: 'O1' }]);
 * useOffers(declineOffer({ value: 'O1' }), offers); // undefined: O1 is used now
 * useOffers(acceptOffers({ value: 'O1' }, []), offers)?.error.code; // 'OFFER_NOT_OUTSTANDING'
 * ```
 * Spec: docs/protocol.md §7.
 */
export function useOffers(command: Command, offers: OutstandingOffers): RefusedAccept | undefined {
  if (command.type === 'DECLINE') offers.use(command.decline.offer_ids ?? []);
  if (command.type !== 'ACCEPT') return undefined;
  const { live, stale } = offers.use(command.accept.offer_ids ?? []);
  const first = stale[0];
  if (first === undefined) return undefined;
  const problem = `Offer ${first.value} is no longer valid`;
  return {
    error: new DriverError(
      'OFFER_NOT_OUTSTANDING',
      `offer ${first.value} is not outstanding (rescinded, void after a re-subscription, or used already): the ACCEPT was not sent`,
      { subject: command },
    ),
    why: {
      reason: 'REASON_INVALID_OFFERS',
      message: `Task launched with invalid offers: ${problem}`,
    },
    events: operationErrors(command, `Operation attempted with invalid offers: ${problem}`),
    declines: live,
  };
}
