/**
 * A simulated Mesos master on loopback HTTP: the scheduler API as a real master serves it,
 * a cluster of simulated agents, and fault injection.
 *
 * @module
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler, type Leadership } from './http-endpoint';
import { MasterCore } from './master-core';
import type { SimOptions } from './sim-options';
import { masterState } from './state-json';

/**
 * A simulated Mesos master listening on loopback (port 0 by default).
 *
 * @example
 * ```ts
 * const master = await SimulatedMaster.start({ agents: [{ cpus: 2, mem: 1024 }] });
 * console.log(master.url); // http://127.0.0.1:40123
 * // … point a scheduler at `${master.url}/api/v1/scheduler` …
 * await master.stop();
 * ```
 */
export class SimulatedMaster {
  readonly core: MasterCore;
  private leadership: Leadership = { kind: 'leader' };
  private injected: number[] = [];

  private readonly server: http.Server;

  private constructor(core: MasterCore) {
    this.core = core;
    const handler = createRequestHandler(core, {
      leadership: () => this.leadership,
      takeInjectedStatus: () => this.injected.shift(),
      state: () => masterState(core),
    });
    this.server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
  }

  /** Starts a simulated master and resolves once it listens. */
  static async start(options: SimOptions = {}): Promise<SimulatedMaster> {
    const core = new MasterCore(options);
    const master = new SimulatedMaster(core);
    const server = master.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(core.options.port, core.options.host, () => {
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    core.setAddress(address.address, address.port);
    core.cluster.start();
    return master;
  }

  /** `http://host:port` of this master. */
  get url(): string {
    const { ip, port } = this.core.masterInfo.address ?? { ip: '127.0.0.1', port: 0 };
    return `http://${ip ?? '127.0.0.1'}:${port ?? 0}`;
  }

  /** The port this master listens on. */
  get port(): number {
    return this.core.masterInfo.port;
  }

  /** Makes this master a standby that redirects to `leader` (or answers 503 without one). */
  stepDown(leader: { readonly host: string; readonly port: number } | undefined): void {
    this.leadership = { kind: 'standby', leader };
    this.core.forgetFrameworks();
  }

  /** Makes this master the leader again. */
  becomeLeader(): void {
    this.leadership = { kind: 'leader' };
  }

  /** Answers the next `count` scheduler calls with `status` (503 or 429) instead of handling them. */
  failNextCalls(count: number, status: 503 | 429 = 503): void {
    for (let i = 0; i < count; i++) this.injected.push(status);
  }

  /** Stops listening, closes every stream and ends every task process. */
  async stop(): Promise<void> {
    await this.core.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}
