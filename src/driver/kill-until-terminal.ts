/**
 * A kill that is repeated until the task reports a terminal state.
 *
 * @module
 */
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { killTask, type CommandOf, type KillTaskOptions } from '../calls';
import type { TaskId, TaskStatus } from '../wire';
import { isTerminalTaskState } from '../wire';
import { exponentialDelay } from './backoff';

/**
 * How a kill is repeated: the KILL's own options, and the schedule of the repeats in
 * milliseconds.
 *
 * @example
 * ```ts
 * const options: KillRetryOptions = {
 *   agentId: status.agent_id,
 *   killPolicy: { grace_period: { nanoseconds: '10000000000' } }, // 10 s
 *   initialMs: 15_000,
 * };
 * ```
 */
export interface KillRetryOptions extends KillTaskOptions {
  /** Wait after the first KILL before sending it again. Default 5000. */
  readonly initialMs?: number;
  /** Cap of the doubling wait. Default 60 000. */
  readonly maxMs?: number;
}

/**
 * Options of {@link killUntilTerminal}.
 *
 * @example
 * ```ts
 * const options: KillUntilTerminalOptions = { scheduler: asyncScheduler, again$: driver.reregistered$ };
 * ```
 */
export interface KillUntilTerminalOptions extends KillRetryOptions {
  /** Where the waits run. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Each value sends the KILL again at once and starts the schedule over (a new subscription). */
  readonly again$?: Observable<unknown>;
}

/** Default first wait: longer than the 3 s a command task is given by default to end after SIGTERM. */
const DEFAULT_INITIAL_MS = 5000;
/** Default cap: one KILL a minute for a task whose agent is away. */
const DEFAULT_MAX_MS = 60_000;

/**
 * The KILL commands that end a task, as a cold Observable: one at once, then again after
 * `initialMs`, twice as long each time up to `maxMs`, and at once on each value of `again$`,
 * until `updates$` shows the task (by id) in a terminal state; then it completes. It also
 * completes when `updates$` does (no answer can come any more), and passes its errors on.
 *
 * A single KILL can be lost: the master drops it when the task's agent is away, and a
 * failover or a broken connection can swallow it or its answer. Updates that are not terminal
 * (`TASK_KILLING`, `TASK_UNREACHABLE`, `TASK_UNKNOWN` …) do not stop the repeats. Each repeat is
 * harmless: an agent that is already killing the task goes on (a shorter `killPolicy` grace
 * period can only shorten it), and a task the master does not know is answered by
 * reconciliation. The default first wait (5 s) lets a normal kill finish before it is repeated.
 *
 * @example
 * ```ts
 * driver.dispatch(
 *   killUntilTerminal({ value: 'web-1' }, driver.statusUpdates$, { again$: driver.reregistered$ }),
 * );
 * ```
 * Spec: docs/protocol.md §5, §8.
 */
export function killUntilTerminal(
  taskId: TaskId,
  updates$: Observable<TaskStatus>,
  options: KillUntilTerminalOptions = {},
): Observable<CommandOf<'KILL'>> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const schedule = {
    initialMs: options.initialMs ?? DEFAULT_INITIAL_MS,
    maxMs: options.maxMs ?? DEFAULT_MAX_MS,
  };
  const kill = killTask(taskId, options);
  return new Observable<CommandOf<'KILL'>>((subscriber) => {
    let attempt = 0;
    let timer: Subscription | undefined;
    const send = (): void => {
      if (subscriber.closed) return;
      timer?.unsubscribe();
      // armed before the KILL goes out: a terminal update arriving meanwhile cancels it
      timer = scheduler.schedule(send, exponentialDelay(attempt, schedule));
      attempt++;
      subscriber.next(kill);
    };
    const updates = updates$.subscribe({
      next: (status) => {
        if (status.task_id.value === taskId.value && isTerminalTaskState(status.state))
          subscriber.complete();
      },
      error: (e: unknown) => {
        subscriber.error(e);
      },
      complete: () => {
        subscriber.complete();
      },
    });
    const again = options.again$?.subscribe({
      next: () => {
        attempt = 0;
        send();
      },
      error: (e: unknown) => {
        subscriber.error(e);
      },
    });
    send();
    return () => {
      timer?.unsubscribe();
      again?.unsubscribe();
      updates.unsubscribe();
    };
  });
}
