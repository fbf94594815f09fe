/**
 * A simulated Mesos master on loopback HTTP: the scheduler API as a real master serves it,
 * a cluster of simulated agents, and fault injection (from code and over HTTP).
 *
 * @module
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Subscription } from 'rxjs';
import { createAdminRoute } from './admin-endpoint';
import { batchWrites } from './batched-writes';
import { ClusterFaults } from './cluster-faults';
import type { EventStream } from './event-stream';
import type { FaultTarget, RestartOptions, StreamCutOptions } from './fault-target';
import { createRequestHandler, type LeaderAddress, type Leadership } from './http-endpoint';
import { MasterCore } from './master-core';
import type { SimOptions } from './sim-options';
import { masterState } from './state-json';

/**
 * How a master of a {@link SimulatedMasterGroup} is wired: the group's core, where it listens,
 * and the group's leadership and faults.
 *
 * @example
 * ```ts
 * const member: GroupMember = { host: '127.0.0.1', port: 0, leadership: () => ({ kind: 'leader' }), faults: group };
 * ```
 */
export interface GroupMember {
  readonly host: string;
  readonly port: number;
  /** This master's view of the leadership, decided by the group. */
  readonly leadership: () => Leadership;
  /** What the admin endpoint drives: the group. */
  readonly faults: FaultTarget;
}

/** `http://host:port`, with brackets around an IPv6 host. */
function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * A simulated Mesos master listening on loopback (port 0 by default).
 *
 * Besides the scheduler API (`/api/v1/scheduler`, `/redirect`, `/health`, `/state`) it serves
 * the admin endpoint `/__rxmesos/faults` (see docs/testing.md), and every fault is a method
 * here (see {@link FaultTarget}).
 *
 * @example
 * ```ts
 * const master = await SimulatedMaster.start({ agents: [{ cpus: 2, mem: 1024 }] });
 * console.log(master.url); // http://127.0.0.1:40123
 * // … point a scheduler at `${master.url}/api/v1/scheduler` …
 * master.cutStream(frameworkId, { midRecord: true }); // the scheduler must re-subscribe
 * master.restart(); // a master failover: it must re-subscribe with its id, its tasks still run
 * await master.stop();
 * ```
 */
export class SimulatedMaster extends ClusterFaults implements FaultTarget {
  readonly core: MasterCore;
  private leadership: Leadership = { kind: 'leader' };
  private injected: number[] = [];
  private readonly timers = new Set<Subscription>();
  private readonly server: http.Server;
  private listening = { host: '127.0.0.1', port: 0 };

  private constructor(
    core: MasterCore,
    private readonly member: GroupMember | undefined,
  ) {
    super();
    this.core = core;
    const handler = createRequestHandler(core, {
      leadership: () => this.member?.leadership() ?? this.leadership,
      takeInjectedStatus: () => this.injected.shift(),
      state: () => masterState(core),
      route: createAdminRoute(member?.faults ?? this),
    });
    this.server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
    // pipelined calls are answered in one write per turn, not one each
    this.server.on('connection', batchWrites);
  }

  /**
   * Starts a simulated master and resolves once it listens.
   *
   * @example
   * ```ts
   * const master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 1, exec: true });
   * ```
   */
  static async start(options: SimOptions = {}): Promise<SimulatedMaster> {
    const core = new MasterCore(options);
    const master = new SimulatedMaster(core, undefined);
    await master.listen(core.options.host, core.options.port);
    core.setAddress(master.listening.host, master.listening.port);
    core.cluster.start();
    return master;
  }

  /**
   * Starts one master of a group on the group's core (which the group starts and stops).
   * Used by {@link SimulatedMasterGroup}; not needed otherwise.
   *
   * @example
   * ```ts
   * const m = await SimulatedMaster.startMember(core, { host: '127.0.0.1', port: 0, leadership, faults: group });
   * ```
   */
  static async startMember(core: MasterCore, member: GroupMember): Promise<SimulatedMaster> {
    const master = new SimulatedMaster(core, member);
    await master.listen(member.host, member.port);
    return master;
  }

  private async listen(host: string, port: number): Promise<void> {
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    this.listening = { host: address.address, port: address.port };
  }

  /** `http://host:port` of this master. */
  get url(): string {
    return httpUrl(this.listening.host, this.listening.port);
  }

  /** The port this master listens on. */
  get port(): number {
    return this.listening.port;
  }

  /** The host (address) this master listens on. */
  get host(): string {
    return this.listening.host;
  }

  /** The id of the master (`MasterInfo.id`); a restart changes it. */
  get masterId(): string {
    return this.core.masterInfo.id;
  }

  // ---- leadership -----------------------------------------------------------------------

  /**
   * Makes this master a standby that redirects to `leader` (or answers 503 without one); it
   * forgets its frameworks. Not for a master of a group: use `group.moveLeader()`.
   */
  stepDown(leader: LeaderAddress | undefined): void {
    this.notInGroup('stepDown');
    this.leadership = { kind: 'standby', leader };
    this.core.forgetFrameworks();
  }

  /** Makes this master the leader again. Not for a master of a group. */
  becomeLeader(): void {
    this.notInGroup('becomeLeader');
    this.leadership = { kind: 'leader' };
  }

  /** Whether this master leads (answers scheduler calls itself). */
  get isLeader(): boolean {
    return (this.member?.leadership() ?? this.leadership).kind === 'leader';
  }

  /**
   * A master failover in place: this master comes back as a newly elected leader with a new
   * `MasterInfo.id`. Every framework's stream breaks and the master forgets the frameworks
   * (and the removed ones, and offer filters); agents, tasks and their status updates stay, so
   * a framework re-subscribing with its old id is accepted (recovered) and finds its tasks,
   * and gets its unacknowledged updates again. Returns the new master id. In a group, only
   * the leader restarts (a standby throws). Spec: §3.
   *
   * @example
   * ```ts
   * const newId = master.restart();
   * ```
   */
  restart(options: RestartOptions = {}): string {
    if (this.member !== undefined && !this.isLeader) {
      throw new Error('restart: this master is a standby of its group; restart the leader');
    }
    this.core.failover(options.masterId);
    return this.core.masterInfo.id;
  }

  /** Answers the next `count` scheduler calls with `status` (503 or 429) instead of handling them. */
  failNextCalls(count: number, status: 503 | 429 = 503): void {
    for (let i = 0; i < count; i++) this.injected.push(status);
  }

  // ---- a framework's stream ------------------------------------------------------------------

  /**
   * Breaks a framework's subscription connection without a clean end (optionally in the middle
   * of a record); the master sees the framework disconnect (its failover timer starts).
   *
   * @example
   * ```ts
   * master.cutStream(frameworkId, { midRecord: true });
   * ```
   */
  cutStream(frameworkId: string, options: StreamCutOptions = {}): boolean {
    return this.withStream(frameworkId, (s) => {
      s.cut(options);
    });
  }

  /** Stops the heartbeats of a framework's current stream (other events still flow). */
  stopHeartbeats(frameworkId: string): boolean {
    return this.withStream(frameworkId, (s) => {
      s.heartbeatsStopped = true;
    });
  }

  /** Resumes the heartbeats of a framework's current stream, at the next interval. */
  startHeartbeats(frameworkId: string): boolean {
    return this.withStream(frameworkId, (s) => {
      s.heartbeatsStopped = false;
    });
  }

  /** Holds back every event of a framework's current stream until {@link releaseEvents}. */
  holdEvents(frameworkId: string): boolean {
    return this.withStream(frameworkId, (s) => {
      s.hold();
    });
  }

  /** Writes the held events of a framework's current stream, in order, and stops holding. */
  releaseEvents(frameworkId: string): boolean {
    return this.withStream(frameworkId, (s) => {
      s.release();
    });
  }

  /**
   * Holds a framework's events for `ms` milliseconds (on the master's scheduler), then
   * releases them.
   *
   * @example
   * ```ts
   * master.delayEvents(frameworkId, 500);
   * ```
   */
  delayEvents(frameworkId: string, ms: number): boolean {
    return this.withStream(frameworkId, (s) => {
      s.hold();
      const timer = this.core.scheduler.schedule(
        () => {
          this.timers.delete(timer);
          s.release();
        },
        Math.min(ms, 2_147_483_647), // Node's longest timer; a longer one would fire at once
      );
      this.timers.add(timer);
    });
  }

  private withStream(frameworkId: string, act: (stream: EventStream) => void): boolean {
    const stream = this.core.framework(frameworkId)?.stream;
    if (stream?.isOpen !== true) return false;
    act(stream);
    return true;
  }

  // ---- agents, offers, tasks ---------------------------------------------------------------

  // ---- lifecycle ---------------------------------------------------------------------------

  /**
   * Stops listening, closes every stream and ends every task process (a master of a group
   * only stops listening: the group stops the shared state).
   */
  async stop(): Promise<void> {
    for (const t of this.timers) t.unsubscribe();
    this.timers.clear();
    if (this.member === undefined) await this.core.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private notInGroup(what: string): void {
    if (this.member !== undefined) {
      throw new Error(`${what}: this master belongs to a SimulatedMasterGroup; use moveLeader()`);
    }
  }
}
