/**
 * Counters of the driver, for monitoring and for tests of its bounds.
 *
 * @module
 */

/**
 * A snapshot of the driver's counters. `eventsRead − eventsHandled` is what the driver holds
 * of the event stream at this moment: it stays small because the reader waits for the
 * handlers (see docs/driver.md, "Backpressure").
 *
 * @example
 * ```ts
 * const m = driver.metrics();
 * log.info('driver', { backlog: m.eventsRead - m.eventsHandled, queued: m.commandsQueued });
 * ```
 * Spec: docs/protocol.md §3.
 */
export interface DriverMetrics {
  /** Bytes read from the master's subscription streams since start. */
  readonly bytesRead: number;
  /** Events framed off the streams since start (handled or not yet). */
  readonly eventsRead: number;
  /** Events of the streams whose handlers have completed. */
  readonly eventsHandled: number;
  /** Commands waiting for a subscription or for a retry. */
  readonly commandsQueued: number;
  /** Commands sent to the master and not answered yet. */
  readonly commandsInFlight: number;
  /** Subscriptions made (SUBSCRIBED received) since start. */
  readonly subscriptions: number;
}
