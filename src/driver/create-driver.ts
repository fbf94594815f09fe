/**
 * The entry point of the reactive driver.
 *
 * @module
 */
import type { DriverOptions } from './driver-options';
import { ReactiveDriver } from './reactive-driver';
import type { SchedulerDriver } from './scheduler-driver';

/**
 * Creates a driver for one framework. Nothing happens until `start()` (or `run()`).
 *
 * @example
 * ```ts
 * import { createDriver, declineOffer } from 'rxmesos';
 * const driver = createDriver({
 *   master: ['m1:5050', 'm2:5050'],
 *   framework: { name: 'thumbnails', user: 'svc', failover_timeout: 7 * 24 * 3600, capabilities: [{ type: 'PARTITION_AWARE' }] },
 * });
 * driver.handle(driver.offers$, (offers) => offers.map((o) => declineOffer(o.id, { refuse_seconds: 30 })));
 * const final = await driver.run(); // DRIVER_STOPPED or DRIVER_ABORTED
 * ```
 * Spec: docs/protocol.md §3.
 */
export function createDriver(options: DriverOptions): SchedulerDriver {
  return new ReactiveDriver(options);
}
