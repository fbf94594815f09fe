/**
 * `Value.Ranges` arithmetic (inclusive `[begin, end]` intervals of uint64), exact for any
 * value: bounds are decimal strings in the model and are handled as `bigint`.
 *
 * @module
 */
import type { Int64, Value } from '../wire';

/** One interval with exact bounds. */
interface Interval {
  readonly begin: bigint;
  readonly end: bigint;
}

function toIntervals(ranges: Value.Ranges | undefined): Interval[] {
  return (ranges?.range ?? []).map((r) => ({
    begin: BigInt(r.begin),
    end: BigInt(r.end),
  }));
}

function fromIntervals(intervals: readonly Interval[]): Value.Ranges {
  return {
    range: intervals.map((i) => ({ begin: `${i.begin}` as const, end: `${i.end}` as const })),
  };
}

function coalesce(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) =>
    a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0,
  );
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && next.begin <= last.end + 1n) {
      out[out.length - 1] = { begin: last.begin, end: next.end > last.end ? next.end : last.end };
    } else {
      out.push(next);
    }
  }
  return out;
}

/**
 * Builds `Value.Ranges` from `[begin, end]` pairs (numbers, bigints or decimal strings).
 *
 * @example
 * ```ts
 * rangesOf([[31000, 32000]]); // { range: [{ begin: '31000', end: '32000' }] }
 * ```
 */
export function rangesOf(
  pairs: readonly (readonly [number | bigint | Int64, number | bigint | Int64])[],
): Value.Ranges {
  return fromIntervals(pairs.map(([b, e]) => ({ begin: BigInt(b), end: BigInt(e) })));
}

/**
 * Sorts and merges overlapping or adjacent intervals (`[1-2]` and `[3-4]` become `[1-4]`).
 *
 * @example
 * ```ts
 * coalesceRanges(rangesOf([[3, 4], [1, 2]])); // [1-4]
 * ```
 */
export function coalesceRanges(ranges: Value.Ranges | undefined): Value.Ranges {
  return fromIntervals(coalesce(toIntervals(ranges)));
}

/**
 * The union of two range sets, coalesced.
 *
 * @example
 * ```ts
 * addRanges(rangesOf([[1, 5]]), rangesOf([[6, 9]])); // [1-9]
 * ```
 */
export function addRanges(a: Value.Ranges | undefined, b: Value.Ranges | undefined): Value.Ranges {
  return fromIntervals(coalesce([...toIntervals(a), ...toIntervals(b)]));
}

/**
 * `a` without the values of `b` (interval-set difference), coalesced.
 *
 * @example
 * ```ts
 * subtractRanges(rangesOf([[1, 10]]), rangesOf([[4, 5]])); // [1-3, 6-10]
 * ```
 */
export function subtractRanges(
  a: Value.Ranges | undefined,
  b: Value.Ranges | undefined,
): Value.Ranges {
  let remaining = coalesce(toIntervals(a));
  for (const cut of coalesce(toIntervals(b))) {
    const next: Interval[] = [];
    for (const r of remaining) {
      if (cut.end < r.begin || cut.begin > r.end) {
        next.push(r);
        continue;
      }
      if (cut.begin > r.begin) next.push({ begin: r.begin, end: cut.begin - 1n });
      if (cut.end < r.end) next.push({ begin: cut.end + 1n, end: r.end });
    }
    remaining = next;
  }
  return fromIntervals(remaining);
}

/**
 * Whether every value of `inner` is in `outer`.
 *
 * @example
 * ```ts
 * rangesContain(rangesOf([[31000, 32000]]), rangesOf([[31000, 31001]])); // true
 * ```
 */
export function rangesContain(
  outer: Value.Ranges | undefined,
  inner: Value.Ranges | undefined,
): boolean {
  const out = coalesce(toIntervals(outer));
  return coalesce(toIntervals(inner)).every((i) =>
    out.some((o) => i.begin >= o.begin && i.end <= o.end),
  );
}

/**
 * Whether two range sets hold the same values.
 *
 * @example
 * ```ts
 * rangesEqual(rangesOf([[1, 2], [3, 4]]), rangesOf([[1, 4]])); // true
 * ```
 */
export function rangesEqual(a: Value.Ranges | undefined, b: Value.Ranges | undefined): boolean {
  const x = coalesce(toIntervals(a));
  const y = coalesce(toIntervals(b));
  return x.length === y.length && x.every((r, i) => r.begin === y[i]?.begin && r.end === y[i]?.end);
}

/**
 * How many values the ranges hold (`end - begin + 1` summed), as a number.
 *
 * @example
 * ```ts
 * rangesSize(rangesOf([[31000, 32000]])); // 1001
 * ```
 */
export function rangesSize(ranges: Value.Ranges | undefined): number {
  return Number(coalesce(toIntervals(ranges)).reduce((n, r) => n + (r.end - r.begin + 1n), 0n));
}

/**
 * The first problem with a ranges value as `Resources::validate` reports it: an inverted
 * interval, or two intervals that overlap.
 *
 * @example
 * ```ts
 * rangesProblem(rangesOf([[5, 1]])); // 'Invalid ranges resource: begin > end'
 * ```
 */
export function rangesProblem(ranges: Value.Ranges | undefined): string | undefined {
  const list = toIntervals(ranges);
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (r === undefined) continue;
    if (r.begin > r.end) return 'Invalid ranges resource: begin > end';
    for (let j = i + 1; j < list.length; j++) {
      const s = list[j];
      if (s !== undefined && r.begin <= s.begin && s.begin <= r.end) {
        return 'Invalid ranges resource: overlapping ranges';
      }
    }
  }
  return undefined;
}

/**
 * Ranges as Mesos prints them: `[31000-32000, 33000-33010]`.
 *
 * @example
 * ```ts
 * formatRanges(rangesOf([[1, 2]])); // '[1-2]'
 * ```
 */
export function formatRanges(ranges: Value.Ranges | undefined): string {
  return `[${(ranges?.range ?? []).map((r) => `${r.begin}-${r.end}`).join(', ')}]`;
}
