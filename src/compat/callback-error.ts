/**
 * The error of a `Scheduler` callback that threw.
 *
 * @module
 */
import { TaggedError } from '../internal';
import type { Scheduler } from './scheduler';

/**
 * A `Scheduler` callback threw or its Promise rejected; `callback` names it and `cause` is
 * what it threw. With `abortOnCallbackError: false` the driver goes on and hands it to
 * `onCallbackError`; by default the driver aborts and calls `error(driver, message)`.
 *
 * @example
 * ```ts
 * new MesosSchedulerDriver(scheduler, framework, 'm1:5050', {
 *   abortOnCallbackError: false,
 *   onCallbackError: (e) => log.warn(`${e.callback} failed`, e.cause),
 * });
 * ```
 * Spec: docs/porting.md, "Semantic differences".
 */
export class CallbackError extends TaggedError<'CallbackError', 'CALLBACK_FAILED'> {
  /** The callback that failed. */
  readonly callback: keyof Scheduler;

  constructor(callback: keyof Scheduler, cause: unknown) {
    super(
      'CallbackError',
      'CALLBACK_FAILED',
      `the ${callback} callback failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, retryable: false },
    );
    this.callback = callback;
  }
}
