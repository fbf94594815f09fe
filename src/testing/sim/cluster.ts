/**
 * The simulated cluster: agents and their resources, the allocator that turns free
 * resources into offers, and the offer operations of ACCEPT.
 *
 * @module
 */
import type { Call } from '../../wire';
import type { MasterContext } from './master-context';
import type { SimFramework } from './sim-framework';

/** A call's HTTP answer when it is not a plain 202. */
export interface CallAnswer {
  readonly status: number;
  readonly body?: string;
}

/**
 * Agents, offers and the allocator of one simulated master.
 *
 * @example
 * ```ts
 * const cluster = new Cluster(ctx);
 * cluster.start();
 * ```
 */
export class Cluster {
  constructor(private readonly ctx: MasterContext) {}

  /** Starts the allocation rounds. */
  start(): void {
    void this.ctx;
  }

  /** Stops every timer. */
  stop(): void {}

  /** A framework (re)subscribed: its earlier offers are gone without RESCIND; allocate soon. */
  frameworkSubscribed(_fw: SimFramework): void {}

  /** A framework's stream closed: its offers are rescinded (the events have nowhere to go). */
  frameworkDisconnected(_fw: SimFramework): void {}

  /** A framework was removed (teardown, failover timeout). */
  frameworkRemoved(_fw: SimFramework): void {}

  accept(_fw: SimFramework, _accept: Call.Accept): void {}
  decline(_fw: SimFramework, _decline: Call.Decline): void {}
  acceptInverseOffers(_fw: SimFramework, _call: Call.AcceptInverseOffers): void {}
  declineInverseOffers(_fw: SimFramework, _call: Call.DeclineInverseOffers): void {}
  revive(_fw: SimFramework, _roles: readonly string[]): void {}
  suppress(_fw: SimFramework, _roles: readonly string[]): void {}

  /** UPDATE_FRAMEWORK: 200 when applied, else the master's 400 body. */
  updateFramework(_fw: SimFramework, _update: Call.UpdateFramework): CallAnswer {
    return { status: 200 };
  }
}
