/**
 * `DurationInfo` conversions and the stout `Duration` text the agent puts into an
 * executor's environment (`5secs`, `15mins`).
 *
 * @module
 */
import type { DurationInfo, TimeInfo } from '../../../wire';

/**
 * A `DurationInfo` in milliseconds; `undefined` when absent or not a number.
 *
 * @example
 * ```ts
 * durationMs({ nanoseconds: '1500000000' }); // 1500
 * ```
 */
export function durationMs(duration: DurationInfo | undefined): number | undefined {
  if (duration === undefined) return undefined;
  const ns = Number(duration.nanoseconds);
  return Number.isFinite(ns) ? Math.max(0, ns / 1e6) : undefined;
}

/**
 * A duration as stout prints it: the largest unit that keeps the value at least 1.
 *
 * @example
 * ```ts
 * formatDuration(5000); // '5secs'
 * formatDuration(900_000); // '15mins'
 * formatDuration(250); // '250ms'
 * ```
 */
export function formatDuration(ms: number): string {
  const units: readonly (readonly [number, string])[] = [
    [7 * 24 * 3_600_000, 'weeks'],
    [24 * 3_600_000, 'days'],
    [3_600_000, 'hrs'],
    [60_000, 'mins'],
    [1000, 'secs'],
    [1, 'ms'],
  ];
  for (const [size, name] of units) {
    if (ms >= size) return `${Number((ms / size).toPrecision(6))}${name}`;
  }
  return `${Number((ms * 1000).toPrecision(6))}us`;
}

/**
 * Seconds since the epoch as a `TimeInfo` (nanoseconds, exact decimal string).
 *
 * @example
 * ```ts
 * timeInfo(1.5); // { nanoseconds: '1500000000' }
 * ```
 */
export function timeInfo(seconds: number): TimeInfo {
  const ns = BigInt(Math.round(seconds * 1e6)) * 1000n;
  return { nanoseconds: `${ns}` };
}
