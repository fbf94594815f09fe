/**
 * The fault hooks on agents, offers and tasks that every simulated master face offers
 * (`SimulatedMaster`, `SimulatedMasterGroup`): thin delegations to the shared cluster and
 * task state.
 *
 * @module
 */
import type { MaintenanceWindow } from './cluster';
import type { MasterCore } from './master-core';
import type { AgentSpec } from './sim-options';

/**
 * Agent, offer and task faults over a master's protocol state.
 *
 * @example
 * ```ts
 * const agentId = master.addAgent({ cpus: 2, mem: 1024 });
 * master.partitionAgent(agentId); // FAILURE, TASK_UNREACHABLE / TASK_LOST
 * master.healAgent(agentId);
 * ```
 */
export abstract class ClusterFaults {
  abstract readonly core: MasterCore;

  /** Adds an agent, offered soon; returns its id. */
  addAgent(spec: AgentSpec): string {
    return this.core.cluster.addAgent(spec);
  }

  /** Removes an agent: its tasks are lost, its offers rescinded, FAILURE to every framework. */
  removeAgent(agentId: string): boolean {
    return this.core.cluster.removeAgent(agentId);
  }

  /** Marks an agent gone (the operator's MARK_AGENT_GONE). */
  markAgentGone(agentId: string): boolean {
    return this.core.cluster.markAgentGone(agentId);
  }

  /** Partitions an agent until {@link healAgent}: unreachable, tasks lost or unreachable, FAILURE. */
  partitionAgent(agentId: string): boolean {
    return this.core.cluster.partitionAgent(agentId);
  }

  /** Heals a partitioned agent: it re-registers and is offered again. */
  healAgent(agentId: string): boolean {
    return this.core.cluster.healAgent(agentId);
  }

  /** Rescinds an outstanding offer (RESCIND to its framework). */
  rescindOffer(offerId: string): boolean {
    return this.core.cluster.rescindOffer(offerId);
  }

  /** Sends a task's last status update to its framework again, same uuid. */
  duplicateLastUpdate(taskId: string, frameworkId?: string): boolean {
    return this.core.tasks.duplicateLastUpdate(taskId, frameworkId);
  }

  /** Schedules maintenance of agents (inverse offers, offers with `unavailability`). */
  scheduleMaintenance(agentIds: readonly string[], window: MaintenanceWindow): void {
    this.core.cluster.scheduleMaintenance(agentIds, window);
  }

  /** Takes agents out of the maintenance schedule. */
  cancelMaintenance(agentIds: readonly string[]): void {
    this.core.cluster.cancelMaintenance(agentIds);
  }
}
