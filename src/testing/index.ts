/**
 * `rxmesos/testing`: a simulated Mesos master to develop and test against, over loopback HTTP.
 *
 * @example
 * ```ts
 * import { SimulatedMaster } from 'rxmesos/testing';
 * const master = await SimulatedMaster.start();
 * ```
 * @module
 */
export { SimulatedMaster } from './sim/simulated-master';
export type { AgentSpec, SimOptions, TaskScript } from './sim/sim-options';
