/**
 * What the parts of the simulated master (cluster, tasks) see of the master.
 *
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import type { Event } from '../../wire';
import type { Cluster } from './cluster';
import type { MasterIds } from './ids';
import type { ResolvedSimOptions } from './resolve-options';
import type { SimFramework } from './sim-framework';
import type { TaskTracker } from './task-tracker';

/**
 * The master's shared state and services, handed to its parts.
 *
 * @example
 * ```ts
 * ctx.send(fw, { type: 'RESCIND', rescind: { offer_id: { value: id } } });
 * ```
 */
export interface MasterContext {
  readonly options: ResolvedSimOptions;
  readonly scheduler: SchedulerLike;
  readonly ids: MasterIds;
  /** Seconds since the epoch, from the scheduler's clock (for timestamps). */
  now(): number;
  framework(id: string): SimFramework | undefined;
  frameworks(): Iterable<SimFramework>;
  /** Writes an event to the framework's stream; dropped while it is disconnected. */
  send(fw: SimFramework, event: Event): void;
  /** Agents, offers, allocation. */
  readonly cluster: Cluster;
  /** Tasks, status updates, executors. */
  readonly tasks: TaskTracker;
}
