/**
 * One task's "process" as its executor runs it: a real child process (`exec` mode) or a
 * simulated one that follows the task script. Both report the same two events.
 *
 * @module
 */
import type { TaskScript } from '../sim-options';
import type { ProcessExit } from './wait-status';

/**
 * How a task's run ended: a process exit (real or simulated), or the script's outcome.
 *
 * @example
 * ```ts
 * const end: RunEnd = { kind: 'exit', exit: { code: 3, signal: null } };
 * ```
 */
export type RunEnd =
  | { readonly kind: 'exit'; readonly exit: ProcessExit }
  | { readonly kind: 'scripted'; readonly script: TaskScript };

/**
 * What a run reports to its executor.
 *
 * @example
 * ```ts
 * const listener: TaskRunListener = { running: () => report('TASK_RUNNING'), exited: (end) => finish(end) };
 * ```
 */
export interface TaskRunListener {
  /** The command started (the executor then reports TASK_RUNNING). */
  running(): void;
  /** The command ended; called once, never synchronously from `terminate`/`forceKill`/`start`. */
  exited(end: RunEnd): void;
}

/**
 * A started (or starting) task run.
 *
 * @example
 * ```ts
 * run.start({ running: () => report('TASK_RUNNING'), exited: (end) => finish(end) });
 * run.terminate(); // SIGTERM
 * run.forceKill(); // SIGKILL
 * ```
 */
export interface TaskRun {
  /** The child's pid while it runs (real runs only). */
  readonly pid: number | undefined;
  start(listener: TaskRunListener): void;
  /** SIGTERM to the task's process group (a simulated task dies shortly after). */
  terminate(): void;
  /** SIGKILL to the task's process group. */
  forceKill(): void;
  /** Resolves once the run has ended (at once for a run that never started). */
  readonly ended: Promise<void>;
}
