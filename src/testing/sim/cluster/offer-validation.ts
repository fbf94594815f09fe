/**
 * The master's validation of the offer ids of an ACCEPT (`validation::offer::validate`) and
 * of an ACCEPT_/DECLINE_INVERSE_OFFERS, in its order and words.
 *
 * @module
 */
import type { OfferID } from '../../../wire';
import type { SimInverseOffer, SimOffer } from './sim-offer';

/**
 * Finds outstanding offers and inverse offers by id.
 *
 * @example
 * ```ts
 * const lookup: OfferLookup = { offer: (id) => offers.get(id), inverseOffer: () => undefined };
 * ```
 */
export interface OfferLookup {
  offer(id: string): SimOffer | undefined;
  inverseOffer(id: string): SimInverseOffer | undefined;
}

function duplicateProblem(ids: readonly OfferID[]): string | undefined {
  const seen = new Set<string>();
  for (const { value } of ids) {
    if (seen.has(value)) return `Duplicate offer ${value} in offer list`;
    seen.add(value);
  }
  return undefined;
}

function frameworkProblem(
  ids: readonly OfferID[],
  frameworkId: string,
  lookup: OfferLookup,
): string | undefined {
  for (const { value } of ids) {
    const owner = (lookup.offer(value) ?? lookup.inverseOffer(value))?.frameworkId;
    if (owner === undefined) return `Offer ${value} is no longer valid`;
    if (owner !== frameworkId) {
      return `Offer ${value} has invalid framework ${owner} while framework ${frameworkId} is expected`;
    }
  }
  return undefined;
}

function agentProblem(ids: readonly OfferID[], lookup: OfferLookup): string | undefined {
  let agent: string | undefined;
  for (const { value } of ids) {
    const own = (lookup.offer(value) ?? lookup.inverseOffer(value))?.agentId;
    if (own === undefined) return `Offer ${value} is no longer valid`;
    agent ??= own;
    if (own !== agent) {
      return `Aggregated offers must belong to one single agent. Offer ${value} uses agent ${own} and agent ${agent}`;
    }
  }
  return undefined;
}

/**
 * Why the offers of an ACCEPT are invalid, or undefined: none given, a duplicate, one not
 * outstanding, one of another framework, different allocation roles, different agents.
 *
 * @example
 * ```ts
 * acceptOffersProblem([{ value: 'gone' }], fw.id, lookup); // 'Offer gone is no longer valid'
 * ```
 */
export function acceptOffersProblem(
  ids: readonly OfferID[],
  frameworkId: string,
  lookup: OfferLookup,
): string | undefined {
  if (ids.length === 0) return 'No offers specified';
  const duplicate = duplicateProblem(ids);
  if (duplicate !== undefined) return duplicate;
  for (const { value } of ids) {
    if (lookup.offer(value) === undefined) return `Offer ${value} is no longer valid`;
  }
  const framework = frameworkProblem(ids, frameworkId, lookup);
  if (framework !== undefined) return framework;
  let role: string | undefined;
  for (const { value } of ids) {
    const own = lookup.offer(value)?.role ?? '';
    role ??= own;
    if (own !== role) {
      return `Aggregated offers must be allocated to the same role. Offer ${value} uses role '${own} but another is using role '${role}`;
    }
  }
  return agentProblem(ids, lookup);
}

/**
 * Why the inverse offers of an ACCEPT_/DECLINE_INVERSE_OFFERS are invalid, or undefined (the
 * master only logs it).
 *
 * @example
 * ```ts
 * inverseOffersProblem([], fw.id, lookup); // 'No inverse offers specified'
 * ```
 */
export function inverseOffersProblem(
  ids: readonly OfferID[],
  frameworkId: string,
  lookup: OfferLookup,
): string | undefined {
  if (ids.length === 0) return 'No inverse offers specified';
  const duplicate = duplicateProblem(ids);
  if (duplicate !== undefined) return duplicate;
  for (const { value } of ids) {
    if (lookup.inverseOffer(value) === undefined)
      return `Inverse offer ${value} is no longer valid`;
  }
  return frameworkProblem(ids, frameworkId, lookup) ?? agentProblem(ids, lookup);
}
