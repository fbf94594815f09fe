/**
 * The offers the driver delivered that are still outstanding.
 *
 * @module
 */
import type { OfferID } from '../wire';

/**
 * Which offers an ACCEPT or DECLINE named: those still outstanding (now used) and those that
 * were not (rescinded, void after a re-subscription, never offered, or already used).
 *
 * @example
 * ```ts
 * const used: UsedOffers = { live: [{ value: 'O2' }], stale: [{ value: 'O1' }] };
 * ```
 */
export interface UsedOffers {
  readonly live: readonly OfferID[];
  readonly stale: readonly OfferID[];
}

/**
 * The ids of the offers delivered to the application and not yet accepted, declined or
 * rescinded: a set of strings, never larger than what the master has outstanding for the
 * framework.
 *
 * @example
 * ```ts
 * const offers = new OutstandingOffers();
 * offers.offered([{ value: 'O1' }, { value: 'O2' }]);
 * offers.use([{ value: 'O1' }]); // { live: [O1], stale: [] }
 * offers.use([{ value: 'O1' }]); // { live: [], stale: [O1] }: used already
 * offers.forgetAll(); // [O2]: a new subscription voided it
 * ```
 * Spec: docs/protocol.md §3, §7.
 */
export class OutstandingOffers {
  private readonly ids = new Set<string>();

  get size(): number {
    return this.ids.size;
  }

  has(id: OfferID): boolean {
    return this.ids.has(id.value);
  }

  /** An OFFERS event was delivered. */
  offered(ids: readonly OfferID[]): void {
    for (const { value } of ids) this.ids.add(value);
  }

  /** A RESCIND event was delivered. */
  rescinded(id: OfferID): void {
    this.ids.delete(id.value);
  }

  /** An ACCEPT or DECLINE goes out: its offers are used from now on. */
  use(ids: readonly OfferID[]): UsedOffers {
    const live: OfferID[] = [];
    const stale: OfferID[] = [];
    for (const id of ids) (this.ids.delete(id.value) ? live : stale).push(id);
    return { live, stale };
  }

  /** A new subscription: every offer is void; returns them, in the order they were offered. */
  forgetAll(): readonly OfferID[] {
    const gone = [...this.ids].map((value): OfferID => ({ value }));
    this.ids.clear();
    return gone;
  }
}
