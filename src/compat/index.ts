/**
 * `rxmesos/compat`: the classic face of rxmesos, a {@link Scheduler} callback interface and a
 * {@link MesosSchedulerDriver} with the sixteen classic methods, built on the reactive core,
 * so that a framework written for the Java or Python driver ports over line for line.
 *
 * @example
 * ```ts
 * import { MesosSchedulerDriver, type Scheduler } from 'rxmesos/compat';
 * const scheduler: Scheduler = {
 *   resourceOffers: (driver, offers) => offers.forEach((o) => driver.declineOffer(o.id)),
 * };
 * await new MesosSchedulerDriver(scheduler, { name: 'demo', user: 'me' }, 'm1:5050').run();
 * ```
 * Spec: docs/protocol.md §10; docs/porting.md.
 * @module
 */
export type { Scheduler, CallbackResult } from './scheduler';
export type { ClassicSchedulerDriver } from './classic-scheduler-driver';
export { MesosSchedulerDriver } from './mesos-scheduler-driver';
export type { MesosSchedulerDriverOptions, Credentials } from './mesos-scheduler-driver-options';
export { CallbackError } from './callback-error';
export { MasterAddressError, type MasterAddressErrorCode } from './master-address-error';
export { masterUrlOf } from './master-url-of';
export type { DriverStatus } from '../driver';
