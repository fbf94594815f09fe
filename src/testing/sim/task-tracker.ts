/**
 * Tasks and executors of the simulated cluster, master side: launches, reliable status
 * updates (uuid, acknowledgement, retries held per task), kills, executor shutdown,
 * messages, reconciliation, framework and agent removal, and the task part of `/state`.
 * The agents and executors live in `tasks/agent-runtime.ts`.
 *
 * Spec: docs/protocol.md §5, §8, §9.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type {
  Call,
  Event,
  ExecutorID,
  ExecutorInfo,
  Resource,
  TaskInfo,
  TaskStatus,
} from '../../wire';
import type { MasterContext } from './master-context';
import type { SimFramework } from './sim-framework';
import { AgentBook } from './tasks/agent-book';
import { agentLossStatus, type AgentLossKind } from './tasks/agent-loss-status';
import { AgentRuntime } from './tasks/agent-runtime';
import { timeInfo } from './tasks/durations';
import { warnFailed } from './tasks/guarded';
import { unknownOperationAnswer } from './tasks/operation-reconciliation';
import { executorSandbox } from './tasks/sandbox';
import { SimExecutor } from './tasks/sim-executor';
import { SimTask, type TaskStreamOptions } from './tasks/sim-task';
import { masterStatus } from './tasks/status-builders';
import { TaskBook, type FrameworkTaskState } from './tasks/task-book';
import { explicitAnswers, latestStateAnswer } from './tasks/task-reconciliation';
import { isTerminalTaskState as isTerminalState } from '../../wire';
import { TimerSet } from './tasks/timer-set';

/**
 * An agent as the cluster hands it to {@link TaskTracker.launch}.
 *
 * @example
 * ```ts
 * const agent: LaunchAgent = { agentId: 'S0', hostname: 'agent-0' };
 * ```
 */
export interface LaunchAgent {
  readonly agentId: string;
  readonly hostname: string;
}

/**
 * One task to launch: its `TaskInfo`, the executor it runs in (absent: the command
 * executor; for LAUNCH, `task.executor` is used when `executor` is not given) and, for
 * `LAUNCH_GROUP`, a group key shared by the tasks of one task group.
 *
 * @example
 * ```ts
 * const launches: TaskLaunch[] = group.tasks.map((task) => ({ task, executor, group: 'G1' }));
 * ```
 */
export interface TaskLaunch {
  readonly task: TaskInfo;
  readonly executor?: ExecutorInfo;
  readonly group?: string;
}

/**
 * How an agent left: removed (unregistered), unreachable (partitioned), or marked gone.
 *
 * @example
 * ```ts
 * tasks.agentLost('S1', 'gone' satisfies AgentLoss);
 * ```
 */
export type AgentLoss = AgentLossKind;

/**
 * The task side of one simulated master.
 *
 * Status updates from agents are reliable: each carries a fresh uuid, the update in flight
 * is re-sent with backoff (`statusUpdateRetryMs`, doubling up to 10 minutes) until the
 * framework acknowledges it, and later updates of the same task wait. A re-subscribing
 * framework gets its pending updates again at once. Acknowledging a terminal update lets the
 * master forget the task (it moves to `completed_tasks`).
 *
 * @example
 * ```ts
 * const fw = master.core.framework(frameworkId)!;
 * master.core.tasks.launch(fw, { agentId: 'S0', hostname: 'agent-0' }, [
 *   { task: { name: 'hello', task_id: { value: 't1' }, agent_id: { value: 'S0' },
 *             resources: [], command: { value: 'echo hello' } } },
 * ]);
 * // the framework receives TASK_STARTING, then (after acknowledging) TASK_RUNNING, TASK_FINISHED
 * ```
 */
export class TaskTracker {
  private readonly timers: TimerSet;
  private readonly book = new TaskBook();
  private readonly agents = new AgentBook();
  private readonly runtime: AgentRuntime;
  /** How every task's status update stream reaches this master (one object for all). */
  private readonly streamOptions: TaskStreamOptions;
  private stopped = false;

  constructor(private readonly ctx: MasterContext) {
    this.timers = new TimerSet(ctx.scheduler);
    this.streamOptions = {
      timers: this.timers,
      firstRetryMs: ctx.options.statusUpdateRetryMs,
      forward: (t, status) => {
        this.statusUpdate(t, status);
      },
    };
    this.runtime = new AgentRuntime(ctx, this.book, this.timers, {
      executorExited: (executor, status) => {
        this.executorExited(executor, status);
      },
      message: (executor, data) => {
        this.sendTo(executor.frameworkId, {
          type: 'MESSAGE',
          message: {
            agent_id: { value: executor.agentId },
            executor_id: { value: executor.id },
            data,
          },
        });
      },
      framework: (id) => ctx.framework(id),
    });
  }

  /**
   * Launches validated tasks whose resources the cluster has already taken. Nothing is sent
   * for TASK_STAGING; the executor's updates follow (TASK_STARTING, TASK_RUNNING, the end).
   * When a task reaches a terminal state its resources go back through
   * `ctx.cluster.release`; a default or custom executor's resources when it ends.
   *
   * @example
   * ```ts
   * tasks.launch(fw, { agentId: 'S0', hostname: 'h' }, [{ task }]);
   * ```
   */
  launch(fw: SimFramework, agent: LaunchAgent, launches: readonly TaskLaunch[]): void {
    if (this.stopped) return;
    this.agents.seen(agent.agentId);
    const batches = new Map<string, { executor: SimExecutor; tasks: SimTask[] }>();
    for (const launch of launches) {
      const executor = this.executorFor(fw, agent.agentId, launch);
      const task = new SimTask(
        fw.id,
        launch.task,
        agent.agentId,
        agent.hostname,
        executor,
        launch.task.resources?.[0]?.allocation_info?.role ?? fw.roles[0] ?? '*',
        launch.group,
        executor.taskContainerId(),
        this.streamOptions,
      );
      executor.tasks.set(task.id, task);
      this.book.add(task);
      const key =
        launch.group === undefined
          ? `task\u0000${task.id}`
          : `group\u0000${executor.id}\u0000${launch.group}`;
      const batch = batches.get(key) ?? { executor, tasks: [] };
      batch.tasks.push(task);
      batches.set(key, batch);
    }
    for (const { executor, tasks } of batches.values()) this.runtime.deliverLater(executor, tasks);
  }

  /**
   * Whether the framework has this task: non-terminal (unreachable included), or terminal
   * with its terminal update not acknowledged yet.
   *
   * @example
   * ```ts
   * if (tasks.hasTask(fw, 't1')) refuse('Task has duplicate ID');
   * ```
   */
  hasTask(fw: SimFramework, taskId: string): boolean {
    return this.book.active(fw.id).has(taskId) || this.book.unreachable(fw.id).has(taskId);
  }

  /**
   * The framework's executors on an agent that the master knows (default and custom ones;
   * the command executor is the agent's business), for `Offer.executor_ids`.
   *
   * @example
   * ```ts
   * const offer = { …, executor_ids: tasks.executorsOn(fw, agentId) };
   * ```
   */
  executorsOn(fw: SimFramework, agentId: string): readonly ExecutorID[] {
    return this.book
      .state(fw.id)
      .executors.filter((e) => e.agentId === agentId)
      .map((e) => ({ value: e.id }));
  }

  /**
   * The cluster tells that an agent registered or re-registered, so that reconciliation
   * answers for unknown tasks on it say "unknown to the agent" (TASK_GONE / TASK_LOST)
   * rather than TASK_UNKNOWN. An agent a task was launched on counts as registered anyway.
   *
   * @example
   * ```ts
   * tasks.agentRegistered(agentId);
   * ```
   */
  agentRegistered(agentId: string): void {
    this.agents.register(agentId);
  }

  /**
   * An agent left the cluster (`Master::_removeSlave` / `__removeSlave`). Its tasks get a
   * master update without uuid: `unreachable` → TASK_UNREACHABLE with `unreachable_time`
   * (TASK_LOST without PARTITION_AWARE), reason REASON_AGENT_REMOVED, "health check timed
   * out"; `gone` → TASK_GONE_BY_OPERATOR, REASON_AGENT_REMOVED_BY_OPERATOR (TASK_LOST,
   * REASON_AGENT_REMOVED otherwise), "Agent has been marked gone"; `removed` → TASK_LOST for
   * every framework (the master does so even for partition-aware ones), REASON_AGENT_REMOVED,
   * "Agent <hostname> removed: the agent unregistered". Executors there are dropped without
   * FAILURE, processes killed. The `FAILURE {agent_id}` that a master then sends to every
   * framework (`slaveLost`) is the cluster's to send, after this call.
   *
   * @example
   * ```ts
   * tasks.agentLost('S1', 'unreachable');
   * ```
   */
  agentLost(agentId: string, kind: AgentLoss): void {
    if (this.stopped) return;
    const now = this.ctx.now();
    const since = timeInfo(now);
    const wasUnreachable = this.agents.standing(agentId)?.kind === 'unreachable';
    this.agents.lose(agentId, kind === 'unreachable' ? { kind, since } : { kind });
    // an unreachable agent marked gone: its unreachable tasks are gone too
    const unreachable = kind === 'gone' && wasUnreachable ? this.book.allUnreachable() : [];
    for (const task of [...unreachable, ...this.book.allActive()]) {
      if (task.agentId !== agentId) continue;
      const aware = this.partitionAware(task.frameworkId);
      const status = agentLossStatus(task, kind, aware, now, since);
      this.updateTask(task, status);
      this.book.move(task, kind === 'unreachable' ? 'unreachable' : 'completed');
      this.sendTo(task.frameworkId, { type: 'UPDATE', update: { status } });
    }
    for (const ex of this.book.liveExecutors()) {
      if (ex.agentId === agentId && ex.masterKnown) {
        ex.masterKnown = false;
        this.releaseResources(ex.agentId, ex.resources, ex.frameworkId);
      }
    }
    this.runtime.agentGone(agentId);
  }

  /**
   * Fault injection: sends the last update the agent forwarded for a task to its framework
   * again, same uuid (also after it was acknowledged, as a late retry would). Returns
   * whether there was one.
   *
   * @example
   * ```ts
   * tasks.duplicateLastUpdate('t1'); // the framework sees the same UPDATE twice
   * ```
   */
  duplicateLastUpdate(taskId: string, frameworkId?: string): boolean {
    const task = [...this.book.allActive(), ...this.book.allCompleted().reverse()].find(
      (t) =>
        t.id === taskId &&
        t.lastForwarded !== undefined &&
        (frameworkId === undefined || t.frameworkId === frameworkId),
    );
    const status = task?.lastForwarded;
    if (task === undefined || status === undefined) return false;
    this.sendTo(task.frameworkId, { type: 'UPDATE', update: { status } });
    return true;
  }

  /**
   * The task side of one framework (active, unreachable and completed tasks, executors),
   * for `/state`.
   *
   * @example
   * ```ts
   * tasks.stateOf(fw.id).active.length;
   * ```
   */
  stateOf(frameworkId: string): FrameworkTaskState {
    return this.book.state(frameworkId);
  }

  /**
   * Stops every timer and ends every child process (SIGTERM, SIGKILL after a short grace),
   * and resolves once they are gone.
   *
   * @example
   * ```ts
   * await tasks.stop();
   * ```
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.cancelAll();
    await this.runtime.stop();
  }

  /**
   * A framework (re)subscribed: its unacknowledged updates are sent again now (the master
   * tells the agents about the framework, whose status update managers resume).
   *
   * @example
   * ```ts
   * tasks.frameworkSubscribed(fw);
   * ```
   */
  frameworkSubscribed(fw: SimFramework): void {
    if (this.stopped) return;
    this.runtime.resume(fw.id);
  }

  /**
   * A framework was removed (teardown, failover timeout): its tasks are marked TASK_KILLED
   * ("Framework <id> removed", REASON_FRAMEWORK_REMOVED) and completed without any update
   * being sent, its resources are given back, its executors shut down.
   *
   * @example
   * ```ts
   * tasks.frameworkRemoved(fw);
   * ```
   */
  frameworkRemoved(fw: SimFramework): void {
    if (this.stopped) return;
    const now = this.ctx.now();
    const removed = (task: SimTask): TaskStatus =>
      masterStatus({
        taskId: task.info.task_id,
        state: 'TASK_KILLED',
        message: `Framework ${fw.id} removed`,
        reason: 'REASON_FRAMEWORK_REMOVED',
        agentId: { value: task.agentId },
        ...this.executorIdOf(task),
        timestamp: now,
      });
    for (const task of [...this.book.active(fw.id).values()]) {
      this.updateTask(task, removed(task));
      this.book.move(task, 'completed');
    }
    for (const task of [...this.book.unreachable(fw.id).values()]) {
      this.updateTask(task, removed(task));
      this.book.move(task, 'completed');
    }
    for (const ex of this.book.liveExecutors()) {
      if (ex.frameworkId === fw.id && ex.masterKnown) {
        ex.masterKnown = false;
        this.releaseResources(ex.agentId, ex.resources, ex.frameworkId);
      }
    }
    this.runtime.shutdownFramework(fw.id);
  }

  /**
   * KILL (spec §5): a known task's kill goes to its agent (TASK_KILLING for frameworks
   * with TASK_KILLING_STATE, SIGTERM, SIGKILL after `kill.kill_policy` or the task's kill
   * policy grace period, default 3 s; a task group is killed whole); an `agent_id` that does
   * not match is ignored; an unknown task is answered by explicit reconciliation.
   */
  kill(fw: SimFramework, kill: Call.Kill): void {
    if (this.stopped) return;
    const task = this.book.active(fw.id).get(kill.task_id.value);
    if (task === undefined) {
      this.reconcile(fw, {
        tasks: [
          {
            task_id: kill.task_id,
            ...(kill.agent_id === undefined ? {} : { agent_id: kill.agent_id }),
          },
        ],
      });
      return;
    }
    if (kill.agent_id !== undefined && kill.agent_id.value !== task.agentId) return;
    if (!this.agents.isRegistered(task.agentId)) return;
    this.runtime.kill(task, kill.kill_policy);
  }

  /**
   * SHUTDOWN (spec §5): the executor kills its tasks (TASK_KILLED each) and exits; for a
   * default or custom executor the framework then gets `FAILURE {agent_id, executor_id,
   * status: 0}` (the wait status of an executor that exited by itself; the command
   * executor's end is never reported). Unknown agents or executors: ignored.
   */
  shutdown(fw: SimFramework, shutdown: Call.Shutdown): void {
    if (this.stopped || !this.agents.isRegistered(shutdown.agent_id.value)) return;
    this.runtime.shutdownExecutor(fw.id, shutdown.agent_id.value, shutdown.executor_id.value);
  }

  /**
   * ACKNOWLEDGE (spec §5, §8): when `uuid` is the task's update in flight the agent
   * forwards the next one; acknowledging a terminal update completes the task. Anything else
   * (unknown agent, task or uuid) is ignored.
   */
  acknowledge(fw: SimFramework, ack: Call.Acknowledge): void {
    if (this.stopped) return;
    const agentId = ack.agent_id.value;
    if (!this.agents.isRegistered(agentId)) return; // dropped: the agent will retry
    const task = this.book.active(fw.id).get(ack.task_id.value);
    if (
      task !== undefined &&
      task.agentId === agentId &&
      task.updateUuid !== undefined &&
      Buffer.from(task.updateUuid, 'base64').equals(Buffer.from(ack.uuid, 'base64')) &&
      task.updateState !== undefined &&
      isTerminalState(task.updateState)
    ) {
      this.book.move(task, 'completed');
    }
    this.runtime.acknowledged(fw.id, agentId, ack.task_id.value, ack.uuid);
  }

  /** ACKNOWLEDGE_OPERATION_STATUS: accepted and ignored (the task side sends no operation updates with uuid). */
  acknowledgeOperationStatus(_fw: SimFramework, _ack: Call.AcknowledgeOperationStatus): void {
    // nothing to release: no reliable operation status updates come from here
  }

  /**
   * RECONCILE (spec §9): implicit (no tasks) answers with the latest state of every task
   * the master has for the framework; explicit answers every asked task, known or not. All
   * answers come from SOURCE_MASTER with REASON_RECONCILIATION and no uuid.
   */
  reconcile(fw: SimFramework, reconcile: Call.Reconcile): void {
    if (this.stopped) return;
    const asked = reconcile.tasks ?? [];
    const now = this.ctx.now();
    const active = this.book.active(fw.id);
    const answers =
      asked.length === 0
        ? [...active.values()].map((t) => latestStateAnswer(t, now))
        : explicitAnswers(
            {
              task: (id) => active.get(id),
              agent: (id) => this.agents.standing(id),
              partitionAware: fw.hasCapability('PARTITION_AWARE'),
              now,
            },
            asked,
          );
    for (const status of answers) this.send(fw, { type: 'UPDATE', update: { status } });
  }

  /**
   * RECONCILE_OPERATIONS (spec §9): explicit requests get OPERATION_UNKNOWN /
   * OPERATION_UNREACHABLE / OPERATION_GONE_BY_OPERATOR without uuid, as for operations the
   * master does not know; implicit ones get nothing (no operations with feedback here).
   */
  reconcileOperations(fw: SimFramework, reconcile: Call.ReconcileOperations): void {
    if (this.stopped) return;
    for (const op of reconcile.operations ?? []) {
      const standing =
        op.agent_id === undefined ? undefined : this.agents.standing(op.agent_id.value);
      this.send(fw, {
        type: 'UPDATE_OPERATION_STATUS',
        update_operation_status: { status: unknownOperationAnswer(op, standing) },
      });
    }
  }

  /**
   * MESSAGE (spec §5): delivered to the executor if it runs on a registered agent, else
   * dropped silently. Simulator behaviour: every simulated executor (the command executor
   * included, which really ignores messages) echoes the bytes back as `Event.MESSAGE
   * {agent_id, executor_id, data}`, so tests can watch a round trip.
   */
  message(fw: SimFramework, message: Call.Message): void {
    if (this.stopped || !this.agents.isRegistered(message.agent_id.value)) return;
    this.runtime.message(fw.id, message.agent_id.value, message.executor_id.value, message.data);
  }

  /** The master handles an update the agent forwarded (`Master::statusUpdate`). */
  private statusUpdate(task: SimTask, status: TaskStatus): void {
    if (this.stopped || task.place !== 'active' || !this.agents.isRegistered(task.agentId)) return;
    this.updateTask(task, status, task.agentState);
    task.updateState = status.state;
    task.updateUuid = status.uuid;
    task.lastForwarded = status;
    this.sendTo(task.frameworkId, { type: 'UPDATE', update: { status } });
  }

  /**
   * `Master::updateTask`: the task takes the agent's latest state (unless already terminal),
   * the status joins `statuses` (replacing a last one of the same state, without `data`), and
   * resources go back the first time the task becomes terminal or unreachable.
   */
  private updateTask(task: SimTask, status: TaskStatus, latest = status.state): void {
    const wasDone = isTerminalState(task.state) || task.state === 'TASK_UNREACHABLE';
    if (!isTerminalState(task.state)) task.state = latest;
    if (task.statuses[task.statuses.length - 1]?.state === status.state) task.statuses.pop();
    task.statuses.push(status.data === undefined ? status : withoutData(status));
    if (!wasDone && (isTerminalState(latest) || latest === 'TASK_UNREACHABLE')) {
      if (!task.released) {
        task.released = true;
        this.releaseResources(task.agentId, task.resources, task.frameworkId);
      }
    }
  }

  /** A default or custom executor ended: its resources go back, the framework hears of it. */
  private executorExited(executor: SimExecutor, status: number): void {
    if (!executor.masterKnown) return;
    executor.masterKnown = false;
    this.releaseResources(executor.agentId, executor.resources, executor.frameworkId);
    this.sendTo(executor.frameworkId, {
      type: 'FAILURE',
      failure: {
        agent_id: { value: executor.agentId },
        executor_id: { value: executor.id },
        status,
      },
    });
  }

  private executorFor(fw: SimFramework, agentId: string, launch: TaskLaunch): SimExecutor {
    const info = launch.executor ?? launch.task.executor;
    const containerId = randomUUID();
    const workDir = this.ctx.options.workDir;
    if (info === undefined) {
      const id = launch.task.task_id.value;
      const ex = new SimExecutor(
        id,
        'command',
        fw.id,
        agentId,
        undefined,
        containerId,
        executorSandbox(workDir, agentId, fw.id, id, containerId),
      );
      this.book.addExecutor(ex);
      return ex;
    }
    const id = info.executor_id.value;
    const existing = this.book.executor(fw.id, agentId, id);
    if (
      existing !== undefined &&
      existing.kind !== 'command' &&
      existing.state === 'running' &&
      !existing.silent
    ) {
      return existing;
    }
    const ex = new SimExecutor(
      id,
      info.type === 'DEFAULT' || launch.group !== undefined ? 'default' : 'custom',
      fw.id,
      agentId,
      { ...info, framework_id: { value: fw.id } },
      containerId,
      executorSandbox(workDir, agentId, fw.id, id, containerId),
    );
    this.book.addExecutor(ex);
    return ex;
  }

  private executorIdOf(task: SimTask): { readonly executorId?: string } {
    return task.executor.kind === 'command' ? {} : { executorId: task.executor.id };
  }

  private partitionAware(frameworkId: string): boolean {
    return this.ctx.framework(frameworkId)?.hasCapability('PARTITION_AWARE') === true;
  }

  private releaseResources(
    agentId: string,
    resources: readonly Resource[],
    frameworkId: string,
  ): void {
    if (resources.length === 0) return;
    try {
      this.ctx.cluster.release(agentId, resources, frameworkId);
    } catch (e) {
      warnFailed('releasing resources', e);
    }
  }

  private sendTo(frameworkId: string, event: Event): void {
    const fw = this.ctx.framework(frameworkId);
    if (fw !== undefined) this.send(fw, event);
  }

  private send(fw: SimFramework, event: Event): void {
    try {
      this.ctx.send(fw, event);
    } catch (e) {
      warnFailed(`sending ${event.type}`, e);
    }
  }
}

/** The status without its `data` (the master keeps statuses without it). */
function withoutData(status: TaskStatus): TaskStatus {
  const { data: _data, ...kept } = status;
  return kept;
}
