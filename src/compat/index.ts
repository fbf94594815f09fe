/**
 * `rxmesos/compat`: the classic face of rxmesos, a `Scheduler` callback interface and a
 * `MesosSchedulerDriver` with the sixteen classic methods, built on the reactive core.
 * The entry point exists so that imports resolve; its members arrive with the driver.
 *
 * @module
 */
export {};
