/**
 * The reconciliation a subscription starts with, wired to the command bus.
 *
 * @module
 */
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import type { Command } from '../calls';
import type { TaskStatus } from '../wire';
import { DriverError } from './driver-error';
import type { DriverOptions } from './driver-options';
import { reconciliation, type KnownTask } from './reconciliation';

/**
 * What a subscription's reconciliation works with.
 *
 * @example
 * ```ts
 * const parts: ReconciliationParts = {
 *   options,
 *   updates$: driver.statusUpdates$,
 *   scheduler: asyncScheduler,
 *   running: () => driver.status === 'DRIVER_RUNNING',
 *   send: (command, first) => console.log(command.type, first ? 'first in line' : ''),
 *   report: (error) => console.error(error.code),
 * };
 * ```
 */
export interface ReconciliationParts {
  /** `reconcileOnSubscribe`, `knownTasks`, `reconcileBackoff` and `reconcileEveryMs`. */
  readonly options: DriverOptions;
  readonly updates$: Observable<TaskStatus>;
  readonly scheduler: SchedulerLike;
  readonly running: () => boolean;
  /** Sends a RECONCILE; `first` puts it before every command waiting for the subscription. */
  readonly send: (command: Command, first: boolean) => void;
  /** `knownTasks` threw: reported as `HANDLER_FAILED`, and only the implicit one is sent. */
  readonly report: (error: DriverError) => void;
}

/**
 * Starts the reconciliation of a new subscription (explicit for the known tasks, then
 * implicit, then periodic), its first RECONCILE first in line; unsubscribe it when the
 * subscription ends. Undefined when `reconcileOnSubscribe` is false.
 *
 * @example
 * ```ts
 * let reconciling = startReconciliation(parts);
 * // … the subscription ends:
 * reconciling?.unsubscribe();
 * reconciling = undefined;
 * ```
 * Spec: docs/protocol.md §9.
 */
export function startReconciliation(parts: ReconciliationParts): Subscription | undefined {
  const { options } = parts;
  if (!(options.reconcileOnSubscribe ?? true)) return undefined;
  let known: readonly KnownTask[] = [];
  try {
    known = options.knownTasks?.() ?? [];
  } catch (e) {
    parts.report(
      new DriverError(
        'HANDLER_FAILED',
        `knownTasks failed: ${e instanceof Error ? e.message : String(e)}; reconciling implicitly only`,
        { cause: e },
      ),
    );
  }
  let first = true;
  return reconciliation({
    known,
    updates$: parts.updates$,
    scheduler: parts.scheduler,
    ...options.reconcileBackoff,
    ...(options.reconcileEveryMs === undefined ? {} : { everyMs: options.reconcileEveryMs }),
  }).subscribe((command) => {
    if (!parts.running()) return;
    parts.send(command, first);
    first = false;
  });
}
