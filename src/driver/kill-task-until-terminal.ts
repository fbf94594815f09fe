/**
 * The driver's `killUntilTerminal`: the KILL schedule wired to the driver's streams and bus.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import { filter, take, type Observable, type SchedulerLike } from 'rxjs';
import type { Command } from '../calls';
import { isTerminalTaskState, type MasterInfo, type TaskId, type TaskStatus } from '../wire';
import { DriverError } from './driver-error';
import type { DriverLifetime } from './driver-lifetime';
import { killUntilTerminal, type KillRetryOptions } from './kill-until-terminal';

/**
 * What killing a task until it ends works with: the driver's lifetime, streams, clock and bus.
 *
 * @example
 * ```ts
 * const parts: KillTaskParts = {
 *   lifetime,
 *   statusUpdates$: driver.statusUpdates$,
 *   reregistered$: driver.reregistered$,
 *   scheduler: asyncScheduler,
 *   send: (command) => void driver.send(command),
 * };
 * ```
 */
export interface KillTaskParts {
  readonly lifetime: DriverLifetime;
  readonly statusUpdates$: Observable<TaskStatus>;
  /** Each re-subscription sends the KILL again at once. */
  readonly reregistered$: Observable<MasterInfo | undefined>;
  readonly scheduler: SchedulerLike;
  /** Sends one KILL; failures are reported by the bus. */
  readonly send: (command: Command) => void;
}

/**
 * Sends KILLs for `taskId` until an update of it has a terminal state; resolves with that
 * status, or with `NOT_RUNNING` when the driver is not running or stops first. Never rejects.
 *
 * @example
 * ```ts
 * const outcome = await killTaskUntilTerminal({ value: 'web-1' }, { initialMs: 10_000 }, parts);
 * if (outcome._tag === 'Right') console.log('ended as', outcome.right.state);
 * ```
 * Spec: docs/protocol.md §8.
 */
export function killTaskUntilTerminal(
  taskId: TaskId,
  options: KillRetryOptions,
  parts: KillTaskParts,
): Promise<Either<DriverError, TaskStatus>> {
  const { lifetime } = parts;
  if (!lifetime.running) {
    return Promise.resolve(
      left(new DriverError('NOT_RUNNING', `the driver is ${lifetime.status}`, { subject: taskId })),
    );
  }
  return new Promise((resolve) => {
    parts.statusUpdates$
      .pipe(
        filter((s) => s.task_id.value === taskId.value && isTerminalTaskState(s.state)),
        take(1),
      )
      .subscribe({
        next: (status) => {
          resolve(right(status));
        },
        complete: () => {
          resolve(
            left(
              new DriverError(
                'NOT_RUNNING',
                `the driver stopped before task ${taskId.value} reached a terminal state`,
                { subject: taskId },
              ),
            ),
          );
        },
      });
    // each KILL is sent on its own (not one after the other's outcome): a repeat must not
    // wait behind a KILL that is waiting for a subscription
    killUntilTerminal(taskId, parts.statusUpdates$, {
      ...options,
      scheduler: parts.scheduler,
      again$: parts.reregistered$,
    }).subscribe((command) => {
      if (lifetime.running) parts.send(command);
    });
  });
}
