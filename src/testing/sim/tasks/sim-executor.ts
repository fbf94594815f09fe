/**
 * An executor as the simulated agent runs it and the master counts it.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { ContainerID, ExecutorInfo, Resource } from '../../../wire';
import type { SimTask } from './sim-task';

/**
 * `command`: the command executor an agent generates for a task without `executor` (its id
 * is the task id; the master does not know it; one task). `default`: the default executor of
 * task groups (`LAUNCH_GROUP`, `ExecutorInfo.type` DEFAULT). `custom`: a framework's own
 * executor, simulated here.
 *
 * @example
 * ```ts
 * const kind: ExecutorKind = task.executor === undefined ? 'command' : 'custom';
 * ```
 */
export type ExecutorKind = 'command' | 'default' | 'custom';

/**
 * One executor run (one container) on one agent.
 *
 * @example
 * ```ts
 * const ex = new SimExecutor('t1', 'command', 'F0', 'S0', undefined, containerId, sandboxDir);
 * ex.tasks.set('t1', task);
 * ```
 */
export class SimExecutor {
  /** Every task this executor run was given, in launch order. */
  readonly tasks = new Map<string, SimTask>();
  /** `terminating`: shutting down (SHUTDOWN, framework removed); `terminated`: gone. */
  state: 'running' | 'terminating' | 'terminated' = 'running';
  /** The executor has received a task (a real one registered with its agent by then). */
  registered = false;
  /** Framework or agent gone: nothing this executor does is reported any more. */
  silent = false;
  /** The master still counts this executor and its resources (default and custom only). */
  masterKnown: boolean;
  /** The sandbox folder exists (exec mode creates it on first use). */
  sandboxReady = false;

  constructor(
    readonly id: string,
    readonly kind: ExecutorKind,
    readonly frameworkId: string,
    readonly agentId: string,
    /** The framework's `ExecutorInfo` (with `framework_id`), for default and custom executors. */
    readonly info: ExecutorInfo | undefined,
    readonly containerId: string,
    readonly sandbox: string,
  ) {
    this.masterKnown = kind !== 'command';
  }

  /** The executor's own resources, which the master gives back when it ends. */
  get resources(): readonly Resource[] {
    return this.info?.resources ?? [];
  }

  /**
   * The container of a new task of this executor: the executor's own for a command task, a
   * nested container (with the executor's as parent) for default and custom executors.
   */
  taskContainerId(): ContainerID {
    return this.kind === 'command'
      ? { value: this.containerId }
      : { value: randomUUID(), parent: { value: this.containerId } };
  }

  /** Whether a task of the executor has not exited yet. */
  hasLiveTasks(): boolean {
    for (const t of this.tasks.values()) if (!t.exited) return true;
    return false;
  }
}
