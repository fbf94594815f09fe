import fc from 'fast-check';
import { isLeft } from 'fp-ts/Either';
import { decodeEvent, parseJsonExact, toMesosJson, type Event } from '../../src/wire';
import { exactIntegersOf } from '../../src/wire/json-exact';
import { normalize } from '../../src/wire/json-normalize';
import { planOf } from '../../src/wire/schema-plan';

/** A JSON value in which some integers must stay exact: `{ big: '…' }` marks one. */
type Tree =
  | null
  | boolean
  | number
  | string
  | { readonly big: string }
  | readonly Tree[]
  | { readonly [k: string]: Tree };

const isBig = (t: Tree): t is { readonly big: string } =>
  typeof t === 'object' &&
  t !== null &&
  !Array.isArray(t) &&
  Object.keys(t).length === 1 &&
  typeof (t as { big?: unknown }).big === 'string';

/** Writes the tree as JSON text with the marked integers bare, as the master writes int64. */
function write(t: Tree): string {
  if (isBig(t)) return t.big;
  if (Array.isArray(t)) return `[${t.map(write).join(',')}]`;
  if (t !== null && typeof t === 'object') {
    return `{${Object.entries(t)
      .map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(t);
}

/** What parseJsonExact must give for the tree: marked integers as their decimal strings. */
function expected(t: Tree): unknown {
  if (isBig(t)) return t.big;
  if (Array.isArray(t)) return t.map(expected);
  if (t !== null && typeof t === 'object')
    return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, expected(v)]));
  // a double that JavaScript writes as a long integer token is read as that token, exactly
  if (typeof t === 'number' && /^-?\d{16,}$/.test(JSON.stringify(t))) return JSON.stringify(t);
  return t;
}

const bigDigits = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 10n ** 15n, max: 2n ** 63n - 1n }))
  .map(([neg, n]) => ({ big: `${neg ? '-' : ''}${n}` }));
const trickyString = fc.oneof(
  fc.string(),
  bigDigits.map((b) => `x ${b.big} y`),
  bigDigits.map((b) => `":${b.big},"`),
  bigDigits.map((b) => `\\${b.big}`),
  bigDigits.map((b) => b.big),
);
const leaf: fc.Arbitrary<Tree> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.constantFrom(0.30000000000000004, 1725260412.871034, 12345678901234567.5),
  trickyString,
  bigDigits,
);
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('tree'), { maxKeys: 5 }).map((d) => d as Tree),
  ),
}));

describe('parseJsonExact', () => {
  it('keeps every integer token exact, wherever digit runs appear', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(parseJsonExact(write(t))).toEqual(expected(t));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves texts without long digit runs to JSON.parse', () => {
    expect(parseJsonExact('{"a":[1,2.5,"x"],"b":123456789012345}')).toEqual({
      a: [1, 2.5, 'x'],
      b: 123456789012345,
    });
    expect(parseJsonExact('{"b":9007199254740993}')).toEqual({ b: '9007199254740993' });
  });

  it('throws SyntaxError on invalid text, like JSON.parse', () => {
    expect(() => parseJsonExact('{"a":12345678901234567')).toThrow(SyntaxError);
  });
});

describe('exactIntegersOf', () => {
  it('finds every long integer value at any offset, next to digits that are not one', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: 40 }),
            fc.bigInt({ min: 10n ** 15n, max: 2n ** 64n - 1n }),
            fc.boolean(),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        fc.nat({ max: 40 }),
        (tokens, tail) => {
          // digits in strings and short numbers around each token: none of them may be taken
          const fields = tokens.map(
            ([pad, n, negative], i) =>
              `"s${i}":"${'7'.repeat(pad)}","k${i}":${pad},"n${i}":${negative ? '-' : ''}${n}`,
          );
          const text = `{${fields.join(',')},"t":"${'1'.repeat(tail)}"}`;
          const exact = exactIntegersOf(text);
          const distinct = new Map<number, Set<string>>();
          for (const [, n, negative] of tokens) {
            const digits = `${negative ? '-' : ''}${n}`;
            const set = distinct.get(Number(digits)) ?? new Set<string>();
            set.add(digits);
            distinct.set(Number(digits), set);
          }
          for (const [value, spellings] of distinct) {
            expect(exact(value)).toBe(spellings.size === 1 ? [...spellings][0] : null);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('exact int64 through the event codec', () => {
  const eventWith = (starts: readonly string[]): string =>
    `{"type":"INVERSE_OFFERS","inverse_offers":{"inverse_offers":[${starts
      .map(
        (s, i) =>
          `{"id":{"value":"io${i}"},"framework_id":{"value":"f"},"unavailability":{"start":{"nanoseconds":${s}}}}`,
      )
      .join(',')}]}}`;

  it('recovers exact values that round to the same double (ambiguous text)', () => {
    // 2^60 + 1 and 2^60 + 2 are both read by JSON.parse as 2^60
    const starts = ['1152921504606846977', '1152921504606846978', '1152921504606846976'];
    const r = decodeEvent(Buffer.from(eventWith(starts)), 'application/json');
    if (isLeft(r)) throw r.left;
    const ev: Event = r.right;
    if (ev.type !== 'INVERSE_OFFERS') throw new Error(ev.type);
    expect(
      (ev.inverse_offers.inverse_offers ?? []).map((o) => o.unavailability.start.nanoseconds),
    ).toEqual(starts);
  });

  it('keeps int64 exact for any values, negative and positive, next to decoys in strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), {
          minLength: 1,
          maxLength: 6,
        }),
        (values) => {
          const starts = values.map(String);
          const text = eventWith(starts).replace('"f"', `"f ${starts[0]} "`);
          const r = decodeEvent(Buffer.from(text), 'application/json');
          if (isLeft(r)) throw r.left;
          const ev = r.right;
          if (ev.type !== 'INVERSE_OFFERS') throw new Error(ev.type);
          expect(
            (ev.inverse_offers.inverse_offers ?? []).map((o) => o.unavailability.start.nanoseconds),
          ).toEqual(starts);
          expect(toMesosJson('mesos.v1.scheduler.Event', ev)).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an int64 out of range', () => {
    const r = decodeEvent(Buffer.from(eventWith(['9223372036854775808'])), 'application/json');
    expect(isLeft(r) && r.left.path).toEqual([
      'inverse_offers',
      'inverse_offers',
      0,
      'unavailability',
      'start',
      'nanoseconds',
    ]);
  });
});

describe('64-bit integers given as text', () => {
  const plan = planOf('mesos.v1.TimeInfo');
  const range = planOf('mesos.v1.Value.Range'); // begin and end are uint64
  const nanoseconds = (text: string): unknown => {
    const r = normalize(plan, { nanoseconds: text });
    return r.ok ? (r.value as { nanoseconds: string }).nanoseconds : `invalid: ${r.message}`;
  };

  it('keeps canonical text in range as it is, up to the bounds', () => {
    for (const text of [
      '0',
      '7',
      '-7',
      '1725260102345678901',
      '9223372036854775807',
      '-9223372036854775808',
      '999999999999999999',
      '-999999999999999999',
    ])
      expect(nanoseconds(text)).toBe(text);
  });

  it('writes other spellings canonically', () => {
    expect(nanoseconds('007')).toBe('7');
    expect(nanoseconds('-05')).toBe('-5');
    expect(nanoseconds('-0')).toBe('0');
    expect(nanoseconds('0009223372036854775807')).toBe('9223372036854775807');
  });

  it('refuses text out of range, however long', () => {
    for (const text of [
      '9223372036854775808',
      '-9223372036854775809',
      '10000000000000000000',
      '-10000000000000000000',
      '123456789012345678901',
      '-123456789012345678901',
    ])
      expect(nanoseconds(text)).toBe(
        `invalid: integer ${text} is out of range for a 64-bit integer`,
      );
  });

  it('bounds unsigned fields by 2^64 - 1 and refuses negatives', () => {
    const check = (text: string): boolean => normalize(range, { begin: text, end: '1' }).ok;
    expect(check('18446744073709551615')).toBe(true);
    expect(check('18446744073709551616')).toBe(false);
    expect(check('99999999999999999999')).toBe(false);
    expect(check('-1')).toBe(false);
    expect(check('-0')).toBe(true);
  });
});
