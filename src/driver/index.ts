export { createDriver } from './create-driver';
export type { DriverOptions, DriverLogger, MasterOption } from './driver-options';
export type {
  SchedulerDriver,
  CommandOutcome,
  CommandAccepted,
  CommandError,
  Registered,
} from './scheduler-driver';
export type { DriverState } from './driver-state';
export type { DriverStatus } from './driver-status';
export { DriverError, type DriverErrorCode } from './driver-error';
export { backoffDelay, exponentialDelay, type BackoffOptions } from './backoff';
export type { DriverMetrics } from './driver-metrics';
export {
  heartbeatWatchdog,
  type HeartbeatWatchdogOptions,
  type WatchdogTick,
  type WatchdogTimeout,
} from './heartbeat-watchdog';
export {
  reconciliation,
  type KnownTask,
  type ReconciliationBackoff,
  type ReconciliationOptions,
} from './reconciliation';
export {
  killUntilTerminal,
  type KillRetryOptions,
  type KillUntilTerminalOptions,
} from './kill-until-terminal';
export { driverStreams, DriverStreamFields, type DriverStreams } from './driver-streams';
export { DriverSubjects } from './driver-subjects';
