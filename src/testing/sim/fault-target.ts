/**
 * The faults a simulated master (or a group of them) can be made to show, as one interface:
 * what the admin endpoint drives over HTTP, and what tests call from code.
 *
 * @module
 */
import type { LeaderAddress } from './http-endpoint';
import type { MaintenanceWindow } from './cluster';
import type { AgentSpec } from './sim-options';

/**
 * How to cut a framework's subscription stream.
 *
 * @example
 * ```ts
 * master.cutStream(frameworkId, { midRecord: true } satisfies StreamCutOptions);
 * ```
 */
export interface StreamCutOptions {
  /** Send the length line and part of one more record first, so the cut lands inside a record. */
  readonly midRecord?: boolean;
}

/**
 * Options of a master restart (failover).
 *
 * @example
 * ```ts
 * master.restart({ masterId: '0d1c4a6e-5b1f-4f36-9d59-2f8a0c3e7b21' } satisfies RestartOptions);
 * ```
 */
export interface RestartOptions {
  /** The new master's id (a UUID); default: a random one. */
  readonly masterId?: string;
}

/**
 * Fault injection on a simulated master. Every method acts at once and returns whether it
 * applied (false: no such framework with an open stream, agent, offer or task), or what it
 * made. {@link SimulatedMaster} and {@link SimulatedMasterGroup} implement it; the admin
 * endpoint (`POST /__rxmesos/faults/<name>`) calls it.
 *
 * Stream faults act on the framework's current stream only: a framework that re-subscribes
 * gets a fresh stream with heartbeats running and nothing held.
 *
 * @example
 * ```ts
 * const target: FaultTarget = master;
 * target.cutStream(frameworkId, { midRecord: true });
 * target.failNextCalls(2, 429);
 * ```
 */
export interface FaultTarget {
  /** Breaks the framework's stream without a clean end (the master sees it disconnect). */
  cutStream(frameworkId: string, options?: StreamCutOptions): boolean;
  /** Stops the HEARTBEAT events of the framework's stream (other events still flow). */
  stopHeartbeats(frameworkId: string): boolean;
  /** Resumes the heartbeats of the framework's stream at the next interval. */
  startHeartbeats(frameworkId: string): boolean;
  /** Holds back every event of the framework's stream (heartbeats included) until released. */
  holdEvents(frameworkId: string): boolean;
  /** Writes the held events of the framework's stream, in order, and stops holding. */
  releaseEvents(frameworkId: string): boolean;
  /** Holds the framework's events for `ms` milliseconds (on the master's scheduler), then releases them. */
  delayEvents(frameworkId: string, ms: number): boolean;
  /** Answers the next `count` scheduler calls with `status` instead of handling them. */
  failNextCalls(count: number, status?: 503 | 429): void;
  /** Adds an agent, offered soon; returns its id. */
  addAgent(spec: AgentSpec): string;
  /** Removes an agent: its tasks are lost, its offers rescinded, every framework gets FAILURE. */
  removeAgent(agentId: string): boolean;
  /** Marks an agent gone (the operator's MARK_AGENT_GONE). */
  markAgentGone(agentId: string): boolean;
  /** Partitions an agent: unreachable, its tasks lost or unreachable, FAILURE to every framework. */
  partitionAgent(agentId: string): boolean;
  /** Heals a partitioned agent: it re-registers and is offered again. */
  healAgent(agentId: string): boolean;
  /** Rescinds an outstanding offer (RESCIND to its framework). */
  rescindOffer(offerId: string): boolean;
  /** Sends a task's last status update again, same uuid (a late agent retry). */
  duplicateLastUpdate(taskId: string, frameworkId?: string): boolean;
  /** Schedules maintenance of agents (inverse offers, offers with `unavailability`). */
  scheduleMaintenance(agentIds: readonly string[], window: MaintenanceWindow): void;
  /** Takes agents out of the maintenance schedule. */
  cancelMaintenance(agentIds: readonly string[]): void;
  /**
   * Fails the master over to a newly elected one in its place: a new `MasterInfo.id`, every
   * framework forgotten (streams broken), tasks kept; returns the new master id.
   */
  restart(options?: RestartOptions): string;
  /** A single master only: becomes a standby redirecting to `leader` (503 without one). */
  stepDown?(leader: LeaderAddress | undefined): void;
  /** A single master only: leads again. */
  becomeLeader?(): void;
  /** A group only: the leader moves to the master at `toIndex` (a master failover). */
  moveLeader?(toIndex: number): void;
}
