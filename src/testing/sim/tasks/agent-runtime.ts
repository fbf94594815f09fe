/**
 * The agents' and executors' side of tasks: delivery of launched tasks to their executor,
 * the executors' status updates (through each task's reliable stream), kills with
 * TASK_KILLING and SIGTERM→SIGKILL escalation, executor shutdown, framework messages, and
 * the end of executors. The master side (`TaskTracker`) sits on the other end of
 * {@link AgentOutput}.
 *
 * Behaviour follows the command executor (`src/launcher/executor.cpp`), the default
 * executor for task groups, and the agent (`src/slave/slave.cpp`) of Mesos 1.11/1.12.
 *
 * @module
 */
import * as path from 'node:path';
import type { Base64, KillPolicy, TaskState, TaskStatus } from '../../../wire';
import type { MasterContext } from '../master-context';
import type { TaskScript } from '../sim-options';
import type { SimFramework } from '../sim-framework';
import { commandEnvironment } from './command-environment';
import { durationMs } from './durations';
import { guarded } from './guarded';
import { ProcessRun } from './process-run';
import { createSandbox, nestedSandbox } from './sandbox';
import type { SimExecutor } from './sim-executor';
import type { SimTask } from './sim-task';
import { SimulatedRun } from './simulated-run';
import { agentStatus, containerStatus } from './status-builders';
import type { TaskBook } from './task-book';
import type { RunEnd, TaskRunListener } from './task-run';
import { isTerminalTaskState as isTerminalState } from '../../../wire';
import type { TimerSet } from './timer-set';
import { describeExit, succeeded } from './wait-status';

/** Milliseconds from a launch at the master to the task reaching its executor. */
const LAUNCH_DELAY_MS = 20;
/** The command executor's kill grace period when no kill policy says otherwise. */
const DEFAULT_KILL_GRACE_MS = 3000;
/** The agent's default `--executor_shutdown_grace_period`. */
const EXECUTOR_SHUTDOWN_GRACE_MS = 5000;
/** How long `stop()` waits after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 500;

/**
 * What the agent side tells the master side.
 *
 * @example
 * ```ts
 * const output: AgentOutput = {
 *   executorExited: (ex, status) => sendFailure(ex, status),
 *   message: (ex, data) => sendMessage(ex, data),
 *   framework: (id) => ctx.framework(id),
 * };
 * ```
 */
export interface AgentOutput {
  /** A default or custom executor ended (`ExitedExecutorMessage`), with its wait status. */
  executorExited(executor: SimExecutor, status: number): void;
  /** An executor sent the framework a message. */
  message(executor: SimExecutor, data: Base64): void;
  framework(frameworkId: string): SimFramework | undefined;
}

/** The parts of one update an executor or agent sends. */
interface UpdateFields {
  readonly state: TaskState;
  readonly message?: string;
  readonly reason?: TaskStatus.Reason;
  readonly source?: 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';
  /** Tasks that never reached their executor get no container status. */
  readonly withContainer?: boolean;
}

const KILLED_BEFORE_DELIVERY = 'Killed before delivery to the executor';
const GROUP_KILLED_BEFORE_DELIVERY =
  'A task within the task group was killed before delivery to the executor';

/**
 * The simulated agents and executors of one master.
 *
 * @example
 * ```ts
 * const runtime = new AgentRuntime(ctx, book, timers, output);
 * runtime.deliverLater(executor, [task]); // TASK_STARTING, TASK_RUNNING, … follow
 * runtime.kill(task, undefined);
 * ```
 */
export class AgentRuntime {
  private readonly processes = new Set<ProcessRun>();
  private stopped = false;

  constructor(
    private readonly ctx: MasterContext,
    private readonly book: TaskBook,
    private readonly timers: TimerSet,
    private readonly output: AgentOutput,
  ) {}

  /** Hands tasks to their executor after {@link LAUNCH_DELAY_MS} (a task group together). */
  deliverLater(executor: SimExecutor, tasks: readonly SimTask[]): void {
    const timer = this.timers.schedule(
      'task delivery',
      () => {
        this.deliver(executor, tasks);
      },
      LAUNCH_DELAY_MS,
    );
    for (const t of tasks) t.timers.push(timer);
  }

  /** KILL forwarded by the master. */
  kill(task: SimTask, override: KillPolicy | undefined): void {
    const ex = task.executor;
    if (ex.state !== 'running' || ex.silent) return; // terminating or gone: the agent ignores it
    if (ex.kind === 'default' && task.group !== undefined) {
      // killing one task of a task group kills the group
      const group = [...ex.tasks.values()].filter((t) => t.group === task.group);
      const pending = group.filter((t) => !t.delivered && !t.exited);
      if (pending.length > 0) this.killBeforeDelivery(ex, pending, true);
      for (const t of group) {
        if (t.delivered && !t.exited) this.killDelivered(t, this.graceMs(t, override));
      }
      return;
    }
    if (task.exited) return;
    if (!task.delivered) {
      this.killBeforeDelivery(ex, [task], false);
      return;
    }
    this.killDelivered(task, this.graceMs(task, override));
  }

  /** SHUTDOWN forwarded by the master: the executor kills its tasks and ends. */
  shutdownExecutor(frameworkId: string, agentId: string, executorId: string): void {
    const ex = this.book.executor(frameworkId, agentId, executorId);
    if (ex === undefined || ex.state !== 'running' || ex.silent) return;
    ex.state = 'terminating';
    for (const t of ex.tasks.values()) {
      if (t.exited) continue;
      if (!t.delivered) {
        // the agent's executorTerminated: queued tasks fail
        t.exited = true;
        t.cancelTimers();
        this.statusUpdate(t, {
          state: 'TASK_FAILED',
          source: 'SOURCE_AGENT',
          reason: 'REASON_EXECUTOR_TERMINATED',
          message: 'Executor terminated',
          withContainer: false,
        });
      } else {
        this.killDelivered(t, this.graceMs(t, undefined));
      }
    }
    this.executorMaybeDone(ex);
  }

  /** MESSAGE forwarded by the master; `false` when no running executor took it. */
  message(frameworkId: string, agentId: string, executorId: string, data: Base64): boolean {
    const ex = this.book.executor(frameworkId, agentId, executorId);
    if (ex === undefined || ex.state !== 'running' || !ex.registered || ex.silent) return false;
    // the simulated executor answers every message with the same bytes (see TaskTracker.message)
    this.output.message(ex, data);
    return true;
  }

  /** An acknowledgement forwarded by the master. */
  acknowledged(frameworkId: string, agentId: string, taskId: string, uuid: string): void {
    const task = this.book.agentTask(frameworkId, agentId, taskId);
    if (task === undefined) return;
    const acked = task.stream.acknowledge(uuid);
    if (acked === undefined) return; // not the update in flight: ignored
    if (isTerminalState(acked.state)) {
      task.stream.close();
      this.book.closeAgentTask(task);
    }
    this.executorMaybeDone(task.executor);
  }

  /** The framework re-subscribed: pending updates of its tasks are sent again now. */
  resume(frameworkId: string): void {
    for (const t of this.book.openAgentTasks()) {
      if (t.frameworkId === frameworkId) t.stream.resume();
    }
  }

  /** The framework was removed: its executors are shut down without further updates. */
  shutdownFramework(frameworkId: string): void {
    for (const ex of this.book.liveExecutors()) {
      if (ex.frameworkId === frameworkId) this.silence(ex, 'graceful');
    }
  }

  /** The agent is gone: every process on it is killed, nothing more is reported. */
  agentGone(agentId: string): void {
    for (const ex of this.book.liveExecutors()) {
      if (ex.agentId === agentId) this.silence(ex, 'kill');
    }
  }

  /** Stops reporting, ends every child process (SIGTERM, SIGKILL after a grace) and waits. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.book.openAgentTasks()) t.stream.close();
    const runs = [...this.processes];
    for (const r of runs) r.terminate();
    if (runs.length === 0) return;
    const escalation = this.ctx.scheduler.schedule(() => {
      for (const r of runs) r.forceKill();
    }, STOP_GRACE_MS);
    await Promise.all(runs.map((r) => r.ended));
    escalation.unsubscribe();
  }

  private deliver(executor: SimExecutor, tasks: readonly SimTask[]): void {
    if (executor.state !== 'running' || executor.silent || this.stopped) return;
    const due = tasks.filter((t) => !t.exited && !t.delivered);
    if (due.length === 0) return;
    if (this.ctx.options.exec && !executor.sandboxReady) {
      const problem = createSandbox(executor.sandbox);
      if (problem !== undefined) {
        this.launchFailed(executor, due, `Failed to launch container: ${problem}`);
        return;
      }
      executor.sandboxReady = true;
    }
    executor.registered = true;
    for (const t of due) this.startTask(t);
  }

  /** The container could not be launched: its tasks fail, the executor ends. */
  private launchFailed(executor: SimExecutor, tasks: readonly SimTask[], message: string): void {
    for (const t of tasks) {
      t.exited = true;
      t.cancelTimers();
      this.statusUpdate(t, {
        state: 'TASK_FAILED',
        source: 'SOURCE_AGENT',
        reason: 'REASON_CONTAINER_LAUNCH_FAILED',
        message,
        withContainer: false,
      });
    }
    if (!executor.hasLiveTasks()) this.endExecutor(executor, -1);
  }

  private startTask(task: SimTask): void {
    task.delivered = true;
    const maxMs = durationMs(task.info.max_completion_time);
    if (maxMs !== undefined && maxMs > 0) {
      task.timers.push(
        this.timers.schedule(
          'max completion time',
          () => {
            this.maxCompletionReached(task);
          },
          maxMs,
        ),
      );
    }
    const listener: TaskRunListener = {
      running: () => {
        guarded('task running', () => {
          this.running(task);
        });
      },
      exited: (end) => {
        guarded('task exit', () => {
          this.exited(task, end);
        });
      },
    };
    const command = task.info.command;
    if (this.ctx.options.exec && command !== undefined) {
      this.startProcess(task, listener);
      return;
    }
    this.sendStarting(task);
    const run = new SimulatedRun(this.timers, this.script(task));
    task.run = run;
    run.start(listener);
  }

  private startProcess(task: SimTask, listener: TaskRunListener): void {
    const ex = task.executor;
    const command = task.info.command ?? {};
    const sandbox =
      ex.kind === 'command' ? ex.sandbox : nestedSandbox(ex.sandbox, task.containerId.value);
    const problem = sandbox === ex.sandbox ? undefined : createSandbox(sandbox);
    const fw = this.output.framework(task.frameworkId);
    const killGrace = durationMs(task.info.kill_policy?.grace_period);
    const shutdownGraceMs =
      ex.kind === 'command'
        ? killGrace === undefined
          ? EXECUTOR_SHUTDOWN_GRACE_MS
          : killGrace + 2000
        : (durationMs(ex.info?.shutdown_grace_period) ?? EXECUTOR_SHUTDOWN_GRACE_MS);
    const run = new ProcessRun({
      command,
      cwd: sandbox,
      env: commandEnvironment({
        frameworkId: task.frameworkId,
        executorId: ex.id,
        agentId: task.agentId,
        taskId: task.id,
        directory: ex.sandbox,
        sandbox,
        checkpoint: fw?.info.checkpoint ?? false,
        role: task.role,
        shutdownGraceMs,
        command,
        path: process.env.PATH,
      }),
      stdoutPath: path.join(sandbox, 'stdout'),
      stderrPath: path.join(sandbox, 'stderr'),
      scheduler: this.ctx.scheduler,
    });
    let failure = problem;
    if (failure === undefined) {
      task.run = run;
      try {
        run.start(listener);
        this.processes.add(run);
        void run.ended.then(() => this.processes.delete(run));
      } catch (e) {
        task.run = undefined;
        failure = e instanceof Error ? e.message : String(e);
      }
    }
    if (failure !== undefined) {
      task.exited = true;
      task.cancelTimers();
      this.statusUpdate(task, {
        state: 'TASK_FAILED',
        source: 'SOURCE_AGENT',
        reason: 'REASON_CONTAINER_LAUNCH_FAILED',
        message: `Failed to launch container: ${failure}`,
        withContainer: false,
      });
      this.executorMaybeDone(ex);
    }
  }

  private script(task: SimTask): TaskScript {
    try {
      return this.ctx.options.taskScript(task.info);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { runSeconds: 0, state: 'TASK_FAILED', message: `Task script failed: ${why}` };
    }
  }

  private sendStarting(task: SimTask): void {
    if (task.startingSent) return;
    task.startingSent = true;
    this.statusUpdate(task, { state: 'TASK_STARTING' });
  }

  private running(task: SimTask): void {
    if (task.exited) return;
    this.sendStarting(task);
    this.statusUpdate(task, { state: 'TASK_RUNNING' });
  }

  private exited(task: SimTask, end: RunEnd): void {
    if (task.exited) return;
    task.exited = true;
    task.cancelTimers();
    const ex = task.executor;
    if (!ex.silent && !this.stopped) {
      this.sendStarting(task);
      const outcome = this.outcome(task, end);
      this.statusUpdate(task, outcome);
      // the default executor kills the rest of a task group when one of its tasks fails
      if (
        ex.kind === 'default' &&
        task.group !== undefined &&
        !task.killing &&
        outcome.state !== 'TASK_FINISHED' &&
        ex.state === 'running'
      ) {
        for (const t of ex.tasks.values()) {
          if (t.group === task.group && t.delivered && !t.exited) {
            this.killDelivered(t, this.graceMs(t, undefined));
          }
        }
      }
    }
    this.executorMaybeDone(ex);
  }

  private outcome(task: SimTask, end: RunEnd): UpdateFields {
    if (end.kind === 'scripted') {
      const s = end.script;
      if (s.state === 'TASK_LOST') {
        return {
          state: 'TASK_LOST',
          source: 'SOURCE_AGENT',
          reason: 'REASON_EXECUTOR_TERMINATED',
          message: s.message ?? 'Executor terminated',
        };
      }
      const message = s.message ?? scriptedMessage(s.state);
      return { state: s.state, ...(message === undefined ? {} : { message }) };
    }
    const message = `Command ${describeExit(end.exit)}`;
    if (task.byMaxCompletionTime) {
      return { state: 'TASK_FAILED', reason: 'REASON_MAX_COMPLETION_TIME_REACHED', message };
    }
    const ok = succeeded(end.exit);
    // the command executor reports a killed task as killed whatever its exit status; the
    // default executor looks at success first
    const state: TaskState =
      task.executor.kind === 'command'
        ? task.killing
          ? 'TASK_KILLED'
          : ok
            ? 'TASK_FINISHED'
            : 'TASK_FAILED'
        : ok
          ? 'TASK_FINISHED'
          : task.killing
            ? 'TASK_KILLED'
            : 'TASK_FAILED';
    return { state, message };
  }

  private graceMs(task: SimTask, override: KillPolicy | undefined): number {
    return (
      durationMs(override?.grace_period) ??
      durationMs(task.info.kill_policy?.grace_period) ??
      DEFAULT_KILL_GRACE_MS
    );
  }

  private killBeforeDelivery(ex: SimExecutor, tasks: readonly SimTask[], inGroup: boolean): void {
    for (const t of tasks) {
      t.exited = true;
      t.cancelTimers();
      this.statusUpdate(t, {
        state: 'TASK_KILLED',
        source: 'SOURCE_AGENT',
        reason: 'REASON_TASK_KILLED_DURING_LAUNCH',
        message: inGroup ? GROUP_KILLED_BEFORE_DELIVERY : KILLED_BEFORE_DELIVERY,
        withContainer: false,
      });
    }
    this.executorMaybeDone(ex);
  }

  /**
   * The executor's kill: TASK_KILLING for frameworks that can handle it, SIGTERM, SIGKILL
   * after the grace period. A repeated kill can only shorten the grace period.
   */
  private killDelivered(task: SimTask, graceMs: number, byMaxCompletionTime = false): void {
    const now = this.ctx.scheduler.now();
    const run = task.run;
    if (run === undefined || task.exited) return;
    if (task.killing) {
      const deadline = task.killStartedAt + graceMs;
      if (deadline >= task.killDeadline) return;
      task.killDeadline = deadline;
      task.escalation?.unsubscribe();
      task.escalation = this.timers.schedule(
        'kill escalation',
        () => {
          run.forceKill();
        },
        deadline - now,
      );
      return;
    }
    task.killing = true;
    task.killStartedAt = now;
    task.killDeadline = now + graceMs;
    const fw = this.output.framework(task.frameworkId);
    if (!byMaxCompletionTime && fw?.hasCapability('TASK_KILLING_STATE') === true) {
      this.sendStarting(task);
      this.statusUpdate(task, { state: 'TASK_KILLING' });
    }
    run.terminate();
    task.escalation = this.timers.schedule(
      'kill escalation',
      () => {
        run.forceKill();
      },
      graceMs,
    );
  }

  private maxCompletionReached(task: SimTask): void {
    if (task.exited || task.killing) return;
    task.byMaxCompletionTime = true;
    this.killDelivered(task, 0, true);
  }

  /** The framework or agent is gone: no more updates; processes end (gracefully or not). */
  private silence(ex: SimExecutor, how: 'graceful' | 'kill'): void {
    ex.silent = true;
    ex.masterKnown = false;
    if (ex.state === 'running') ex.state = 'terminating';
    for (const t of ex.tasks.values()) {
      t.stream.close();
      this.book.closeAgentTask(t);
      if (t.exited) continue;
      if (!t.delivered || t.run === undefined) {
        t.exited = true;
        t.cancelTimers();
      } else if (how === 'graceful') {
        this.killDelivered(t, this.graceMs(t, undefined));
      } else {
        t.run.forceKill();
      }
    }
    this.executorMaybeDone(ex);
  }

  /**
   * Ends the executor once nothing keeps it: a shutting-down (or orphaned) executor when its
   * tasks have ended; a command or default executor when its tasks have ended and their
   * updates are acknowledged; a custom executor only through SHUTDOWN or removal.
   */
  private executorMaybeDone(ex: SimExecutor): void {
    if (ex.state === 'terminated' || ex.hasLiveTasks()) return;
    const acknowledged = [...ex.tasks.values()].every((t) => t.stream.idle);
    if (ex.silent || ex.state === 'terminating') {
      this.endExecutor(ex, 0);
    } else if (ex.kind === 'command' || ex.kind === 'default') {
      // the command executor exits once its terminal update is acknowledged; the default
      // executor once all of its tasks ended and their updates are acknowledged
      if (acknowledged) this.endExecutor(ex, 0);
    }
    // a custom executor stays until SHUTDOWN (or its framework or agent goes away)
  }

  private endExecutor(ex: SimExecutor, status: number): void {
    if (ex.state === 'terminated') return;
    ex.state = 'terminated';
    this.book.removeExecutor(ex);
    if (!ex.silent && !this.stopped && ex.masterKnown) this.output.executorExited(ex, status);
  }

  /** An executor's (or the agent's) update enters the task's status update stream. */
  private statusUpdate(task: SimTask, fields: UpdateFields): void {
    if (this.stopped || task.executor.silent) return;
    const ex = task.executor;
    const pid = ex.kind === 'command' ? task.run?.pid : undefined;
    // absent parts are undefined here; agentStatus leaves them out of the status
    const status = agentStatus({
      taskId: task.info.task_id,
      state: fields.state,
      message: fields.message,
      source: fields.source ?? 'SOURCE_EXECUTOR',
      reason: fields.reason,
      agentId: task.agentId,
      executorId: ex.id,
      timestamp: this.ctx.now(),
      containerStatus:
        fields.withContainer === false ? undefined : containerStatus(task.containerId, pid),
    });
    task.agentState = fields.state;
    task.stream.push(status);
  }
}

/** Default messages of scripted outcomes, worded as the command executor words exits. */
function scriptedMessage(state: TaskScript['state']): string | undefined {
  switch (state) {
    case 'TASK_FINISHED':
      return 'Command exited with status 0';
    case 'TASK_FAILED':
      return 'Command exited with status 1';
    case 'TASK_KILLED':
      return 'Command terminated with signal Terminated';
    default:
      return undefined;
  }
}
