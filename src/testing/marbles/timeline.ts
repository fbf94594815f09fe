/**
 * Values with the virtual time they happened at, and marble diagrams of them.
 *
 * @module
 */
import { parseMarbleSteps } from './marble-syntax';

/**
 * A value and the frame (virtual millisecond) it happened at.
 *
 * @example
 * ```ts
 * const lost: TimedValue<string> = { frame: 75_000, value: 'no event for 75000 ms (heartbeat timeout)' };
 * ```
 */
export interface TimedValue<T> {
  readonly frame: number;
  readonly value: T;
}

/**
 * The values a marble diagram shows, with their frames: what a `VirtualClock` recording is
 * compared with. The diagram follows the run-mode rules of RxJS (one frame per millisecond,
 * `(ab)` for one frame, time progressions such as `74999ms` or `75s` after a space); it has
 * values only (no `|`, `#`, `^` or `!`), and every key needs a value.
 *
 * @example
 * ```ts
 * timeline('s 74999ms d', { s: 'SUBSCRIBE', d: 'disconnected' });
 * // [{ frame: 0, value: 'SUBSCRIBE' }, { frame: 75000, value: 'disconnected' }]
 * const lost = clock.record(driver.disconnected$);
 * // … later:
 * expect(lost).toEqual(timeline('75s d', { d: 'no event for 75000 ms (heartbeat timeout)' }));
 * ```
 */
export function timeline<T>(marbles: string, values: Readonly<Record<string, T>>): TimedValue<T>[] {
  return parseMarbleSteps(marbles).map((step) => {
    if (step.kind !== 'value')
      throw new SyntaxError(`a timeline has values only: '${marbles}' at frame ${step.frame}`);
    if (!Object.prototype.hasOwnProperty.call(values, step.key))
      throw new SyntaxError(`no value for '${step.key}' in '${marbles}'`);
    return { frame: step.frame, value: values[step.key] as T };
  });
}
