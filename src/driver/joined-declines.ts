/**
 * Joined declines: DECLINEs sent together go to the master as one call.
 *
 * @module
 */
import { declineOffer, type Command, type CommandOf } from '../calls';
import type { OfferID } from '../wire';

/**
 * Whether `next` can ride in the same DECLINE call as `first`: both are DECLINEs with the same
 * filters. The master handles a DECLINE offer by offer (an offer that is no longer valid is
 * skipped, the others are declined with the call's filters), so one call naming the offers of
 * both has the effect of the two.
 *
 * @example
 * ```ts
 * joinsDecline(declineOffer(a), declineOffer(b)); // true
 * joinsDecline(declineOffer(a), declineOffer(b, { refuse_seconds: 60 })); // false
 * joinsDecline(declineOffer(a), reviveOffers()); // false
 * ```
 * Spec: docs/protocol.md §5.
 */
export function joinsDecline(first: Command, next: Command): boolean {
  if (first.type !== 'DECLINE' || next.type !== 'DECLINE') return false;
  const a = first.decline.filters;
  const b = next.decline.filters;
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * One DECLINE naming, in order, the offers of several that {@link joinsDecline} accepts
 * together, with their common filters.
 *
 * @example
 * ```ts
 * const one = joinDeclines([declineOffer(a), declineOffer([b, c])]);
 * one.decline.offer_ids; // [a, b, c]
 * ```
 */
export function joinDeclines(declines: readonly CommandOf<'DECLINE'>[]): CommandOf<'DECLINE'> {
  const ids: OfferID[] = [];
  for (const d of declines) for (const id of d.decline.offer_ids ?? []) ids.push(id);
  return declineOffer(ids, declines[0]?.decline.filters);
}
