/**
 * Offers and inverse offers as a framework receives them: resources in the reservation format
 * it understands, `allocation_info` only for MULTI_ROLE frameworks (spec §6, §7).
 *
 * @module
 */
import type { ExecutorID, InverseOffer, Offer, Resource } from '../../../wire';
import { downgradeResource } from '../../../offers';
import type { SimAgent } from './sim-agent';
import type { SimInverseOffer, SimOffer } from './sim-offer';

/**
 * What of a framework decides the shape of its offers (a `SimFramework` is one).
 *
 * @example
 * ```ts
 * resourcesFor({ id: 'F', hasCapability: () => false }, resources);
 * ```
 */
export interface OfferReader {
  readonly id: string;
  hasCapability(type: string): boolean;
}

/**
 * Resources (allocated, post-refinement) as the framework reads them: without
 * `allocation_info` unless it is MULTI_ROLE, and in the pre-refinement format (`role`,
 * `reservation`) unless it has RESERVATION_REFINEMENT.
 *
 * @example
 * ```ts
 * resourcesFor(fw, offer.resources); // [{ name: 'cpus', …, role: '*' }] for a plain framework
 * ```
 */
export function resourcesFor(fw: OfferReader, resources: readonly Resource[]): Resource[] {
  const multiRole = fw.hasCapability('MULTI_ROLE');
  const refinement = fw.hasCapability('RESERVATION_REFINEMENT');
  const out: Resource[] = [];
  for (const r of resources) {
    let shown: Resource | undefined = r;
    if (!multiRole) {
      const { allocation_info: _, ...rest } = r;
      shown = rest;
    }
    if (!refinement) shown = downgradeResource(shown);
    if (shown !== undefined) out.push(shown);
  }
  return out;
}

/**
 * The `Offer` message for a framework, as `Master::offer` builds it.
 *
 * @example
 * ```ts
 * ctx.send(fw, { type: 'OFFERS', offers: { offers: [offerMessage(fw, offer, agent, [])] } });
 * ```
 */
export function offerMessage(
  fw: OfferReader,
  offer: SimOffer,
  agent: SimAgent,
  executorIds: readonly ExecutorID[],
): Offer {
  return {
    id: { value: offer.id },
    framework_id: { value: offer.frameworkId },
    agent_id: { value: agent.id },
    hostname: agent.hostname,
    url: agent.url(),
    resources: resourcesFor(fw, offer.resources),
    ...(agent.attributes.length === 0 ? {} : { attributes: agent.attributes }),
    ...(executorIds.length === 0 ? {} : { executor_ids: executorIds }),
    ...(agent.unavailability === undefined ? {} : { unavailability: agent.unavailability }),
    ...(fw.hasCapability('MULTI_ROLE') ? { allocation_info: { role: offer.role } } : {}),
  };
}

/**
 * The `InverseOffer` message: the whole agent (no resources) for its maintenance window.
 *
 * @example
 * ```ts
 * inverseOfferMessage(inverse, agent);
 * ```
 */
export function inverseOfferMessage(inverse: SimInverseOffer, agent: SimAgent): InverseOffer {
  return {
    id: { value: inverse.id },
    url: agent.url(),
    framework_id: { value: inverse.frameworkId },
    agent_id: { value: agent.id },
    unavailability: inverse.unavailability,
  };
}
