/**
 * `seconds`: a duration from seconds, for kill policies and the like.
 *
 * @module
 */
import type { DurationInfo } from '../wire';

const NANOS_PER_SECOND = 1_000_000_000n;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * A `DurationInfo` of `n` seconds: exact nanoseconds, as the model's decimal int64 string.
 *
 * Fractions are kept to the nanosecond (rounded); durations beyond the int64 range (about 292
 * years), including `±Infinity`, saturate at its bounds. `NaN` is not a duration and throws a
 * `RangeError`.
 *
 * @example
 * ```ts
 * seconds(30); // { nanoseconds: '30000000000' }
 * const cmd = killTask({ value: 'web-1' }, { killPolicy: { grace_period: seconds(2.5) } });
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export function seconds(n: number): DurationInfo {
  if (Number.isNaN(n)) throw new RangeError('seconds(NaN): not a duration');
  let nanos: bigint;
  if (!Number.isFinite(n)) {
    nanos = n > 0 ? INT64_MAX : INT64_MIN;
  } else {
    // Whole seconds as a bigint, so large durations stay exact; only the fraction (exact as a
    // double) is scaled as a double, which is accurate to far below a nanosecond.
    const whole = Math.trunc(n);
    nanos = BigInt(whole) * NANOS_PER_SECOND + BigInt(Math.round((n - whole) * 1e9));
    if (nanos > INT64_MAX) nanos = INT64_MAX;
    if (nanos < INT64_MIN) nanos = INT64_MIN;
  }
  return { nanoseconds: `${nanos}` };
}
