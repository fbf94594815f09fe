/**
 * Maintenance windows: when an agent will be unavailable, as `Unavailability` carries it
 * (nanoseconds since the epoch, exact as decimal strings).
 *
 * @module
 */
import type { Int64, Unavailability } from '../../../wire';

/**
 * A maintenance window in seconds since the epoch.
 *
 * @example
 * ```ts
 * const w: MaintenanceWindow = { start: Date.now() / 1000 + 3600, duration: 600 };
 * ```
 */
export interface MaintenanceWindow {
  /** Start, seconds since the epoch (fractions allowed). */
  readonly start: number;
  /** Length in seconds; unset means "until further notice". */
  readonly duration?: number;
}

function nanoseconds(seconds: number): Int64 {
  const whole = Math.trunc(seconds);
  const fraction = Math.round((seconds - whole) * 1e9);
  return `${BigInt(whole) * 1_000_000_000n + BigInt(fraction)}` as const;
}

/**
 * The `Unavailability` of a window.
 *
 * @example
 * ```ts
 * unavailabilityOf({ start: 1700000000, duration: 3600 });
 * // { start: { nanoseconds: '1700000000000000000' }, duration: { nanoseconds: '3600000000000' } }
 * ```
 */
export function unavailabilityOf(window: MaintenanceWindow): Unavailability {
  return {
    start: { nanoseconds: nanoseconds(window.start) },
    ...(window.duration === undefined
      ? {}
      : { duration: { nanoseconds: nanoseconds(window.duration) } }),
  };
}
