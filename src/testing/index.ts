/**
 * `rxmesos/testing`: a simulated Mesos master to develop and test against, over loopback HTTP,
 * with fault injection from code and over HTTP, and groups of masters whose leader moves; and
 * the marble-testing kit for scheduling logic and the driver's timers in virtual time.
 *
 * @example
 * ```ts
 * import { SimulatedMaster, SimulatedMasterGroup } from 'rxmesos/testing';
 * const master = await SimulatedMaster.start();
 * const group = await SimulatedMasterGroup.start({ masters: 3 });
 * ```
 * @module
 */
export { SimulatedMaster } from './sim/simulated-master';
export { SimulatedMasterGroup, type SimGroupOptions } from './sim/master-group';
export type { FaultTarget, RestartOptions, StreamCutOptions } from './sim/fault-target';
export { ADMIN_PREFIX } from './sim/admin-endpoint';
export type { LeaderAddress } from './sim/http-endpoint';
export type { MaintenanceWindow } from './sim/cluster';
export type { AgentSpec, SimOptions, TaskScript } from './sim/sim-options';

// the marble-testing kit (docs/marbles.md)
export * from './marbles';
