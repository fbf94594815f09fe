/**
 * A task "process" without a process (simulated mode): it starts after a short delay, runs
 * for the task script's `runSeconds`, then ends as the script says. A SIGTERM ends it
 * shortly after, a SIGKILL at once, as a well-behaved command would.
 *
 * @module
 */
import type { TaskScript } from '../sim-options';
import type { RunEnd, TaskRun, TaskRunListener } from './task-run';
import type { SimTimer, TimerSet } from './timer-set';

/** Milliseconds from TASK_STARTING to TASK_RUNNING of a simulated task. */
const SIMULATED_START_MS = 20;
/** Milliseconds a simulated task takes to die after SIGTERM. */
const SIMULATED_TERM_MS = 10;

/**
 * A simulated task run driven by timers on the master's scheduler.
 *
 * @example
 * ```ts
 * const run = new SimulatedRun(timers, { runSeconds: 1, state: 'TASK_FINISHED' });
 * run.start(listener); // running() after 20 ms, exited({ kind: 'scripted', … }) 1 s later
 * ```
 */
export class SimulatedRun implements TaskRun {
  readonly pid = undefined;
  readonly ended: Promise<void>;
  private listener: TaskRunListener | undefined;
  private timer: SimTimer | undefined;
  private done = false;
  private resolveEnded: () => void = () => undefined;

  constructor(
    private readonly timers: TimerSet,
    private readonly script: TaskScript,
  ) {
    this.ended = new Promise<void>((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  start(listener: TaskRunListener): void {
    this.listener = listener;
    this.timer = this.timers.schedule(
      'simulated task start',
      () => {
        listener.running();
        const ms = Math.max(0, this.script.runSeconds) * 1000;
        this.timer = this.timers.schedule(
          'simulated task end',
          () => {
            this.end({ kind: 'scripted', script: this.script });
          },
          ms,
        );
      },
      SIMULATED_START_MS,
    );
  }

  terminate(): void {
    if (this.done) return;
    this.timer?.unsubscribe();
    this.timer = this.timers.schedule(
      'simulated SIGTERM',
      () => {
        this.end({ kind: 'exit', exit: { code: null, signal: 'SIGTERM' } });
      },
      SIMULATED_TERM_MS,
    );
  }

  forceKill(): void {
    if (this.done) return;
    this.timer?.unsubscribe();
    this.timer = this.timers.schedule(
      'simulated SIGKILL',
      () => {
        this.end({ kind: 'exit', exit: { code: null, signal: 'SIGKILL' } });
      },
      0,
    );
  }

  private end(end: RunEnd): void {
    if (this.done) return;
    this.done = true;
    this.timer?.unsubscribe();
    this.resolveEnded();
    this.listener?.exited(end);
  }
}
