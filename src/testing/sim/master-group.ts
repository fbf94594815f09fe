/**
 * Several simulated masters with one leader that can move: the high-availability setup a
 * scheduler's leader detection and failover handling must survive.
 *
 * Design: the masters share one {@link MasterCore} (one cluster: agents, offers, tasks,
 * processes), each on its own HTTP server. Only the leader serves the scheduler API; the
 * standbys answer `307` to it (and `GET /redirect` names it). Moving the leader is a master
 * failover of that shared core: a new `MasterInfo.id`, the frameworks forgotten (their streams
 * break), the tasks kept, because in a real cluster the agents re-register with the new
 * leader and report them. A framework that re-subscribes at the new leader with its old id
 * is accepted as recovered and finds its tasks, and its unacknowledged updates come again.
 *
 * @module
 */
import { ClusterFaults } from './cluster-faults';
import type { FaultTarget, RestartOptions, StreamCutOptions } from './fault-target';
import type { Leadership } from './http-endpoint';
import { MasterCore } from './master-core';
import type { SimOptions } from './sim-options';
import { SimulatedMaster } from './simulated-master';

/**
 * Options of {@link SimulatedMasterGroup.start}: those of a single master, and the group's.
 *
 * @example
 * ```ts
 * const options: SimGroupOptions = { masters: 3, port: 5050, agents: [{ cpus: 4, mem: 8192 }] };
 * ```
 */
export interface SimGroupOptions extends SimOptions {
  /** How many masters. Default 3. */
  readonly masters?: number;
  /**
   * Their ports, in order. Default: `port`, `port + 1` … when `port` is set (not 0), else a
   * free port each.
   */
  readonly ports?: readonly number[];
  /** Index of the first leader. Default 0. */
  readonly initialLeader?: number;
}

/**
 * A group of simulated masters sharing one cluster, with one leader.
 *
 * @example
 * ```ts
 * const group = await SimulatedMasterGroup.start({ masters: 3 });
 * // a scheduler configured with every URL (group.urls) finds the leader by 307 or /redirect
 * group.moveLeader(1); // master 0 stands down, its streams break; master 1 leads
 * group.leader.url; // where the frameworks re-subscribe (with their old ids)
 * await group.stop();
 * ```
 */
export class SimulatedMasterGroup extends ClusterFaults implements FaultTarget {
  private leading: number;
  private members: readonly SimulatedMaster[] = [];

  private constructor(
    readonly core: MasterCore,
    initialLeader: number,
  ) {
    super();
    this.leading = initialLeader;
  }

  /**
   * Starts the masters and resolves once they all listen.
   *
   * @example
   * ```ts
   * const group = await SimulatedMasterGroup.start({ masters: 2, heartbeatIntervalSeconds: 1 });
   * ```
   */
  static async start(options: SimGroupOptions = {}): Promise<SimulatedMasterGroup> {
    const count = options.masters ?? 3;
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`masters must be a whole number >= 1, got ${count}`);
    }
    const first = options.initialLeader ?? 0;
    if (!Number.isInteger(first) || first < 0 || first >= count) {
      throw new RangeError(`initialLeader must be an index below ${count}, got ${first}`);
    }
    const base = options.port ?? 0;
    const ports =
      options.ports ?? Array.from({ length: count }, (_, i) => (base === 0 ? 0 : base + i));
    if (ports.length !== count) {
      throw new RangeError(`ports must list ${count} ports, got ${ports.length}`);
    }
    const core = new MasterCore(options);
    const group = new SimulatedMasterGroup(core, first);
    const started: SimulatedMaster[] = [];
    try {
      for (const [index, port] of ports.entries()) {
        started.push(
          await SimulatedMaster.startMember(core, {
            host: core.options.host,
            port,
            leadership: () => group.leadershipOf(index),
            faults: group,
          }),
        );
      }
    } catch (e) {
      for (const m of started) await m.stop();
      await core.stop();
      throw e;
    }
    group.members = started;
    const leader = group.leader;
    core.setAddress(leader.host, leader.port);
    core.cluster.start();
    return group;
  }

  /** Every master, in order. */
  get masters(): readonly SimulatedMaster[] {
    return this.members;
  }

  /** The `http://host:port` of every master, in order. */
  get urls(): readonly string[] {
    return this.members.map((m) => m.url);
  }

  /** The index of the leading master. */
  get leaderIndex(): number {
    return this.leading;
  }

  /** The leading master. */
  get leader(): SimulatedMaster {
    const leader = this.members[this.leading];
    if (leader === undefined) throw new Error('the group has not started');
    return leader;
  }

  /** The leader's `MasterInfo.id`; each move changes it. */
  get masterId(): string {
    return this.core.masterInfo.id;
  }

  private leadershipOf(index: number): Leadership {
    if (index === this.leading) return { kind: 'leader' };
    const leader = this.members[this.leading];
    return {
      kind: 'standby',
      leader: leader === undefined ? undefined : { host: leader.host, port: leader.port },
    };
  }

  /**
   * Moves the leadership to the master at `toIndex`, as a master failover does: the old
   * leader becomes a standby redirecting there, every framework's stream breaks and the
   * frameworks are forgotten, the new leader has a new `MasterInfo.id`, accepts their
   * re-subscription with their old ids and knows their tasks (which keep running). Moving to
   * the current leader is a restart of it. Throws a RangeError for a bad index.
   *
   * A newly elected master answering 503 for a while: `group.moveLeader(1)` then
   * `group.failNextCalls(3, 503)`.
   *
   * @example
   * ```ts
   * group.moveLeader((group.leaderIndex + 1) % group.masters.length);
   * ```
   */
  moveLeader(toIndex: number): void {
    if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= this.members.length) {
      throw new RangeError(
        `no master at index ${toIndex}: the group has ${this.members.length} (0-based)`,
      );
    }
    this.core.failover();
    this.leading = toIndex;
    const leader = this.leader;
    this.core.setAddress(leader.host, leader.port);
  }

  /** Fails the leader over in place (see {@link SimulatedMaster.restart}); returns the new id. */
  restart(options: RestartOptions = {}): string {
    return this.leader.restart(options);
  }

  /** Answers the leader's next `count` scheduler calls with `status`. */
  failNextCalls(count: number, status: 503 | 429 = 503): void {
    this.leader.failNextCalls(count, status);
  }

  /** See {@link SimulatedMaster.cutStream}. */
  cutStream(frameworkId: string, options: StreamCutOptions = {}): boolean {
    return this.leader.cutStream(frameworkId, options);
  }

  /** See {@link SimulatedMaster.stopHeartbeats}. */
  stopHeartbeats(frameworkId: string): boolean {
    return this.leader.stopHeartbeats(frameworkId);
  }

  /** See {@link SimulatedMaster.startHeartbeats}. */
  startHeartbeats(frameworkId: string): boolean {
    return this.leader.startHeartbeats(frameworkId);
  }

  /** See {@link SimulatedMaster.holdEvents}. */
  holdEvents(frameworkId: string): boolean {
    return this.leader.holdEvents(frameworkId);
  }

  /** See {@link SimulatedMaster.releaseEvents}. */
  releaseEvents(frameworkId: string): boolean {
    return this.leader.releaseEvents(frameworkId);
  }

  /** See {@link SimulatedMaster.delayEvents}. */
  delayEvents(frameworkId: string, ms: number): boolean {
    return this.leader.delayEvents(frameworkId, ms);
  }

  /** Stops every master: closes every stream, ends every task process, stops listening. */
  async stop(): Promise<void> {
    await this.core.stop();
    await Promise.all(this.members.map((m) => m.stop()));
  }
}
