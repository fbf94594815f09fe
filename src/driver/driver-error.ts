/**
 * The errors the driver reports on `errors$` and in command outcomes.
 *
 * @module
 */
import { TaggedError } from '../internal';

/**
 * Why something the driver did or was asked to do failed.
 *
 * - `MASTER_ERROR`: an `ERROR` event (the subscription is over; `Framework failed over` means
 *   another instance took over, and the driver does not re-subscribe);
 * - `SUBSCRIBE_REFUSED`: the master refused SUBSCRIBE with a 4xx (bad FrameworkInfo, credentials);
 * - `HANDLER_FAILED`: a handler threw or its Observable errored (the event is attached);
 * - `UNDECODABLE_EVENT`: a record of the stream that is not a valid event (skipped);
 * - `NOT_RUNNING`: a command sent to a driver that is not running;
 * - `QUEUE_FULL`, `QUEUE_TIMEOUT`: a command that could not wait for a subscription;
 * - `COMMAND_FAILED`: the master refused a command, or retries ran out (the transport error is the cause);
 * - `OFFER_NOT_OUTSTANDING`: an ACCEPT named an offer that is no longer outstanding (rescinded,
 *   void after a re-subscription, or used already); it was not sent, and its tasks got
 *   `TASK_DROPPED` (`TASK_LOST`) with `REASON_INVALID_OFFERS`.
 *
 * @example
 * ```ts
 * const retryLater = (code: DriverErrorCode): boolean => code === 'QUEUE_TIMEOUT' || code === 'QUEUE_FULL';
 * ```
 */
export type DriverErrorCode =
  | 'MASTER_ERROR'
  | 'SUBSCRIBE_REFUSED'
  | 'HANDLER_FAILED'
  | 'UNDECODABLE_EVENT'
  | 'NOT_RUNNING'
  | 'QUEUE_FULL'
  | 'QUEUE_TIMEOUT'
  | 'COMMAND_FAILED'
  | 'OFFER_NOT_OUTSTANDING';

/**
 * An error of the driver, with what it concerns.
 *
 * @example
 * ```ts
 * driver.errors$.subscribe((e) => {
 *   if (e.code === 'MASTER_ERROR') log.error('master says', e.message);
 * });
 * ```
 */
export class DriverError extends TaggedError<'DriverError', DriverErrorCode> {
  /** The event being handled, or the command being sent, if any. */
  readonly subject: unknown;

  constructor(
    code: DriverErrorCode,
    message: string,
    options: {
      readonly subject?: unknown;
      readonly cause?: unknown;
      readonly retryable?: boolean;
    } = {},
  ) {
    super('DriverError', code, message, {
      retryable: options.retryable ?? false,
      cause: options.cause,
    });
    this.subject = options.subject;
  }
}
