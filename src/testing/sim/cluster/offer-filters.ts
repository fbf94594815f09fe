/**
 * A framework's offer filters: resources it declined (or left unused in an ACCEPT) on an
 * agent for a role, kept away from it until the filter expires or the role is revived; and
 * the inverse-offer filters of its answers to maintenance.
 *
 * @module
 */
import type { Resource } from '../../../wire';
import { containsResources, unallocateResources } from '../../../offers';

interface Filter {
  readonly refused: readonly Resource[];
  readonly expiresAt: number;
}

/**
 * The filters of one framework. Times are milliseconds on the master's scheduler clock.
 *
 * @example
 * ```ts
 * const filters = new OfferFilters();
 * filters.add('*', agentId, offer.resources, now + 5000);
 * filters.isFiltered('*', agentId, free, now); // true while `free` fits in what was refused
 * ```
 */
export class OfferFilters {
  private readonly byRole = new Map<string, Map<string, Filter[]>>();
  private readonly inverse = new Map<string, number>();

  /** Refuses `resources` on the agent for the role until `expiresAt`. */
  add(role: string, agentId: string, resources: readonly Resource[], expiresAt: number): void {
    let agents = this.byRole.get(role);
    if (agents === undefined) {
      agents = new Map();
      this.byRole.set(role, agents);
    }
    const list = agents.get(agentId) ?? [];
    list.push({ refused: unallocateResources(resources), expiresAt });
    agents.set(agentId, list);
  }

  /**
   * Whether an offer of `resources` on the agent for the role is filtered: some live filter
   * refused at least these resources (offering more than was refused passes the filter).
   */
  isFiltered(role: string, agentId: string, resources: readonly Resource[], now: number): boolean {
    const agents = this.byRole.get(role);
    const list = agents?.get(agentId);
    if (agents === undefined || list === undefined) return false;
    const live = list.filter((f) => f.expiresAt > now);
    if (live.length === 0) agents.delete(agentId);
    else agents.set(agentId, live);
    const wanted = unallocateResources(resources);
    return live.some((f) => containsResources(f.refused, wanted));
  }

  /** Drops the filters of these roles (REVIVE, UPDATE_FRAMEWORK). */
  clearRoles(roles: Iterable<string>): void {
    for (const role of roles) this.byRole.delete(role);
  }

  /** Keeps the filters of these roles only (roles the framework no longer has are dropped). */
  keepRoles(roles: readonly string[]): void {
    for (const role of [...this.byRole.keys()]) if (!roles.includes(role)) this.byRole.delete(role);
  }

  /** Drops every offer filter on an agent (the agent went away). */
  clearAgent(agentId: string): void {
    for (const agents of this.byRole.values()) agents.delete(agentId);
    this.inverse.delete(agentId);
  }

  /** Keeps inverse offers for the agent away until `expiresAt`. */
  addInverse(agentId: string, expiresAt: number): void {
    this.inverse.set(agentId, Math.max(expiresAt, this.inverse.get(agentId) ?? 0));
  }

  /** Whether inverse offers for the agent are filtered. */
  isInverseFiltered(agentId: string, now: number): boolean {
    return (this.inverse.get(agentId) ?? 0) > now;
  }

  /** Drops the inverse-offer filters (REVIVE, a changed maintenance schedule). */
  clearInverse(agentId?: string): void {
    if (agentId === undefined) this.inverse.clear();
    else this.inverse.delete(agentId);
  }
}
