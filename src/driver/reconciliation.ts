/**
 * Task reconciliation after a subscription: explicit for the tasks the application knows,
 * retried with truncated exponential backoff until each is answered, then implicit, then
 * (optionally) implicit again at a fixed period.
 *
 * @module
 */
import { asyncScheduler, interval, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { reconcileTasks, type CommandOf } from '../calls';
import type { Call, TaskStatus } from '../wire';
import { exponentialDelay } from './backoff';

/**
 * A task the application believes is not terminal: its id, and its agent's when known (the
 * master then answers more precisely for a task it does not know).
 *
 * @example
 * ```ts
 * const known: KnownTask = { task_id: { value: 'web-1' }, agent_id: { value: 'a1b2-S3' } };
 * ```
 * Spec: docs/protocol.md §9.
 */
export type KnownTask = Call.Reconcile.Task;

/**
 * The retry schedule of explicit reconciliation, in milliseconds.
 *
 * @example
 * ```ts
 * const backoff: ReconciliationBackoff = { initialMs: 1000, maxMs: 60_000, maxAttempts: 20 };
 * ```
 */
export interface ReconciliationBackoff {
  /** Wait after the first explicit RECONCILE before asking again. Default 1000. */
  readonly initialMs?: number;
  /** Cap of the doubling wait. Default 60 000. */
  readonly maxMs?: number;
  /** Explicit RECONCILE calls at most, the first included; then the implicit one. Default: no limit. */
  readonly maxAttempts?: number;
}

/**
 * Options of {@link reconciliation}.
 *
 * @example
 * ```ts
 * const options: ReconciliationOptions = {
 *   known: [{ task_id: { value: 'web-1' } }],
 *   updates$: driver.statusUpdates$,
 *   scheduler: asyncScheduler,
 *   everyMs: 15 * 60_000,
 * };
 * ```
 */
export interface ReconciliationOptions extends ReconciliationBackoff {
  /** The tasks to reconcile explicitly (duplicates are asked once). */
  readonly known: readonly KnownTask[];
  /** The status updates of the framework: any update of a task answers it. */
  readonly updates$: Observable<TaskStatus>;
  /** Where the waits run. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** After the implicit RECONCILE, another one every this many ms; unset: none. */
  readonly everyMs?: number;
}

/** Default first wait: a master that knows a task answers within one round trip. */
const DEFAULT_INITIAL_MS = 1000;
/** Default cap: one call a minute while an agent the master recovered has not come back. */
const DEFAULT_MAX_MS = 60_000;

/**
 * The RECONCILE commands of one subscription, as a cold Observable (nothing runs until it is
 * subscribed; unsubscribing cancels the waits).
 *
 * 1. At once, an explicit `reconcileTasks(known)`.
 * 2. Whenever some of those tasks have had no update since, after `initialMs`, then twice as
 *    long each time up to `maxMs`: an explicit RECONCILE for the unanswered ones only. Any
 *    update of a task counts as its answer: the master's answer (`REASON_RECONCILIATION`, no
 *    uuid) or anything newer.
 * 3. Once every task is answered, or `maxAttempts` explicit calls went unanswered for the
 *    wait that would precede the next one: the implicit `reconcileTasks([])`, which the master
 *    answers with every task it knows (tasks the application forgot show up there).
 * 4. With `everyMs`, the implicit one again at that period; without it, the Observable
 *    completes after the implicit one.
 *
 * With no known tasks it starts at step 3. Errors of `updates$` are passed on; its completion
 * changes nothing.
 *
 * The defaults (1 s doubling to 60 s, no limit) follow the master: it answers at once for
 * every task it knows or can rule out, and stays silent only about tasks on an agent it
 * recovered from its registry that has not re-registered yet, which can take up to the
 * agent re-registration timeout (10 minutes by default). Asking again soon catches a
 * master that was busy; the cap keeps that wait to about ten cheap calls; the schedule has
 * no jitter because it is one framework's own business.
 *
 * @example
 * ```ts
 * reconciliation({
 *   known: [{ task_id: { value: 'web-1' } }, { task_id: { value: 'web-2' } }],
 *   updates$: driver.statusUpdates$,
 * }).subscribe((command) => void driver.send(command));
 * // RECONCILE [web-1, web-2] at 0 s; [web-2] at 1 s if only web-1 answered; … then RECONCILE {}
 * ```
 * Spec: docs/protocol.md §9.
 */
export function reconciliation(options: ReconciliationOptions): Observable<CommandOf<'RECONCILE'>> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const schedule = {
    initialMs: options.initialMs ?? DEFAULT_INITIAL_MS,
    maxMs: options.maxMs ?? DEFAULT_MAX_MS,
  };
  const maxAttempts = options.maxAttempts ?? Infinity;
  return new Observable<CommandOf<'RECONCILE'>>((subscriber) => {
    const remaining = new Map<string, KnownTask>();
    for (const t of options.known)
      if (!remaining.has(t.task_id.value)) remaining.set(t.task_id.value, t);
    let attempts = 0;
    let explicitDone = false;
    let timer: Subscription | undefined;
    let periodic: Subscription | undefined;

    const implicit = (): void => {
      if (explicitDone || subscriber.closed) return;
      explicitDone = true;
      timer?.unsubscribe();
      timer = undefined;
      if (options.everyMs !== undefined) {
        periodic = interval(options.everyMs, scheduler).subscribe(() => {
          subscriber.next(reconcileTasks([]));
        });
      }
      subscriber.next(reconcileTasks([]));
      if (options.everyMs === undefined) subscriber.complete();
    };

    const explicit = (): void => {
      if (explicitDone || subscriber.closed) return;
      if (remaining.size === 0 || attempts >= maxAttempts) {
        implicit();
        return;
      }
      // the next wait is armed before the call goes out: an answer that arrives while the
      // call is being emitted must find the wait to cancel
      timer = scheduler.schedule(explicit, exponentialDelay(attempts, schedule));
      attempts++;
      subscriber.next(reconcileTasks([...remaining.values()]));
    };

    const updates = options.updates$.subscribe({
      next: (status) => {
        if (explicitDone) return;
        if (remaining.delete(status.task_id.value) && remaining.size === 0) implicit();
      },
      error: (e: unknown) => {
        subscriber.error(e);
      },
    });
    explicit();
    return () => {
      timer?.unsubscribe();
      periodic?.unsubscribe();
      updates.unsubscribe();
    };
  });
}
