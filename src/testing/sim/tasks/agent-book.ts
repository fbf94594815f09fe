/**
 * What the master's task side knows of agents: registered, unreachable (since when), marked
 * gone, or removed. Reconciliation answers for unknown tasks depend on it (spec §9).
 *
 * @module
 */
import type { TimeInfo } from '../../../wire';

/**
 * One agent's standing with the master.
 *
 * @example
 * ```ts
 * const s: AgentStanding = { kind: 'unreachable', since: { nanoseconds: '1700000000000000000' } };
 * ```
 */
export type AgentStanding =
  | { readonly kind: 'registered' }
  | { readonly kind: 'unreachable'; readonly since: TimeInfo }
  | { readonly kind: 'gone' }
  | { readonly kind: 'removed' };

/**
 * Agents by id. An agent becomes registered when the cluster says so or when a task is
 * launched on it; `lost` records how it left.
 *
 * @example
 * ```ts
 * const agents = new AgentBook();
 * agents.register('S0');
 * agents.lose('S0', { kind: 'unreachable', since: { nanoseconds: '1' } });
 * agents.standing('S0')?.kind; // 'unreachable'
 * ```
 */
export class AgentBook {
  private readonly agents = new Map<string, AgentStanding>();

  /** The agent registered (or re-registered). */
  register(agentId: string): void {
    this.agents.set(agentId, { kind: 'registered' });
  }

  /** A task was launched on the agent: it is registered unless the master already lost it. */
  seen(agentId: string): void {
    if (!this.agents.has(agentId)) this.register(agentId);
  }

  /** The agent left the cluster. */
  lose(agentId: string, standing: Exclude<AgentStanding, { kind: 'registered' }>): void {
    this.agents.set(agentId, standing);
  }

  standing(agentId: string): AgentStanding | undefined {
    return this.agents.get(agentId);
  }

  isRegistered(agentId: string): boolean {
    return this.agents.get(agentId)?.kind === 'registered';
  }
}
