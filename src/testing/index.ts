/**
 * `rxmesos/testing`: a simulated Mesos master and marble-testing helpers. The entry point
 * exists so that imports resolve; its members arrive with the simulated master.
 *
 * @module
 */
export {};
