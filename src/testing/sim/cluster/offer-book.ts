/**
 * The master's book of outstanding offers and inverse offers: creating them (with the offer
 * timeout, when the master has one), finding them, and removing them silently or with a
 * RESCIND / RESCIND_INVERSE_OFFER to their framework.
 *
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import type { Event, Resource, Unavailability } from '../../../wire';
import { addResources } from '../../../offers';
import type { OfferLookup } from './offer-validation';
import type { SimInverseOffer, SimOffer } from './sim-offer';

/**
 * What the offer book needs from the master: its clock, its offer timeout, fresh offer ids,
 * and a way to send an event to a framework.
 *
 * @example
 * ```ts
 * const deps: OfferBookDeps = {
 *   scheduler: asyncScheduler,
 *   offerTimeoutMs: 30_000,
 *   newId: () => ids.offer(),
 *   notify: (frameworkId, event) => send(frameworkId, event),
 * };
 * const book = new OfferBook(deps);
 * ```
 */
export interface OfferBookDeps {
  readonly scheduler: SchedulerLike;
  /** Offers and inverse offers are rescinded after this long; unset: never. */
  readonly offerTimeoutMs: number | undefined;
  /** A new offer id (`<master id>-O<n>`; inverse offers share the counter). */
  newId(): string;
  /** Writes an event to a framework's stream (dropped when it is gone or disconnected). */
  notify(frameworkId: string, event: Event): void;
}

/**
 * Outstanding offers and inverse offers of one master.
 *
 * @example
 * ```ts
 * const book = new OfferBook({ scheduler, offerTimeoutMs: undefined, newId: () => ids.offer(),
 *   notify: (fw, event) => send(fw, event) });
 * const offer = book.add('M-0000', 'M-S0', '*', resources);
 * book.rescind(offer); // RESCIND to M-0000
 * ```
 */
export class OfferBook implements OfferLookup {
  private readonly offers = new Map<string, SimOffer>();
  private readonly inverseOffers = new Map<string, SimInverseOffer>();
  /** Per agent: frameworks with an outstanding (unanswered) inverse offer. */
  private readonly outstanding = new Map<string, Set<string>>();

  constructor(private readonly deps: OfferBookDeps) {}

  offer(id: string): SimOffer | undefined {
    return this.offers.get(id);
  }

  inverseOffer(id: string): SimInverseOffer | undefined {
    return this.inverseOffers.get(id);
  }

  /** Outstanding offers, of one framework when given. */
  all(frameworkId?: string): SimOffer[] {
    return [...this.offers.values()].filter(
      (o) => frameworkId === undefined || o.frameworkId === frameworkId,
    );
  }

  /** Outstanding offers on an agent. */
  onAgent(agentId: string): SimOffer[] {
    return [...this.offers.values()].filter((o) => o.agentId === agentId);
  }

  /** Everything offered on an agent (allocated to the offers' roles). */
  offeredOn(agentId: string): Resource[] {
    let sum: Resource[] = [];
    for (const o of this.onAgent(agentId)) sum = addResources(sum, o.resources);
    return sum;
  }

  /** Outstanding inverse offers of a framework, or on an agent. */
  inverse(filter: { readonly frameworkId?: string; readonly agentId?: string }): SimInverseOffer[] {
    return [...this.inverseOffers.values()].filter(
      (o) =>
        (filter.frameworkId === undefined || o.frameworkId === filter.frameworkId) &&
        (filter.agentId === undefined || o.agentId === filter.agentId),
    );
  }

  /** Records a new offer and starts its timeout. */
  add(
    frameworkId: string,
    agentId: string,
    role: string,
    resources: readonly Resource[],
  ): SimOffer {
    const offer: SimOffer = {
      id: this.deps.newId(),
      frameworkId,
      agentId,
      role,
      resources,
      timer: undefined,
    };
    const timeout = this.deps.offerTimeoutMs;
    if (timeout !== undefined) {
      offer.timer = this.deps.scheduler.schedule(() => {
        offer.timer = undefined;
        if (this.offers.get(offer.id) === offer) this.rescind(offer);
      }, timeout);
    }
    this.offers.set(offer.id, offer);
    return offer;
  }

  /** Records a new inverse offer (now outstanding for the framework) and starts its timeout. */
  addInverse(
    frameworkId: string,
    agentId: string,
    unavailability: Unavailability,
  ): SimInverseOffer {
    const inverse: SimInverseOffer = {
      id: this.deps.newId(),
      frameworkId,
      agentId,
      unavailability,
      timer: undefined,
    };
    const timeout = this.deps.offerTimeoutMs;
    if (timeout !== undefined) {
      inverse.timer = this.deps.scheduler.schedule(() => {
        inverse.timer = undefined;
        if (this.inverseOffers.get(inverse.id) === inverse) this.rescindInverse(inverse);
      }, timeout);
    }
    this.inverseOffers.set(inverse.id, inverse);
    const set = this.outstanding.get(agentId) ?? new Set<string>();
    set.add(frameworkId);
    this.outstanding.set(agentId, set);
    return inverse;
  }

  /** Whether the framework has an unanswered inverse offer for the agent. */
  hasOutstandingInverse(agentId: string, frameworkId: string): boolean {
    return this.outstanding.get(agentId)?.has(frameworkId) === true;
  }

  /** Forgets which frameworks were asked about the agent (a new schedule asks again). */
  forgetOutstanding(agentId: string): void {
    this.outstanding.delete(agentId);
  }

  /** Removes an offer without telling its framework; its resources are free again. */
  remove(offer: SimOffer): void {
    offer.timer?.unsubscribe();
    offer.timer = undefined;
    this.offers.delete(offer.id);
  }

  /** Removes an offer and sends RESCIND to its framework. */
  rescind(offer: SimOffer): void {
    this.remove(offer);
    this.deps.notify(offer.frameworkId, {
      type: 'RESCIND',
      rescind: { offer_id: { value: offer.id } },
    });
  }

  /** Removes an inverse offer silently; the framework will be asked again in a later round. */
  removeInverse(inverse: SimInverseOffer): void {
    inverse.timer?.unsubscribe();
    inverse.timer = undefined;
    this.inverseOffers.delete(inverse.id);
    this.outstanding.get(inverse.agentId)?.delete(inverse.frameworkId);
  }

  /** Removes an inverse offer and sends RESCIND_INVERSE_OFFER to its framework. */
  rescindInverse(inverse: SimInverseOffer): void {
    this.removeInverse(inverse);
    this.deps.notify(inverse.frameworkId, {
      type: 'RESCIND_INVERSE_OFFER',
      rescind_inverse_offer: { inverse_offer_id: { value: inverse.id } },
    });
  }

  /** Cancels every timeout. */
  stop(): void {
    for (const offer of this.offers.values()) offer.timer?.unsubscribe();
    for (const inverse of this.inverseOffers.values()) inverse.timer?.unsubscribe();
  }
}
