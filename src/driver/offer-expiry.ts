/**
 * The driver's offer timeout: offers the application leaves unanswered go back to the master.
 *
 * @module
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import type { OfferID } from '../wire';
import type { OutstandingOffers } from './outstanding-offers';

/**
 * What {@link OfferExpiry} works with: the clock, the outstanding offers, and what to do with
 * the offers whose time is up.
 *
 * @example
 * ```ts
 * const parts: OfferExpiryParts = { scheduler: asyncScheduler, offers, expired: (ids) => decline(ids) };
 * ```
 */
export interface OfferExpiryParts {
  readonly scheduler: SchedulerLike;
  readonly offers: OutstandingOffers;
  /** Called with the offers of one OFFERS event still outstanding when their time is up. */
  readonly expired: (ids: readonly OfferID[]) => void;
}

/**
 * Times each OFFERS event's offers: those still outstanding (neither accepted, declined nor
 * rescinded) after `timeoutMs` are taken out of the outstanding set and handed to `expired`
 * (the driver declines them and tells the application with a rescind). The timers run on the
 * given scheduler, so virtual time reaches them.
 *
 * @example
 * ```ts
 * const expiry = new OfferExpiry(30_000, {
 *   scheduler,
 *   offers,
 *   expired: (ids) => void bus.send(declineOffer(ids)),
 * });
 * expiry.offered(event.offers.offers.map((o) => o.id));
 * expiry.stop(); // when the driver stops
 * ```
 */
export class OfferExpiry {
  private readonly timers = new Set<Subscription>();

  constructor(
    private readonly timeoutMs: number,
    private readonly parts: OfferExpiryParts,
  ) {}

  /** Starts the clock of the offers of one OFFERS event. */
  offered(ids: readonly OfferID[]): void {
    if (ids.length === 0) return;
    const timer = this.parts.scheduler.schedule(() => {
      this.timers.delete(timer);
      const { live } = this.parts.offers.use(ids);
      if (live.length > 0) this.parts.expired(live);
    }, this.timeoutMs);
    this.timers.add(timer);
  }

  /** Cancels every clock (the driver stops). */
  stop(): void {
    for (const timer of this.timers) timer.unsubscribe();
    this.timers.clear();
  }
}
