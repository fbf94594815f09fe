/**
 * A task as the simulated master knows it, together with its agent-side life: the
 * executor's run, kill escalation, and the agent's reliable status update stream.
 *
 * @module
 */
import type {
  ContainerID,
  ContainerStatus,
  Resource,
  TaskInfo,
  TaskState,
  TaskStatus,
} from '../../../wire';
import type { SimExecutor } from './sim-executor';
import { StatusUpdateStream } from './status-update-stream';
import type { TaskRun } from './task-run';
import type { SimTimer, TimerSet } from './timer-set';

/**
 * Where the master keeps a task.
 *
 * @example
 * ```ts
 * if (task.place === 'active') reconcileAnswer(task);
 * ```
 */
export type TaskPlace = 'active' | 'unreachable' | 'completed';

/**
 * How a task's status update stream reaches the master.
 *
 * @example
 * ```ts
 * const options: TaskStreamOptions = { timers, firstRetryMs: 10_000, forward: (task, status) => master.receive(task, status) };
 * ```
 */
export interface TaskStreamOptions {
  readonly timers: TimerSet;
  readonly firstRetryMs: number;
  readonly forward: (task: SimTask, status: TaskStatus) => void;
}

/**
 * One launched task.
 *
 * Master side: `state` (latest state the master learned), `updateState`/`updateUuid` (the
 * last update forwarded to the framework: what reconciliation answers and what an
 * acknowledgement must match), `statuses` (as `/state` shows them), `released`.
 * Agent side: `agentState`, the run and kill bookkeeping, and `stream`.
 *
 * @example
 * ```ts
 * const task = new SimTask(fwId, info, 'S0', 'host', executor, '*', undefined, { value: cid }, streamOptions);
 * task.stream.push(startingStatus);
 * ```
 */
export class SimTask {
  state: TaskState = 'TASK_STAGING';
  updateState: TaskState | undefined;
  updateUuid: string | undefined;
  readonly statuses: TaskStatus[] = [];
  /** Resources given back to the cluster (the task reached a terminal or unreachable state). */
  released = false;
  /** The last update forwarded to the framework (for fault injection: duplicates). */
  lastForwarded: TaskStatus | undefined;
  place: TaskPlace = 'active';

  agentState: TaskState = 'TASK_STAGING';
  /** The executor received the task (TASK_STARTING was or is about to be sent). */
  delivered = false;
  startingSent = false;
  /** The task's run ended (or the task was dropped before it ran). */
  exited = false;
  killing = false;
  killStartedAt = 0;
  killDeadline = 0;
  escalation: SimTimer | undefined;
  byMaxCompletionTime = false;
  run: TaskRun | undefined;
  /** Timers of this task (delivery, max completion time). */
  readonly timers: SimTimer[] = [];
  readonly stream: StatusUpdateStream;

  constructor(
    readonly frameworkId: string,
    readonly info: TaskInfo,
    readonly agentId: string,
    readonly hostname: string,
    readonly executor: SimExecutor,
    /** The role the task's resources are allocated to. */
    readonly role: string,
    /** The task group this task was launched in (`LAUNCH_GROUP`). */
    readonly group: string | undefined,
    readonly containerId: ContainerID,
    streamOptions: TaskStreamOptions,
  ) {
    this.stream = new StatusUpdateStream({
      timers: streamOptions.timers,
      firstRetryMs: streamOptions.firstRetryMs,
      forward: (status) => {
        streamOptions.forward(this, status);
      },
    });
  }

  get id(): string {
    return this.info.task_id.value;
  }

  get resources(): readonly Resource[] {
    return this.info.resources ?? [];
  }

  /** The container status of the latest status that has one (`getTaskContainerStatus`). */
  latestContainerStatus(): ContainerStatus | undefined {
    for (let i = this.statuses.length - 1; i >= 0; i--) {
      const cs = this.statuses[i]?.container_status;
      if (cs !== undefined) return cs;
    }
    return undefined;
  }

  /** `healthy` of the latest status that has it (`getTaskHealth`). */
  latestHealth(): boolean | undefined {
    for (let i = this.statuses.length - 1; i >= 0; i--) {
      const h = this.statuses[i]?.healthy;
      if (h !== undefined) return h;
    }
    return undefined;
  }

  /** Cancels the task's own timers (delivery, max completion, kill escalation). */
  cancelTimers(): void {
    for (const t of this.timers) t.unsubscribe();
    this.timers.length = 0;
    this.escalation?.unsubscribe();
    this.escalation = undefined;
  }
}
