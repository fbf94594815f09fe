/**
 * Scalar arithmetic as Mesos does it: values are converted to a fixed-point form with three
 * decimal digits, combined, and converted back, so `0.1 + 0.2` is exactly `0.3`.
 *
 * @module
 */

/**
 * A scalar as an integer number of thousandths, rounded half away from zero (`llround`).
 *
 * @example
 * ```ts
 * toFixedPoint(0.1234); // 123
 * ```
 */
export function toFixedPoint(value: number): number {
  const scaled = value * 1000;
  return scaled < 0 ? -Math.round(-scaled) : Math.round(scaled);
}

/**
 * A fixed-point scalar (thousandths) back as a number: integer part plus the remainder.
 *
 * @example
 * ```ts
 * fromFixedPoint(1500); // 1.5
 * ```
 */
export function fromFixedPoint(fixed: number): number {
  const quotient = Math.trunc(fixed / 1000);
  const remainder = (fixed % 1000) / 1000;
  return quotient + remainder + 0; // `+ 0` turns -0 into 0
}

/**
 * Rounds a scalar to the three decimal digits Mesos keeps.
 *
 * @example
 * ```ts
 * roundScalar(0.30000000000000004); // 0.3
 * ```
 */
export function roundScalar(value: number): number {
  return fromFixedPoint(toFixedPoint(value));
}

/**
 * `a + b` in fixed point.
 *
 * @example
 * ```ts
 * addScalar(0.1, 0.2); // 0.3
 * ```
 */
export function addScalar(a: number, b: number): number {
  return fromFixedPoint(toFixedPoint(a) + toFixedPoint(b));
}

/**
 * `a - b` in fixed point.
 *
 * @example
 * ```ts
 * subtractScalar(1, 0.9); // 0.1
 * ```
 */
export function subtractScalar(a: number, b: number): number {
  return fromFixedPoint(toFixedPoint(a) - toFixedPoint(b));
}

/**
 * `a <= b` in fixed point: values closer than half a thousandth compare equal.
 *
 * @example
 * ```ts
 * scalarLessOrEqual(1.0004, 1); // true
 * ```
 */
export function scalarLessOrEqual(a: number, b: number): boolean {
  return toFixedPoint(a) <= toFixedPoint(b);
}

/**
 * `a == b` in fixed point.
 *
 * @example
 * ```ts
 * scalarEquals(0.1 + 0.2, 0.3); // true
 * ```
 */
export function scalarEquals(a: number, b: number): boolean {
  return toFixedPoint(a) === toFixedPoint(b);
}

/**
 * A scalar as Mesos prints it in messages: rounded to three decimals, then up to 15
 * significant digits with C++ `%g` rules (`1`, `0.5`, `1e+15`).
 *
 * @example
 * ```ts
 * formatScalar(128); // '128'
 * formatScalar(0.1 + 0.2); // '0.3'
 * ```
 */
export function formatScalar(value: number): string {
  const v = Number(roundScalar(value).toPrecision(15));
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e15 || abs < 1e-4) {
    const [mantissa = '0', exponent = '0'] = v.toExponential().split('e');
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[-+]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(v);
}
