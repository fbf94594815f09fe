/**
 * The classic driver status.
 *
 * @module
 */

/**
 * Where a driver is in its life, as the classic `SchedulerDriver` reports it:
 * `DRIVER_NOT_STARTED` → `DRIVER_RUNNING` → `DRIVER_STOPPED` (stop) or `DRIVER_ABORTED`
 * (abort, or an unrecoverable error such as `Framework failed over`).
 *
 * @example
 * ```ts
 * const final: DriverStatus = await driver.run();
 * process.exit(final === 'DRIVER_STOPPED' ? 0 : 1);
 * ```
 * Spec: docs/protocol.md §10.
 */
export type DriverStatus =
  'DRIVER_NOT_STARTED' | 'DRIVER_RUNNING' | 'DRIVER_ABORTED' | 'DRIVER_STOPPED';
