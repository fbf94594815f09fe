import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { type Either, isLeft, isRight } from 'fp-ts/Either';

import {
  DEFAULT_MAX_RECORD_BYTES,
  RecordIODecoder,
  RecordIOError,
  type RecordIOErrorCode,
  decodeRecordIO,
  encodeRecords,
  isRecordIOError,
} from '../../src/wire/recordio';

// ---------------------------------------------------------------------------------------------
// Helpers (independent of the implementation)
// ---------------------------------------------------------------------------------------------

const FIXTURES = join(__dirname, '..', 'fixtures');
const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const concat = (...parts: readonly Uint8Array[]): Uint8Array =>
  new Uint8Array(Buffer.concat(parts));
const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** Naive framing with strings and Buffer.concat. */
const oracleEncode = (records: readonly Uint8Array[]): Uint8Array =>
  concat(...records.flatMap((r) => [latin1(`${r.length}\n`), r]));

/** Offsets where each record's length line starts in oracleEncode(records), plus the end. */
const frameStarts = (records: readonly Uint8Array[]): number[] => {
  const starts = [0];
  for (const r of records)
    starts.push(starts[starts.length - 1]! + `${r.length}\n`.length + r.length);
  return starts;
};

/** A valid prefix: a JSON fixture (multi-byte UTF-8), a protobuf fixture with LFs, an empty one. */
const pbWithLf = readdirSync(join(FIXTURES, 'events-pb'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(join(FIXTURES, 'events-pb', f))))
  .find((b) => b.includes(0x0a));
if (pbWithLf === undefined) throw new Error('fixture precondition: a .bin containing LF');
const prefixRecords: readonly Uint8Array[] = [
  new Uint8Array(readFileSync(join(FIXTURES, 'events', 'update-running-with-uuid.json'))),
  pbWithLf,
  new Uint8Array(0),
];
const prefix = oracleEncode(prefixRecords);

interface Outcome {
  readonly records: readonly Uint8Array[];
  readonly result: Either<RecordIOError, void>;
  readonly decoder: RecordIODecoder;
}

/** Feeds chunks with pushEach (so records before an error are all seen), then end(). */
const run = (chunks: readonly Uint8Array[], maxRecordBytes?: number): Outcome => {
  const decoder = new RecordIODecoder(maxRecordBytes === undefined ? {} : { maxRecordBytes });
  const records: Uint8Array[] = [];
  for (const chunk of chunks) {
    const result = decoder.pushEach(chunk, (r) => records.push(r));
    if (isLeft(result)) return { records, result, decoder };
  }
  return { records, result: decoder.end(), decoder };
};

/** Every 2-chunk split, 1-byte chunks, and whole. */
const chunkings = (bytes: Uint8Array): Uint8Array[][] => {
  const out: Uint8Array[][] = [[bytes.slice()]];
  for (let p = 0; p <= bytes.length; p++) out.push([bytes.slice(0, p), bytes.slice(p)]);
  out.push(Array.from(bytes, (b) => Uint8Array.of(b)));
  return out;
};

const randomChunks = (bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] => {
  const sorted = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...sorted, bytes.length]) {
    chunks.push(bytes.slice(prev, c));
    prev = c;
  }
  return chunks;
};

const expectError = (
  outcome: Outcome,
  expected: { code: RecordIOErrorCode; offset: number; recordStart: number },
): RecordIOError => {
  const { result } = outcome;
  if (!isLeft(result)) throw new Error('expected a Left');
  const error = result.left;
  expect({ code: error.code, offset: error.offset, recordStart: error.recordStart }).toEqual(
    expected,
  );
  return error;
};

const expectFailedForGood = (decoder: RecordIODecoder, failed: Either<RecordIOError, void>) => {
  if (!isLeft(failed)) throw new Error('expected a Left');
  const consumed = decoder.bytesConsumed;
  const again = decoder.push(oracleEncode([latin1('fine')]));
  expect(again).toBe(failed); // the very same Left
  expect(decoder.pushEach(latin1('0\n'), () => undefined)).toBe(failed);
  expect(decoder.end()).toBe(failed);
  expect(decoder.failure).toBe(failed.left);
  expect(decoder.bytesConsumed).toBe(consumed);
  expect(decoder.atRecordBoundary).toBe(false);
};

// ---------------------------------------------------------------------------------------------
// Table of malformed tails appended to a valid prefix
// ---------------------------------------------------------------------------------------------

interface Case {
  readonly name: string;
  readonly tail: Uint8Array;
  readonly code: RecordIOErrorCode;
  /** Offset of the problem inside `tail`. */
  readonly at: number;
  readonly maxRecordBytes?: number;
}

const indexOfByte = (tail: Uint8Array, byte: number): number => {
  const i = tail.indexOf(byte);
  if (i < 0) throw new Error('test bug');
  return i;
};

const twentyOnes = '1'.repeat(20);
const cases: readonly Case[] = [
  ...[
    ['a letter', '1a\nxyz'],
    ["'-' sign", '-5\nhello'],
    ["'+' sign", '+5\nhello'],
    ['a space after the digits', '5 \nhello'],
    ['a leading space', ' 5\nhello'],
    ['a NUL byte', '5\u0000\nhello'],
  ].map(([name, tail]): Case => {
    const bytes = latin1(tail!);
    const at = bytes.findIndex((b) => (b < 0x30 || b > 0x39) && b !== 0x0a);
    return { name: `BAD_LENGTH_LINE: ${name!}`, tail: bytes, code: 'BAD_LENGTH_LINE', at };
  }),
  {
    name: "BAD_LENGTH_LINE: a '\\r\\n' line ending (offset of the CR)",
    tail: latin1('5\r\nhello'),
    code: 'BAD_LENGTH_LINE',
    at: indexOfByte(latin1('5\r\nhello'), 0x0d),
  },
  {
    name: 'BAD_LENGTH_LINE: an empty length line (offset of the LF)',
    tail: latin1('\n5\nhello'),
    code: 'BAD_LENGTH_LINE',
    at: 0,
  },
  {
    name: 'LENGTH_TOO_LONG: 21 digits (offset of the 21st)',
    tail: latin1(`${twentyOnes}1\n`),
    code: 'LENGTH_TOO_LONG',
    at: 20,
  },
  {
    name: 'LENGTH_TOO_LONG: 21 zeros (leading zeros count)',
    tail: latin1(`${'0'.repeat(21)}\n`),
    code: 'LENGTH_TOO_LONG',
    at: 20,
  },
  {
    name: 'LENGTH_TOO_LONG: 25 digits, no LF yet',
    tail: latin1('9'.repeat(25)),
    code: 'LENGTH_TOO_LONG',
    at: 20,
  },
  {
    name: 'RECORD_TOO_LARGE: 20-digit length with the default max',
    tail: latin1('99999999999999999999\nabc'),
    code: 'RECORD_TOO_LARGE',
    at: 0,
  },
  {
    name: 'RECORD_TOO_LARGE: uint64 max with the default max',
    tail: latin1('18446744073709551615\n'),
    code: 'RECORD_TOO_LARGE',
    at: 0,
  },
  {
    name: 'RECORD_TOO_LARGE: default max + 1',
    tail: latin1(`${DEFAULT_MAX_RECORD_BYTES + 1}\nabc`),
    code: 'RECORD_TOO_LARGE',
    at: 0,
  },
  {
    name: 'RECORD_TOO_LARGE: just over a small configured max',
    tail: latin1(`1025\n${'x'.repeat(1025)}`),
    code: 'RECORD_TOO_LARGE',
    at: 0,
    maxRecordBytes: 1024,
  },
  {
    name: 'RECORD_TOO_LARGE: 2^53 with max = MAX_SAFE_INTEGER (no precision slip)',
    tail: latin1(`${2 ** 53}\n`),
    code: 'RECORD_TOO_LARGE',
    at: 0,
    maxRecordBytes: Number.MAX_SAFE_INTEGER,
  },
  {
    name: 'RECORD_TOO_LARGE: 2^53 + 1 (not representable as a double) with max = MAX_SAFE_INTEGER',
    tail: latin1('9007199254740993\n'),
    code: 'RECORD_TOO_LARGE',
    at: 0,
    maxRecordBytes: Number.MAX_SAFE_INTEGER,
  },
  {
    name: 'RECORD_TOO_LARGE: within max but impossible to allocate (returned, not thrown)',
    tail: latin1(`${Number.MAX_SAFE_INTEGER}\nabc`),
    code: 'RECORD_TOO_LARGE',
    at: 0,
    maxRecordBytes: Number.MAX_SAFE_INTEGER,
  },
  {
    name: 'TRUNCATED: inside the length line',
    tail: latin1('12'),
    code: 'TRUNCATED',
    at: 2,
  },
  {
    name: 'TRUNCATED: right after the LF',
    tail: latin1('5\n'),
    code: 'TRUNCATED',
    at: 2,
  },
  {
    name: 'TRUNCATED: inside the data',
    tail: latin1('5\nhel'),
    code: 'TRUNCATED',
    at: 5,
  },
];

describe.each(cases)('$name', ({ tail, code, at, maxRecordBytes }) => {
  const stream = concat(prefix, tail);
  const expected = { code, offset: prefix.length + at, recordStart: prefix.length };

  it('is reported with the exact code, offset and recordStart, whole and split anywhere', () => {
    for (const chunks of chunkings(stream)) {
      const outcome = run(chunks, maxRecordBytes);
      expectError(outcome, expected);
      // The records before the error do not depend on the chunking.
      expect(outcome.records.map(hex)).toEqual(prefixRecords.map(hex));
    }
  });

  it('is reported identically under random chunkings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30 }), (cuts) => {
        const outcome = run(randomChunks(stream, cuts), maxRecordBytes);
        expectError(outcome, expected);
        expect(outcome.records.map(hex)).toEqual(prefixRecords.map(hex));
      }),
      { numRuns: 50 },
    );
  });

  it('leaves the decoder failed for good', () => {
    for (const chunks of [[stream.slice()], chunkings(stream).at(-1)!]) {
      const outcome = run(chunks, maxRecordBytes);
      expectFailedForGood(outcome.decoder, outcome.result);
    }
  });

  it('is a proper, non-retryable RecordIOError whose message names the offset', () => {
    const error = expectError(run([stream], maxRecordBytes), expected);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(RecordIOError);
    expect(isRecordIOError(error)).toBe(true);
    expect(error.name).toBe('RecordIOError');
    expect(error._tag).toBe('RecordIOError');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(code);
    expect(error.message).toContain(`offset ${expected.offset}`);
  });

  it('is returned by decodeRecordIO together with the records before it', () => {
    const result = decodeRecordIO(stream, maxRecordBytes === undefined ? {} : { maxRecordBytes });
    if (!isLeft(result)) throw new Error('expected a Left');
    expect(result.left.error.code).toBe(code);
    expect(result.left.error.offset).toBe(expected.offset);
    expect(result.left.records.map(hex)).toEqual(prefixRecords.map(hex));
  });

  it('push returns the Left too (records of earlier chunks were already returned)', () => {
    const decoder = new RecordIODecoder(maxRecordBytes === undefined ? {} : { maxRecordBytes });
    const first = decoder.push(prefix.slice());
    expect(isRight(first) && first.right.map(hex)).toEqual(prefixRecords.map(hex));
    const second = decoder.push(tail.slice());
    const final = isLeft(second) ? second : decoder.end();
    if (!isLeft(final)) throw new Error('expected a Left');
    expect(final.left.code).toBe(code);
    expect(final.left.offset).toBe(expected.offset);
  });
});

describe('allocation', () => {
  /** Runs `body` with the global Uint8Array constructor wrapped to record allocation sizes. */
  const recordingAllocations = <T>(body: () => T): { result: T; sizes: unknown[] } => {
    const sizes: unknown[] = [];
    const original = globalThis.Uint8Array;
    globalThis.Uint8Array = new Proxy(original, {
      construct(target, args: unknown[], newTarget) {
        sizes.push(args[0]);
        return Reflect.construct(
          target,
          args,
          newTarget === globalThis.Uint8Array ? target : newTarget,
        ) as object;
      },
    });
    // records spanning chunks are allocated uninitialised (Buffer.allocUnsafeSlow)
    const unsafe = jest.spyOn(Buffer, 'allocUnsafeSlow').mockImplementation((size: number) => {
      sizes.push(size);
      return Buffer.from(new original(size));
    });
    try {
      return { result: body(), sizes };
    } finally {
      globalThis.Uint8Array = original;
      unsafe.mockRestore();
    }
  };

  it('the allocation probe works: a record spanning chunks allocates exactly its size once', () => {
    const chunks = [latin1('1000\nab'), latin1('c'.repeat(998))];
    const decoder = new RecordIODecoder();
    const { result, sizes } = recordingAllocations(() => chunks.map((c) => decoder.push(c)));
    expect(result.every(isRight)).toBe(true);
    expect(sizes).toEqual([1000]);
  });

  it.each(['99999999999999999999', '18446744073709551615', `${DEFAULT_MAX_RECORD_BYTES + 1}`])(
    'an oversize length %s allocates nothing, even when its LF ends the chunk',
    (digits) => {
      const decoder = new RecordIODecoder();
      const chunk = latin1(`${digits}\n`);
      const { result, sizes } = recordingAllocations(() => decoder.push(chunk));
      expect(isLeft(result) && result.left.code).toBe('RECORD_TOO_LARGE');
      expect(sizes).toEqual([]);
    },
  );
});

describe('maxRecordBytes normalisation', () => {
  it.each([
    [undefined, DEFAULT_MAX_RECORD_BYTES],
    [10.9, 10],
    [-5, 0],
    [Number.NaN, 0],
    [Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER],
  ])('%p becomes %p', (input, effective) => {
    expect(
      new RecordIODecoder(input === undefined ? {} : { maxRecordBytes: input }).maxRecordBytes,
    ).toBe(effective);
  });

  it('with max 0 only empty records pass', () => {
    expect(isRight(decodeRecordIO(latin1('0\n0\n'), { maxRecordBytes: 0 }))).toBe(true);
    const result = decodeRecordIO(latin1('0\n1\na'), { maxRecordBytes: 0 });
    expect(isLeft(result) && [result.left.error.code, result.left.error.offset]).toEqual([
      'RECORD_TOO_LARGE',
      2,
    ]);
  });
});

describe('properties over arbitrary valid streams', () => {
  const recordsArb = fc.array(
    fc.oneof(fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ minLength: 10, maxLength: 300 })),
    { minLength: 1, maxLength: 12 },
  );
  const cutsArb = fc.array(fc.nat(), { maxLength: 20 });

  it('a non-digit byte written over a length-line digit fails at exactly that byte', () => {
    const nonDigit = fc
      .integer({ min: 0, max: 255 })
      .filter((b) => b !== 0x0a && (b < 0x30 || b > 0x39));
    fc.assert(
      fc.property(recordsArb, fc.nat(), fc.nat(), nonDigit, cutsArb, (records, k, j, b, cuts) => {
        const index = k % records.length;
        const starts = frameStarts(records);
        const lineDigits = `${records[index]!.length}`.length;
        const at = starts[index]! + (j % lineDigits);
        const stream = oracleEncode(records);
        stream[at] = b;
        const outcome = run(randomChunks(stream, cuts));
        expectError(outcome, { code: 'BAD_LENGTH_LINE', offset: at, recordStart: starts[index]! });
        expect(outcome.records.map(hex)).toEqual(records.slice(0, index).map(hex));
      }),
      { numRuns: 200 },
    );
  });

  it('cutting a valid stream anywhere is TRUNCATED at the cut unless it is a record boundary', () => {
    fc.assert(
      fc.property(recordsArb, fc.nat(), cutsArb, (records, p, cuts) => {
        const full = oracleEncode(records);
        const cut = p % (full.length + 1);
        const starts = frameStarts(records);
        const complete = starts.filter((s) => s <= cut).length - 1; // records ending at or before cut
        const outcome = run(randomChunks(full.slice(0, cut), cuts));
        if (starts.includes(cut)) {
          expect(isRight(outcome.result)).toBe(true);
        } else {
          expectError(outcome, { code: 'TRUNCATED', offset: cut, recordStart: starts[complete]! });
        }
        expect(outcome.records.map(hex)).toEqual(records.slice(0, complete).map(hex));
      }),
      { numRuns: 200 },
    );
  });

  it('the first record above maxRecordBytes fails at its length line, after the ones before', () => {
    fc.assert(
      fc.property(recordsArb, fc.nat({ max: 300 }), cutsArb, (records, max, cuts) => {
        const starts = frameStarts(records);
        const index = records.findIndex((r) => r.length > max);
        const outcome = run(randomChunks(oracleEncode(records), cuts), max);
        if (index < 0) {
          expect(isRight(outcome.result)).toBe(true);
          expect(outcome.records).toHaveLength(records.length);
        } else {
          expectError(outcome, {
            code: 'RECORD_TOO_LARGE',
            offset: starts[index]!,
            recordStart: starts[index]!,
          });
          expect(outcome.records.map(hex)).toEqual(records.slice(0, index).map(hex));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, whatever the bytes and chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        cutsArb,
        fc.option(fc.nat({ max: 100 }), { nil: undefined }),
        (bytes, cuts, max) => {
          const outcome = run(randomChunks(bytes, cuts), max);
          const whole = run([bytes], max);
          // Chunking never changes the verdict nor the records seen before it.
          expect(isLeft(outcome.result)).toBe(isLeft(whole.result));
          if (isLeft(outcome.result) && isLeft(whole.result)) {
            expect(outcome.result.left.code).toBe(whole.result.left.code);
            expect(outcome.result.left.offset).toBe(whole.result.left.offset);
          }
          expect(outcome.records.map(hex)).toEqual(whole.records.map(hex));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('encodeRecords output is what the decoder expects', () => {
  it('decoding a fixture-framed stream ending in a truncated record reports its start', () => {
    const framed = encodeRecords(prefixRecords);
    const stream = concat(framed, latin1('7\nabc'));
    const outcome = run([stream]);
    expectError(outcome, {
      code: 'TRUNCATED',
      offset: stream.length,
      recordStart: framed.length,
    });
  });
});
