import fc from 'fast-check';
import {
  addRanges,
  addScalar,
  addSets,
  coalesceRanges,
  formatRanges,
  formatScalar,
  formatSet,
  rangesContain,
  rangesEqual,
  rangesOf,
  rangesProblem,
  rangesSize,
  roundScalar,
  scalarEquals,
  scalarLessOrEqual,
  setContains,
  setsEqual,
  subtractRanges,
  subtractScalar,
  subtractSets,
  toFixedPoint,
} from '../../src/offers';

describe('scalars in fixed point', () => {
  it('round to three decimals, half away from zero', () => {
    expect([toFixedPoint(0.0005), toFixedPoint(-0.0005), toFixedPoint(1.2344)]).toEqual([
      1, -1, 1234,
    ]);
    expect(roundScalar(0.30000000000000004)).toBe(0.3);
    expect(roundScalar(-0)).toBe(0);
  });

  it('add and subtract exactly', () => {
    expect(addScalar(0.1, 0.2)).toBe(0.3);
    expect(subtractScalar(1, 0.9)).toBe(0.1);
    let sum = 0;
    for (let i = 0; i < 10; i++) sum = addScalar(sum, 0.1);
    expect(sum).toBe(1);
  });

  it('compare within half a thousandth', () => {
    expect(scalarLessOrEqual(1.0004, 1)).toBe(true);
    expect(scalarLessOrEqual(1.0006, 1)).toBe(false);
    expect(scalarEquals(0.1 + 0.2, 0.3)).toBe(true);
  });

  it('print like the master', () => {
    expect([128, 0.5, 1.25, 0.001, 0.0001, 1e15, 123456789].map(formatScalar)).toEqual([
      '128',
      '0.5',
      '1.25',
      '0.001',
      '0',
      '1e+15',
      '123456789',
    ]);
  });

  it('a + b - b == a for values with three decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (a, b) => {
        const x = a / 1000;
        const y = b / 1000;
        return subtractScalar(addScalar(x, y), y) === roundScalar(x);
      }),
    );
  });
});

describe('ranges', () => {
  it('coalesce overlapping and adjacent intervals, sorted', () => {
    expect(
      coalesceRanges(
        rangesOf([
          [5, 6],
          [1, 2],
          [3, 3],
          [10, 12],
          [11, 20],
        ]),
      ),
    ).toEqual(
      rangesOf([
        [1, 3],
        [5, 6],
        [10, 20],
      ]),
    );
  });

  it('add, subtract, contain', () => {
    expect(addRanges(rangesOf([[1, 5]]), rangesOf([[6, 9]]))).toEqual(rangesOf([[1, 9]]));
    expect(
      subtractRanges(
        rangesOf([[1, 10]]),
        rangesOf([
          [4, 5],
          [10, 12],
        ]),
      ),
    ).toEqual(
      rangesOf([
        [1, 3],
        [6, 9],
      ]),
    );
    expect(subtractRanges(rangesOf([[1, 3]]), rangesOf([[1, 3]]))).toEqual({ range: [] });
    expect(
      rangesContain(
        rangesOf([[31000, 32000]]),
        rangesOf([
          [31000, 31001],
          [31500, 31500],
        ]),
      ),
    ).toBe(true);
    expect(
      rangesContain(
        rangesOf([
          [1, 2],
          [4, 5],
        ]),
        rangesOf([[2, 4]]),
      ),
    ).toBe(false);
    expect(
      rangesEqual(
        rangesOf([
          [1, 2],
          [3, 4],
        ]),
        rangesOf([[1, 4]]),
      ),
    ).toBe(true);
    expect(
      rangesSize(
        rangesOf([
          [31000, 32000],
          [1, 1],
        ]),
      ),
    ).toBe(1002);
  });

  it('are exact beyond 2^53', () => {
    const max = '18446744073709551615' as const;
    const big = rangesOf([['18446744073709551610', max]]);
    expect(
      subtractRanges(big, rangesOf([['18446744073709551611', '18446744073709551614']])),
    ).toEqual(
      rangesOf([
        ['18446744073709551610', '18446744073709551610'],
        [max, max],
      ]),
    );
    expect(rangesSize(big)).toBe(6);
  });

  it('are checked and printed as the master does', () => {
    expect(rangesProblem(rangesOf([[5, 1]]))).toBe('Invalid ranges resource: begin > end');
    expect(
      rangesProblem(
        rangesOf([
          [1, 5],
          [3, 8],
        ]),
      ),
    ).toBe('Invalid ranges resource: overlapping ranges');
    expect(
      rangesProblem(
        rangesOf([
          [1, 5],
          [6, 8],
        ]),
      ),
    ).toBeUndefined();
    expect(
      formatRanges(
        rangesOf([
          [1, 2],
          [4, 4],
        ]),
      ),
    ).toBe('[1-2, 4-4]');
  });

  it('x - y is disjoint from y, inside x, and (x - y) + y == x + y', () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20 }))
      .map(([b, n]) => [b, b + n] as [number, number]);
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 5 }),
        fc.array(interval, { maxLength: 5 }),
        (a, b) => {
          const x = rangesOf(a);
          const y = rangesOf(b);
          const rest = subtractRanges(x, y);
          const disjoint = rangesSize(addRanges(rest, y)) === rangesSize(rest) + rangesSize(y);
          return (
            rangesEqual(addRanges(rest, y), addRanges(x, y)) && disjoint && rangesContain(x, rest)
          );
        },
      ),
    );
  });
});

describe('sets', () => {
  it('add without duplicates, subtract, contain, compare, print', () => {
    expect(addSets({ item: ['a', 'b'] }, { item: ['b', 'c'] })).toEqual({ item: ['a', 'b', 'c'] });
    expect(subtractSets({ item: ['a', 'b'] }, { item: ['a', 'z'] })).toEqual({ item: ['b'] });
    expect(setContains({ item: ['a', 'b'] }, { item: ['b'] })).toBe(true);
    expect(setContains({ item: ['a'] }, { item: ['b'] })).toBe(false);
    expect(setsEqual({ item: ['a', 'b'] }, { item: ['b', 'a'] })).toBe(true);
    expect(setsEqual({ item: ['a', 'b'] }, { item: ['a', 'c'] })).toBe(false);
    expect(formatSet({ item: ['gpu0', 'gpu1'] })).toBe('{gpu0, gpu1}');
  });
});
