/**
 * Options of the simulated master.
 *
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import type { Attribute, Resource } from '../../wire';

/**
 * One simulated agent. Resources are given in the offer's own shape; the convenience fields
 * (`cpus`, `mem` …) add unreserved scalar resources.
 *
 * @example
 * ```ts
 * const agent: AgentSpec = { cpus: 4, mem: 8192, ports: [[31000, 32000]], attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }] };
 * ```
 */
export interface AgentSpec {
  readonly hostname?: string;
  readonly cpus?: number;
  readonly mem?: number;
  readonly disk?: number;
  readonly gpus?: number;
  /** Inclusive port ranges. */
  readonly ports?: readonly (readonly [number, number])[];
  /** Further resources, e.g. static reservations for a role. */
  readonly resources?: readonly Resource[];
  readonly attributes?: readonly Attribute[];
}

/**
 * How a task ends in simulated mode (without `exec`): after `runSeconds` in TASK_RUNNING it
 * reaches `state`. One for every task, or chosen per task from its `TaskInfo`.
 *
 * @example
 * ```ts
 * await SimulatedMaster.start({ taskScript: { runSeconds: 0, state: 'TASK_FINISHED' } });
 * const master = await SimulatedMaster.start({
 *   taskScript: (task): TaskScript =>
 *     task.name.startsWith('flaky')
 *       ? { runSeconds: 0.5, state: 'TASK_FAILED', message: 'simulated failure' }
 *       : { runSeconds: 0.1, state: 'TASK_FINISHED' },
 * });
 * ```
 */
export interface TaskScript {
  readonly runSeconds: number;
  readonly state: 'TASK_FINISHED' | 'TASK_FAILED' | 'TASK_KILLED' | 'TASK_ERROR' | 'TASK_LOST';
  readonly message?: string;
}

/**
 * Options of {@link SimulatedMaster}; every field has a default (docs/testing.md lists them).
 *
 * @example
 * ```ts
 * const options: SimOptions = {
 *   agents: [{ cpus: 2, mem: 1024 }, { cpus: 2, mem: 1024 }],
 *   heartbeatIntervalSeconds: 1,
 *   offerTimeoutMs: 30_000,
 *   credentials: { principal: 'svc', secret: 'secret' },
 * };
 * const master = await SimulatedMaster.start(options);
 * ```
 */
export interface SimOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Agents of the cluster. Default: three agents with 4 cpus, 8192 mem, 65536 disk, ports 31000-32000. */
  readonly agents?: readonly AgentSpec[];
  /** Seconds between heartbeats, as SUBSCRIBED announces it. Default 15. */
  readonly heartbeatIntervalSeconds?: number;
  /** Milliseconds between allocation rounds. Default 1000. */
  readonly allocationIntervalMs?: number;
  /** Offers are rescinded after this many milliseconds unless used; unset: never. */
  readonly offerTimeoutMs?: number;
  /** Run task commands as real child processes. Default false (simulated tasks). */
  readonly exec?: boolean;
  /** Where real tasks get their sandboxes. Default: a new folder under the OS temp dir. */
  readonly workDir?: string;
  /**
   * Simulated mode: how each task ends, the same for every task or chosen per task from its
   * `TaskInfo`. Default: FINISHED after 0.1 s.
   */
  readonly taskScript?:
    | TaskScript
    | ((task: {
        readonly name: string;
        readonly task_id: { readonly value: string };
      }) => TaskScript);
  /** First retry delay of an unacknowledged status update, in ms (doubles up to 10 min). Default 10 000. */
  readonly statusUpdateRetryMs?: number;
  /** Timers run on this scheduler. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** HTTP Basic credentials the scheduler endpoint requires; unset: no authentication. */
  readonly credentials?: { readonly principal: string; readonly secret: string };
  /** Roles a framework may use; unset: any valid role. */
  readonly roles?: readonly string[];
  /** The master's id (a UUID); default: a random one. */
  readonly masterId?: string;
}
