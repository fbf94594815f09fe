/**
 * The simulated cluster: agents and their resources, the allocator that turns free
 * resources into offers, the offer calls (ACCEPT, DECLINE, REVIVE, SUPPRESS,
 * UPDATE_FRAMEWORK, inverse offers), maintenance, and the fault hooks on agents and offers.
 *
 * Spec: docs/protocol.md §5, §6, §7.
 *
 * @module
 */
import type { SchedulerAction, Subscription } from 'rxjs';
import type {
  Call,
  Event,
  ExecutorID,
  Filters,
  OperationStatus,
  Resource,
  TaskStatus,
} from '../../wire';
import {
  addResources,
  containsResources,
  isShared,
  subtractResources,
  unallocateResources,
  validateRole,
} from '../../offers';
import { processAccept, type AcceptEnv } from './cluster/accept-call';
import { agentResources } from './cluster/agent-resources';
import { allocationRound, type Allocation, type RoundFramework } from './cluster/allocation-round';
import { updateFrameworkRefusal } from './cluster/framework-update';
import { unavailabilityOf, type MaintenanceWindow } from './cluster/maintenance-window';
import { OfferBook } from './cluster/offer-book';
import { OfferFilters } from './cluster/offer-filters';
import { inverseOfferMessage, offerMessage } from './cluster/offer-format';
import { inverseOffersProblem } from './cluster/offer-validation';
import { offerFilterMs, refuseSeconds } from './cluster/refuse-timeout';
import { applyConversions, type Conversion } from './cluster/resource-conversions';
import { SimAgent, type AgentState } from './cluster/sim-agent';
import type { InverseOfferAnswer, SimInverseOffer, SimOffer } from './cluster/sim-offer';
import { stateSlave } from './cluster/state-slaves';
import type { MasterContext } from './master-context';
import type { SimFramework } from './sim-framework';
import type { AgentSpec } from './sim-options';
import { guarded } from './tasks/guarded';

export type { MaintenanceWindow } from './cluster/maintenance-window';
export type { InverseOfferAnswer } from './cluster/sim-offer';

/**
 * A call's HTTP answer when it is not a plain 202.
 *
 * @example
 * ```ts
 * const refused: CallAnswer = { status: 400, body: 'FrameworkInfo update is not valid: …' };
 * ```
 */
export interface CallAnswer {
  readonly status: number;
  readonly body?: string;
}

/**
 * A read-only view of one agent, for tests, `/state` and admin tools.
 *
 * @example
 * ```ts
 * const [agent] = master.core.cluster.agents();
 * agent.state; // 'active'
 * ```
 */
export interface AgentView {
  readonly id: string;
  readonly hostname: string;
  readonly state: AgentState;
  /** Total resources, unallocated. */
  readonly total: readonly Resource[];
  /** Used by tasks and executors, allocated to their roles. */
  readonly used: readonly Resource[];
  /** In outstanding offers, allocated to their roles. */
  readonly offered: readonly Resource[];
  readonly unavailability: SimAgent['unavailability'];
}

/** The first port of simulated agents (5051, as a real agent); agent N listens on 5051 + N. */
const AGENT_BASE_PORT = 5051;

/**
 * Agents, offers and the allocator of one simulated master.
 *
 * Offers are made every `allocationIntervalMs` and soon after a subscription, a REVIVE, a
 * DECLINE without filter, a new or healed agent or a maintenance change. Each round gives
 * every agent's free resources to one framework per role (in dominant-share order), honours
 * suppression, offer filters, offer constraints and `min_allocatable_resources`, and sends
 * one OFFERS event per framework.
 *
 * @example
 * ```ts
 * const master = await SimulatedMaster.start({ agents: [{ cpus: 2, mem: 1024 }] });
 * const [agent] = master.core.cluster.agents();
 * master.core.cluster.partitionAgent(agent.id); // RESCIND, FAILURE, tasks lost
 * master.core.cluster.healAgent(agent.id); // offered again
 * ```
 */
export class Cluster {
  private readonly agentsById = new Map<string, SimAgent>();
  private readonly book: OfferBook;
  private readonly filters = new Map<string, OfferFilters>();
  private readonly answers: InverseOfferAnswer[] = [];
  private agentCount = 0;
  private groupCount = 0;
  private periodic: Subscription | undefined;
  private soon: Subscription | undefined;
  private running = false;

  constructor(private readonly ctx: MasterContext) {
    this.book = new OfferBook({
      scheduler: ctx.scheduler,
      offerTimeoutMs: ctx.options.offerTimeoutMs,
      newId: () => ctx.ids.offer(),
      notify: (frameworkId, event) => {
        const fw = ctx.framework(frameworkId);
        if (fw !== undefined) this.send(fw, event);
      },
    });
    for (const spec of ctx.options.agents) this.createAgent(spec);
  }

  /** Starts the allocation rounds. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const agent of this.agentsById.values()) this.ctx.tasks.agentRegistered(agent.id);
    const interval = this.ctx.options.allocationIntervalMs;
    const allocate = (): void => {
      this.allocate();
    };
    this.periodic = this.ctx.scheduler.schedule(function repeat(this: SchedulerAction<unknown>) {
      allocate();
      this.schedule(undefined, interval);
    }, interval);
  }

  /** Stops every timer. */
  stop(): void {
    this.running = false;
    this.periodic?.unsubscribe();
    this.periodic = undefined;
    this.soon?.unsubscribe();
    this.soon = undefined;
    this.book.stop();
  }

  // ---- frameworks ----------------------------------------------------------------------

  /** A framework (re)subscribed: its earlier offers are gone without RESCIND; allocate soon. */
  frameworkSubscribed(fw: SimFramework): void {
    for (const offer of this.book.all(fw.id)) this.book.remove(offer);
    for (const inverse of this.book.inverse({ frameworkId: fw.id }))
      this.book.removeInverse(inverse);
    this.filtersOf(fw.id).keepRoles(fw.roles);
    this.allocateSoon();
  }

  /** A framework's stream closed: its offers are rescinded (the events have nowhere to go). */
  frameworkDisconnected(fw: SimFramework): void {
    for (const offer of this.book.all(fw.id)) this.book.rescind(offer);
    for (const inverse of this.book.inverse({ frameworkId: fw.id }))
      this.book.rescindInverse(inverse);
  }

  /** A framework was removed (teardown, failover timeout): offers dropped, resources freed. */
  frameworkRemoved(fw: SimFramework): void {
    for (const offer of this.book.all(fw.id)) this.book.remove(offer);
    for (const inverse of this.book.inverse({ frameworkId: fw.id }))
      this.book.removeInverse(inverse);
    this.filters.delete(fw.id);
    for (const agent of this.agentsById.values()) agent.used.delete(fw.id);
  }

  /**
   * A master failover: the new leader's allocator knows no offer filters (they live in the
   * old leader's memory). Agents, their resources and the maintenance schedule stay.
   *
   * @example
   * ```ts
   * cluster.forgetFilters();
   * ```
   */
  forgetFilters(): void {
    this.filters.clear();
  }

  // ---- calls ----------------------------------------------------------------------------

  /** ACCEPT (spec §5). */
  accept(fw: SimFramework, accept: Call.Accept): void {
    guarded('ACCEPT', () => {
      processAccept(this.acceptEnv(), fw, accept);
    });
    if (refuseSeconds(accept.filters) === 0) this.allocateSoon();
  }

  /** DECLINE (spec §5): the framework's outstanding offers among the ids go back, filtered. */
  decline(fw: SimFramework, decline: Call.Decline): void {
    for (const { value } of decline.offer_ids ?? []) {
      const offer = this.book.offer(value);
      if (offer === undefined || offer.frameworkId !== fw.id) continue;
      this.book.remove(offer);
      this.addFilter(fw, offer.role, offer.agentId, offer.resources, decline.filters);
    }
    if (refuseSeconds(decline.filters) === 0) this.allocateSoon();
  }

  /** ACCEPT_INVERSE_OFFERS (spec §5): the answer is recorded; nothing else changes. */
  acceptInverseOffers(fw: SimFramework, call: Call.AcceptInverseOffers): void {
    this.answerInverseOffers(fw, call.inverse_offer_ids ?? [], 'ACCEPT', call.filters);
  }

  /** DECLINE_INVERSE_OFFERS (spec §5). */
  declineInverseOffers(fw: SimFramework, call: Call.DeclineInverseOffers): void {
    this.answerInverseOffers(fw, call.inverse_offer_ids ?? [], 'DECLINE', call.filters);
  }

  /** REVIVE (spec §5): unsuppresses the roles (empty: all) and clears their filters. */
  revive(fw: SimFramework, roles: readonly string[]): void {
    if (!this.rolesAcceptable(fw, roles)) return;
    const target = roles.length === 0 ? fw.roles : roles;
    const filters = this.filtersOf(fw.id);
    filters.clearRoles(target);
    filters.clearInverse();
    for (const role of target) fw.suppressedRoles.delete(role);
    this.allocateSoon();
  }

  /** SUPPRESS (spec §5): no more offers for the roles (empty: all). */
  suppress(fw: SimFramework, roles: readonly string[]): void {
    if (!this.rolesAcceptable(fw, roles)) return;
    for (const role of roles.length === 0 ? fw.roles : roles) fw.suppressedRoles.add(role);
  }

  /** UPDATE_FRAMEWORK (spec §5): 200 when applied, else the master's 400 body. */
  updateFramework(fw: SimFramework, update: Call.UpdateFramework): CallAnswer {
    const refusal = updateFrameworkRefusal(fw.info, update, this.ctx.options.roles);
    if (refusal !== undefined) return { status: 400, body: refusal };
    const oldSuppressed = fw.suppressedRoles;
    const oldRoles = fw.roles;
    fw.info = { ...update.framework_info, id: { value: fw.id } };
    const roles = fw.roles;
    fw.suppressedRoles = new Set(update.suppressed_roles ?? []);
    fw.offerConstraints = update.offer_constraints;
    const filters = this.filtersOf(fw.id);
    filters.clearRoles(oldRoles.filter((r) => !roles.includes(r)));
    const revived = [...oldSuppressed].filter(
      (r) => !fw.suppressedRoles.has(r) && roles.includes(r),
    );
    if (revived.length > 0) {
      filters.clearRoles(revived);
      filters.clearInverse();
    }
    for (const offer of this.book.all(fw.id))
      if (!roles.includes(offer.role)) this.book.rescind(offer);
    return { status: 200 };
  }

  /**
   * Gives resources back to an agent: those of a task that reached a terminal (or
   * unreachable) state, or of an executor that ended. Called by the task side. Without
   * `frameworkId`, they are taken from the first framework using them on that agent.
   */
  release(agentId: string, resources: readonly Resource[], frameworkId?: string): void {
    const agent = this.agentsById.get(agentId);
    if (agent === undefined || resources.length === 0) return;
    const users = [...agent.used];
    const owner =
      frameworkId ??
      users.find(([, used]) => containsResources(used, resources))?.[0] ??
      users.find(([, used]) => resources.some((r) => containsResources(used, [r])))?.[0];
    if (owner === undefined) return;
    const left = subtractResources(agent.used.get(owner) ?? [], resources);
    if (left.length === 0) agent.used.delete(owner);
    else agent.used.set(owner, left);
  }

  // ---- maintenance ------------------------------------------------------------------------

  /**
   * Plans maintenance of agents: their offers are rescinded and made again with
   * `unavailability`, and frameworks with offers or tasks there get inverse offers.
   *
   * @example
   * ```ts
   * cluster.scheduleMaintenance([agentId], { start: Date.now() / 1000 + 3600, duration: 600 });
   * ```
   */
  scheduleMaintenance(agentIds: readonly string[], window: MaintenanceWindow): void {
    this.setUnavailability(agentIds, unavailabilityOf(window));
  }

  /**
   * Removes agents from the maintenance schedule: RESCIND_INVERSE_OFFER for their inverse
   * offers, and their offers are made again without `unavailability`.
   *
   * @example
   * ```ts
   * cluster.cancelMaintenance([agentId]);
   * ```
   */
  cancelMaintenance(agentIds: readonly string[]): void {
    this.setUnavailability(agentIds, undefined);
  }

  /** The frameworks' answers to inverse offers, oldest first. */
  inverseOfferAnswers(): readonly InverseOfferAnswer[] {
    return [...this.answers];
  }

  // ---- fault hooks ------------------------------------------------------------------------

  /**
   * Adds an agent and offers it soon; returns its id.
   *
   * @example
   * ```ts
   * const id = cluster.addAgent({ cpus: 1, mem: 512 });
   * ```
   */
  addAgent(spec: AgentSpec): string {
    const agent = this.createAgent(spec);
    this.ctx.tasks.agentRegistered(agent.id);
    this.allocateSoon();
    return agent.id;
  }

  /**
   * Removes an agent for good: its tasks are lost (the task side sends their updates), its
   * offers and inverse offers are rescinded, and every framework gets `FAILURE {agent_id}`.
   * Returns whether the agent existed.
   *
   * @example
   * ```ts
   * cluster.removeAgent(agentId);
   * ```
   */
  removeAgent(agentId: string): boolean {
    return this.loseAgent(agentId, 'removed');
  }

  /**
   * Marks an agent gone (the operator's MARK_AGENT_GONE): like {@link removeAgent}, with the
   * task states of a gone agent; an unreachable agent gets no second FAILURE.
   *
   * @example
   * ```ts
   * cluster.markAgentGone(agentId);
   * ```
   */
  markAgentGone(agentId: string): boolean {
    return this.loseAgent(agentId, 'gone');
  }

  /**
   * Partitions an agent: it becomes unreachable, its offers and inverse offers are
   * rescinded, its tasks are lost or unreachable, every framework gets `FAILURE {agent_id}`,
   * and it is not offered until {@link healAgent}. Returns whether it was reachable.
   *
   * @example
   * ```ts
   * cluster.partitionAgent(agentId);
   * ```
   */
  partitionAgent(agentId: string): boolean {
    const agent = this.agentsById.get(agentId);
    if (agent === undefined || agent.state !== 'active') return false;
    agent.state = 'unreachable';
    this.ctx.tasks.agentLost(agentId, 'unreachable');
    this.dropAgentOffers(agent);
    this.broadcastAgentLost(agentId);
    return true;
  }

  /**
   * Heals a partitioned agent: it re-registers and is offered again soon. Returns whether it
   * was unreachable.
   *
   * @example
   * ```ts
   * cluster.healAgent(agentId);
   * ```
   */
  healAgent(agentId: string): boolean {
    const agent = this.agentsById.get(agentId);
    if (agent === undefined || agent.state !== 'unreachable') return false;
    agent.state = 'active';
    agent.reregisteredTime = this.ctx.now();
    this.ctx.tasks.agentRegistered(agentId);
    this.allocateSoon();
    return true;
  }

  /**
   * Rescinds an outstanding offer (RESCIND to its framework; the resources are free again).
   * Returns whether the offer was outstanding.
   *
   * @example
   * ```ts
   * cluster.rescindOffer(offerId);
   * ```
   */
  rescindOffer(offerId: string): boolean {
    const offer = this.book.offer(offerId);
    if (offer === undefined) return false;
    this.book.rescind(offer);
    return true;
  }

  /** Every agent, reachable or not, in the order they were added. */
  agents(): readonly AgentView[] {
    return [...this.agentsById.values()].map((agent) => ({
      id: agent.id,
      hostname: agent.hostname,
      state: agent.state,
      total: agent.total,
      used: agent.usedTotal(),
      offered: this.book.offeredOn(agent.id),
      unavailability: agent.unavailability,
    }));
  }

  /** The outstanding offers of a framework (all of them without an id), for tests. */
  outstandingOffers(frameworkId?: string): readonly SimOffer[] {
    return this.book.all(frameworkId);
  }

  /** The `slaves` array of `GET /state`: the reachable agents. */
  stateSlaves(): readonly Record<string, unknown>[] {
    return [...this.agentsById.values()]
      .filter((a) => a.state === 'active')
      .map((a) => stateSlave(a, this.book.offeredOn(a.id), '1.12.0'));
  }

  /** The agent counters of `GET /state`. */
  stateSlaveCounts(): {
    readonly activated_slaves: number;
    readonly deactivated_slaves: number;
    readonly unreachable_slaves: number;
  } {
    const all = [...this.agentsById.values()];
    return {
      activated_slaves: all.filter((a) => a.state === 'active').length,
      deactivated_slaves: 0,
      unreachable_slaves: all.filter((a) => a.state === 'unreachable').length,
    };
  }

  // ---- allocation -------------------------------------------------------------------------

  private allocateSoon(): void {
    if (!this.running || this.soon !== undefined) return;
    this.soon = this.ctx.scheduler.schedule(() => {
      this.soon = undefined;
      this.allocate();
    }, 0);
  }

  private allocate(): void {
    guarded('allocation round', () => {
      this.runRound();
    });
  }

  private eligibleFrameworks(): SimFramework[] {
    return [...this.ctx.frameworks()].filter((fw) => fw.connected && !fw.removed);
  }

  private runRound(): void {
    const now = this.ctx.scheduler.now();
    const frameworks = this.eligibleFrameworks();
    const round: RoundFramework[] = frameworks.map((fw) => ({
      id: fw.id,
      roles: fw.roles.filter((r) => !fw.suppressedRoles.has(r)),
      capabilities: new Set((fw.info.capabilities ?? []).map((c) => c.type ?? 'UNKNOWN')),
      constraints: fw.offerConstraints,
      offerFilters: fw.info.offer_filters,
      isFiltered: (role, agentId, resources) =>
        this.filtersOf(fw.id).isFiltered(role, agentId, resources, now),
    }));
    const active = [...this.agentsById.values()].filter((a) => a.state === 'active');
    const allocations = allocationRound({
      agents: active.map((a) => ({
        id: a.id,
        hostname: a.hostname,
        attributes: a.attributes,
        hasGpus: a.hasGpus(),
        free: this.free(a),
      })),
      frameworks: round,
      totals: this.totals(active),
      allocated: this.allocatedByFramework(),
    });
    this.makeOffers(frameworks, allocations);
    this.makeInverseOffers(frameworks, now);
  }

  private makeOffers(
    frameworks: readonly SimFramework[],
    allocations: readonly Allocation[],
  ): void {
    for (const fw of frameworks) {
      const mine = allocations.filter((a) => a.frameworkId === fw.id);
      if (mine.length === 0) continue;
      const messages = mine.flatMap((a) => {
        const agent = this.agentsById.get(a.agentId);
        if (agent === undefined) return [];
        const offer = this.book.add(fw.id, a.agentId, a.role, a.resources);
        return [offerMessage(fw, offer, agent, this.executorsOn(fw, agent.id))];
      });
      this.send(fw, { type: 'OFFERS', offers: { offers: messages } });
    }
  }

  private makeInverseOffers(frameworks: readonly SimFramework[], now: number): void {
    const byFramework = new Map<string, SimInverseOffer[]>();
    for (const agent of this.agentsById.values()) {
      const unavailability = agent.unavailability;
      if (agent.state !== 'active' || unavailability === undefined) continue;
      for (const fw of frameworks) {
        if (this.book.hasOutstandingInverse(agent.id, fw.id)) continue;
        if (!this.holdsSomething(fw.id, agent)) continue;
        if (this.filtersOf(fw.id).isInverseFiltered(agent.id, now)) continue;
        const inverse = this.book.addInverse(fw.id, agent.id, unavailability);
        byFramework.set(fw.id, [...(byFramework.get(fw.id) ?? []), inverse]);
      }
    }
    for (const fw of frameworks) {
      const list = byFramework.get(fw.id);
      if (list === undefined) continue;
      const messages = list.flatMap((inverse) => {
        const agent = this.agentsById.get(inverse.agentId);
        return agent === undefined ? [] : [inverseOfferMessage(inverse, agent)];
      });
      this.send(fw, { type: 'INVERSE_OFFERS', inverse_offers: { inverse_offers: messages } });
    }
  }

  private holdsSomething(frameworkId: string, agent: SimAgent): boolean {
    return (
      (agent.used.get(frameworkId) ?? []).length > 0 ||
      this.book.all(frameworkId).some((o) => o.agentId === agent.id)
    );
  }

  /** What is neither used nor offered on the agent; shared volumes are always available. */
  private free(agent: SimAgent): Resource[] {
    const taken = unallocateResources(
      addResources(agent.usedTotal(), this.book.offeredOn(agent.id)),
    );
    const plain = subtractResources(
      agent.total.filter((r) => !isShared(r)),
      taken.filter((r) => !isShared(r)),
    );
    return addResources(plain, agent.total.filter(isShared));
  }

  private totals(agents: readonly SimAgent[]): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const agent of agents) {
      for (const r of agent.total) {
        if (r.type === 'SCALAR') totals[r.name] = (totals[r.name] ?? 0) + (r.scalar?.value ?? 0);
      }
    }
    return totals;
  }

  private allocatedByFramework(): Map<string, Map<string, Record<string, number>>> {
    const out = new Map<string, Map<string, Record<string, number>>>();
    const add = (fw: string, resources: readonly Resource[]): void => {
      const roles = out.get(fw) ?? new Map<string, Record<string, number>>();
      out.set(fw, roles);
      for (const r of resources) {
        if (r.type !== 'SCALAR') continue;
        const role = r.allocation_info?.role ?? '*';
        const q = roles.get(role) ?? {};
        q[r.name] = (q[r.name] ?? 0) + (r.scalar?.value ?? 0);
        roles.set(role, q);
      }
    };
    for (const offer of this.book.all()) add(offer.frameworkId, offer.resources);
    for (const agent of this.agentsById.values()) {
      for (const [fw, used] of agent.used) add(fw, used);
    }
    return out;
  }

  // ---- inverse offers, maintenance, filters ---------------------------------------------

  private answerInverseOffers(
    fw: SimFramework,
    ids: readonly { readonly value: string }[],
    status: 'ACCEPT' | 'DECLINE',
    filters: Filters | undefined,
  ): void {
    // the master only logs an invalid answer, and still records the valid inverse offers
    void inverseOffersProblem(ids, fw.id, {
      offer: (id) => this.book.offer(id),
      inverseOffer: (id) => this.book.inverseOffer(id),
    });
    const now = this.ctx.scheduler.now();
    for (const { value } of ids) {
      const inverse = this.book.inverseOffer(value);
      if (inverse === undefined || inverse.frameworkId !== fw.id) continue;
      this.answers.push({
        frameworkId: fw.id,
        agentId: inverse.agentId,
        status,
        timestamp: this.ctx.now(),
      });
      this.book.removeInverse(inverse);
      const seconds = refuseSeconds(filters);
      if (seconds > 0) this.filtersOf(fw.id).addInverse(inverse.agentId, now + seconds * 1000);
    }
  }

  private setUnavailability(
    agentIds: readonly string[],
    unavailability: SimAgent['unavailability'],
  ): void {
    for (const id of agentIds) {
      const agent = this.agentsById.get(id);
      if (agent === undefined) continue;
      for (const offer of this.book.onAgent(id)) this.book.rescind(offer);
      for (const inverse of this.book.inverse({ agentId: id })) this.book.rescindInverse(inverse);
      agent.unavailability = unavailability;
      this.book.forgetOutstanding(id);
      for (const filters of this.filters.values()) filters.clearInverse(id);
    }
    this.allocateSoon();
  }

  private filtersOf(frameworkId: string): OfferFilters {
    let filters = this.filters.get(frameworkId);
    if (filters === undefined) {
      filters = new OfferFilters();
      this.filters.set(frameworkId, filters);
    }
    return filters;
  }

  private addFilter(
    fw: SimFramework,
    role: string,
    agentId: string,
    resources: readonly Resource[],
    filters: Filters | undefined,
  ): void {
    const ms = offerFilterMs(filters, this.ctx.options.allocationIntervalMs);
    if (ms === 0 || resources.length === 0) return;
    this.filtersOf(fw.id).add(role, agentId, resources, this.ctx.scheduler.now() + ms);
  }

  /** REVIVE/SUPPRESS roles: all valid and the framework's, or the call is dropped. */
  private rolesAcceptable(fw: SimFramework, roles: readonly string[]): boolean {
    return roles.every((r) => validateRole(r) === undefined && fw.roles.includes(r));
  }

  // ---- agents -----------------------------------------------------------------------------

  private createAgent(spec: AgentSpec): SimAgent {
    const n = this.agentCount++;
    const agent = new SimAgent({
      id: this.ctx.ids.agent(),
      hostname: spec.hostname ?? `agent-${n}.sim.local`,
      ip: '127.0.0.1',
      port: AGENT_BASE_PORT + n,
      attributes: spec.attributes ?? [],
      resources: agentResources(spec),
      registeredTime: this.ctx.now(),
    });
    this.agentsById.set(agent.id, agent);
    return agent;
  }

  private loseAgent(agentId: string, kind: 'removed' | 'gone'): boolean {
    const agent = this.agentsById.get(agentId);
    if (agent === undefined) return false;
    const wasReachable = agent.state === 'active';
    this.ctx.tasks.agentLost(agentId, kind);
    this.dropAgentOffers(agent);
    if (wasReachable) this.broadcastAgentLost(agentId);
    this.agentsById.delete(agentId);
    this.book.forgetOutstanding(agentId);
    for (const filters of this.filters.values()) filters.clearAgent(agentId);
    return true;
  }

  private dropAgentOffers(agent: SimAgent): void {
    for (const offer of this.book.onAgent(agent.id)) this.book.rescind(offer);
    for (const inverse of this.book.inverse({ agentId: agent.id }))
      this.book.rescindInverse(inverse);
  }

  private broadcastAgentLost(agentId: string): void {
    for (const fw of this.ctx.frameworks()) {
      this.send(fw, { type: 'FAILURE', failure: { agent_id: { value: agentId } } });
    }
  }

  private executorsOn(fw: SimFramework, agentId: string): readonly ExecutorID[] {
    let ids: readonly ExecutorID[] = [];
    guarded('listing executors', () => {
      ids = this.ctx.tasks.executorsOn(fw, agentId);
    });
    return ids;
  }

  private send(fw: SimFramework, event: Event): void {
    guarded(`sending ${event.type}`, () => {
      this.ctx.send(fw, event);
    });
  }

  private acceptEnv(): AcceptEnv {
    return {
      now: () => this.ctx.now(),
      offer: (id) => this.book.offer(id),
      inverseOffer: (id) => this.book.inverseOffer(id),
      agent: (id) => this.agentsById.get(id),
      removeOffer: (offer) => {
        this.book.remove(offer);
      },
      rescindOffer: (offer) => {
        this.book.rescind(offer);
      },
      offersOn: (agentId) => this.book.onAgent(agentId),
      sendUpdate: (fw: SimFramework, status: TaskStatus) => {
        this.send(fw, { type: 'UPDATE', update: { status } });
      },
      sendOperationStatus: (fw: SimFramework, status: OperationStatus) => {
        this.send(fw, { type: 'UPDATE_OPERATION_STATUS', update_operation_status: { status } });
      },
      hasTask: (fw, taskId) => this.ctx.tasks.hasTask(fw, taskId),
      executorsOn: (fw, agentId) => this.executorsOn(fw, agentId),
      nextGroupId: () => `group-${this.groupCount++}`,
      applyToAgent: (agent: SimAgent, conversions: readonly Conversion[]) => {
        const plain = conversions.map((c) => ({
          consumed: unallocateResources(c.consumed),
          converted: unallocateResources(c.converted),
        }));
        const result = applyConversions(agent.total, plain);
        if (typeof result !== 'string') agent.total = result;
      },
      use: (fw, agent, resources) => {
        agent.used.set(fw.id, addResources(agent.used.get(fw.id) ?? [], resources));
      },
      launch: (fw, agent, launches) => {
        guarded('launching tasks', () => {
          this.ctx.tasks.launch(fw, { agentId: agent.id, hostname: agent.hostname }, launches);
        });
      },
      addFilter: (fw, role, agentId, resources, filters) => {
        this.addFilter(fw, role, agentId, resources, filters);
      },
    };
  }
}
