/**
 * One allocation round of the built-in (hierarchical DRF) allocator, simplified: for each
 * agent, the roles and then the frameworks of each role are visited in dominant-resource-share
 * order, and the first framework that may use what is left gets all of it (offers are not
 * split between frameworks). No quota, weights or random agent order.
 *
 * @module
 */
import type { OfferConstraints, OfferFilters as WireOfferFilters, Resource } from '../../../wire';
import {
  addResources,
  allocateResources,
  containsQuantities,
  hasRefinedReservations,
  isAllocatableTo,
  isRevocable,
  isShared,
  subtractResources,
} from '../../../offers';
import { isAgentExcluded, type ConstrainedAgent } from './offer-constraints';

/**
 * The master's default `--min_allocatable_resources`: `cpus:0.01|mem:32` (an offer needs one
 * of these quantity sets).
 *
 * @example
 * ```ts
 * DEFAULT_MIN_ALLOCATABLE.some((q) => containsQuantities(free, q));
 * ```
 */
export const DEFAULT_MIN_ALLOCATABLE: readonly Readonly<Record<string, number>>[] = [
  { cpus: 0.01 },
  { mem: 32 },
];

/**
 * An agent as a round sees it.
 *
 * @example
 * ```ts
 * const a: RoundAgent = { id: 'S0', hostname: 'h', attributes: [], hasGpus: false, free: [] };
 * ```
 */
export interface RoundAgent extends ConstrainedAgent {
  readonly id: string;
  readonly hasGpus: boolean;
  /** What is neither offered nor used, unallocated. */
  readonly free: readonly Resource[];
}

/**
 * A framework as a round sees it (connected and active).
 *
 * @example
 * ```ts
 * const f: RoundFramework = { id: 'F', roles: ['*'], capabilities: new Set(), constraints: undefined,
 *   offerFilters: undefined, isFiltered: () => false };
 * ```
 */
export interface RoundFramework {
  readonly id: string;
  /** Roles that want offers (subscribed, not suppressed). */
  readonly roles: readonly string[];
  readonly capabilities: ReadonlySet<string>;
  readonly constraints: OfferConstraints | undefined;
  readonly offerFilters: { readonly [role: string]: WireOfferFilters } | undefined;
  /** Whether an offer of these resources on the agent for the role is filtered. */
  isFiltered(role: string, agentId: string, resources: readonly Resource[]): boolean;
}

/**
 * What one framework gets on one agent for one role.
 *
 * @example
 * ```ts
 * const a: Allocation = { frameworkId: 'F', role: '*', agentId: 'S0', resources: [] };
 * ```
 */
export interface Allocation {
  readonly frameworkId: string;
  readonly role: string;
  readonly agentId: string;
  /** Allocated to `role`. */
  readonly resources: readonly Resource[];
}

/**
 * The state of a round.
 *
 * @example
 * ```ts
 * allocationRound({ agents, frameworks, totals: { cpus: 8 }, allocated: new Map() });
 * ```
 */
export interface RoundInput {
  readonly agents: readonly RoundAgent[];
  readonly frameworks: readonly RoundFramework[];
  /** Scalar totals of the cluster, for dominant shares. */
  readonly totals: Readonly<Record<string, number>>;
  /** Scalars offered or used per framework and role: `allocated[fw][role][name]`. */
  readonly allocated: ReadonlyMap<string, ReadonlyMap<string, Readonly<Record<string, number>>>>;
}

const SHARE_NAMES = ['cpus', 'mem', 'disk', 'gpus'];

class Shares {
  private readonly byFw = new Map<string, Map<string, Record<string, number>>>();

  constructor(
    private readonly totals: Readonly<Record<string, number>>,
    allocated: RoundInput['allocated'],
  ) {
    for (const [fw, roles] of allocated) {
      const copy = new Map<string, Record<string, number>>();
      for (const [role, q] of roles) copy.set(role, { ...q });
      this.byFw.set(fw, copy);
    }
  }

  private share(q: Readonly<Record<string, number>> | undefined): number {
    let max = 0;
    for (const name of SHARE_NAMES) {
      const total = this.totals[name] ?? 0;
      if (total > 0) max = Math.max(max, (q?.[name] ?? 0) / total);
    }
    return max;
  }

  framework(fw: string, role: string): number {
    return this.share(this.byFw.get(fw)?.get(role));
  }

  role(role: string, frameworks: readonly RoundFramework[]): number {
    const sum: Record<string, number> = {};
    for (const fw of frameworks) {
      const q = this.byFw.get(fw.id)?.get(role) ?? {};
      for (const [name, v] of Object.entries(q)) sum[name] = (sum[name] ?? 0) + v;
    }
    return this.share(sum);
  }

  add(fw: string, role: string, resources: readonly Resource[]): void {
    let roles = this.byFw.get(fw);
    if (roles === undefined) {
      roles = new Map();
      this.byFw.set(fw, roles);
    }
    const q = roles.get(role) ?? {};
    for (const r of resources) {
      if (r.type === 'SCALAR') q[r.name] = (q[r.name] ?? 0) + (r.scalar?.value ?? 0);
    }
    roles.set(role, q);
  }
}

function byShareThenName<T>(
  items: readonly T[],
  share: (t: T) => number,
  name: (t: T) => string,
): T[] {
  return [...items].sort(
    (a, b) => share(a) - share(b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0),
  );
}

function allocatable(resources: readonly Resource[], role: string, fw: RoundFramework): boolean {
  if (resources.length === 0) return false;
  const own = fw.offerFilters?.[role]?.min_allocatable_resources;
  const minimum =
    own === undefined
      ? DEFAULT_MIN_ALLOCATABLE
      : (own.quantities ?? []).map((q) =>
          Object.fromEntries(Object.entries(q.quantities ?? {}).map(([k, v]) => [k, v.value])),
        );
  return minimum.length === 0 || minimum.some((q) => containsQuantities(resources, q));
}

function strip(resources: readonly Resource[], fw: RoundFramework): Resource[] {
  return resources.filter(
    (r) =>
      (fw.capabilities.has('SHARED_RESOURCES') || !isShared(r)) &&
      (fw.capabilities.has('REVOCABLE_RESOURCES') || !isRevocable(r)) &&
      (fw.capabilities.has('RESERVATION_REFINEMENT') || !hasRefinedReservations(r)),
  );
}

/**
 * Runs one round and returns what each framework gets, in allocation order.
 *
 * @example
 * ```ts
 * const allocations = allocationRound({ agents, frameworks, totals, allocated });
 * ```
 */
export function allocationRound(input: RoundInput): Allocation[] {
  const shares = new Shares(input.totals, input.allocated);
  const out: Allocation[] = [];
  const roles = [...new Set(input.frameworks.flatMap((f) => f.roles))];
  for (const agent of input.agents) {
    let available: Resource[] = [...agent.free];
    let sharedOffered: Resource[] = [];
    const sortedRoles = byShareThenName(
      roles,
      (role) => shares.role(role, input.frameworks),
      (role) => role,
    );
    for (const role of sortedRoles) {
      if (available.length === 0) break;
      const members = input.frameworks.filter((f) => f.roles.includes(role));
      const sortedFrameworks = byShareThenName(
        members,
        (f) => shares.framework(f.id, role),
        (f) => f.id,
      );
      for (const fw of sortedFrameworks) {
        if (isAgentExcluded(fw.constraints, role, agent)) continue;
        const forRole = subtractResources(
          available.filter((r) => isAllocatableTo(r, role)),
          sharedOffered,
        );
        if (forRole.length === 0) break;
        if (!allocatable(forRole, role, fw)) continue;
        if (agent.hasGpus && !fw.capabilities.has('GPU_RESOURCES')) continue;
        const toOffer = strip(forRole, fw);
        if (!allocatable(toOffer, role, fw) || fw.isFiltered(role, agent.id, toOffer)) continue;
        out.push({
          frameworkId: fw.id,
          role,
          agentId: agent.id,
          resources: allocateResources(toOffer, role),
        });
        shares.add(fw.id, role, toOffer);
        available = subtractResources(
          available,
          toOffer.filter((r) => !isShared(r)),
        );
        sharedOffered = addResources(sharedOffered, toOffer.filter(isShared));
      }
    }
  }
  return out;
}
