import fc from 'fast-check';
import { seconds } from '../../src/calls';

const NANOS = 1_000_000_000n;
const INT64_MAX = 2n ** 63n - 1n;

describe('seconds', () => {
  it('gives exact nanoseconds as a decimal string', () => {
    expect(seconds(0)).toEqual({ nanoseconds: '0' });
    expect(seconds(5)).toEqual({ nanoseconds: '5000000000' });
    expect(seconds(2.5)).toEqual({ nanoseconds: '2500000000' });
    expect(seconds(0.000000001)).toEqual({ nanoseconds: '1' });
    expect(seconds(-1.5)).toEqual({ nanoseconds: '-1500000000' });
    expect(seconds(604800)).toEqual({ nanoseconds: '604800000000000' });
  });

  it('is exact for whole seconds far beyond 2^53 nanoseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_000_000_000, max: 9_000_000_000 }), (n) => {
        expect(seconds(n).nanoseconds).toBe(String(BigInt(n) * NANOS));
      }),
    );
  });

  it('rounds fractions to the nearest nanosecond', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (n) => {
        // |result - n × 1e9| ≤ ½ ns, computed exactly on the double's exact value num / den
        const { num, den } = exactValue(n);
        const got = BigInt(seconds(n).nanoseconds);
        const diff = got * den - num * NANOS;
        const abs = diff < 0n ? -diff : diff;
        expect(abs * 1_000_000n <= den * 500_001n).toBe(true);
      }),
    );
  });

  it('saturates at the int64 range and refuses NaN', () => {
    expect(seconds(Infinity).nanoseconds).toBe(String(INT64_MAX));
    expect(seconds(-Infinity).nanoseconds).toBe(String(-INT64_MAX - 1n));
    expect(seconds(1e12).nanoseconds).toBe(String(INT64_MAX));
    expect(() => seconds(NaN)).toThrow(RangeError);
  });
});

/** The exact value of a finite double as a fraction num / den (den a power of two). */
function exactValue(n: number): { num: bigint; den: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n === 1n ? -1n : 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const e = (exponent === 0 ? 1 : exponent) - 1075;
  return e >= 0
    ? { num: sign * (mantissa << BigInt(e)), den: 1n }
    : { num: sign * mantissa, den: 1n << BigInt(-e) };
}
