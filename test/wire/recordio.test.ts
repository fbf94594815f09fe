import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/Either';

import {
  DEFAULT_MAX_RECORD_BYTES,
  RecordIODecoder,
  type RecordIOError,
  decodeRecordIO,
  encodeRecord,
  encodeRecords,
} from '../../src/wire/recordio';

// ---------------------------------------------------------------------------------------------
// Independent oracles (deliberately naive, share no code with the implementation)
// ---------------------------------------------------------------------------------------------

const FIXTURES = join(__dirname, '..', 'fixtures');

/** Reads a file into a fresh Uint8Array that owns its whole ArrayBuffer. */
const readBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** Frames records with Buffer/string operations only. */
const oracleEncode = (records: readonly Uint8Array[]): Uint8Array =>
  new Uint8Array(
    Buffer.concat(records.flatMap((r) => [Buffer.from(`${r.length}\n`, 'latin1'), Buffer.from(r)])),
  );

interface OracleFrame {
  readonly start: number; // offset of the length line
  readonly data: Uint8Array;
}

/** Parses a *valid* stream by locating each LF with indexOf and reading the length as a string. */
const oracleParse = (bytes: Uint8Array): readonly OracleFrame[] => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: OracleFrame[] = [];
  let at = 0;
  while (at < buf.length) {
    const lf = buf.indexOf(0x0a, at);
    if (lf < 0) throw new Error(`oracle: no LF after ${at}`);
    const text = buf.toString('latin1', at, lf);
    if (!/^[0-9]+$/.test(text)) throw new Error(`oracle: bad length line ${JSON.stringify(text)}`);
    const length = Number(text);
    if (lf + 1 + length > buf.length) throw new Error('oracle: truncated');
    frames.push({ start: at, data: new Uint8Array(buf.subarray(lf + 1, lf + 1 + length)) });
    at = lf + 1 + length;
  }
  return frames;
};

const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

// ---------------------------------------------------------------------------------------------
// Chunkings
// ---------------------------------------------------------------------------------------------

type Chunking =
  | { readonly kind: 'whole' }
  | { readonly kind: 'fixed'; readonly size: number }
  | { readonly kind: 'cuts'; readonly cuts: readonly number[] };

const PRIME_SIZES = [1, 2, 3, 5, 7, 13, 31, 127] as const;

const chunkingArb: fc.Arbitrary<Chunking> = fc.oneof(
  fc.constant<Chunking>({ kind: 'whole' }),
  fc.constantFrom(...PRIME_SIZES).map((size): Chunking => ({ kind: 'fixed', size })),
  fc.array(fc.nat(), { maxLength: 40 }).map((cuts): Chunking => ({ kind: 'cuts', cuts })),
);

/** Splits `bytes` per `chunking`; each chunk is a copy with its own ArrayBuffer. */
const split = (bytes: Uint8Array, chunking: Chunking): Uint8Array[] => {
  const n = bytes.length;
  let cuts: number[];
  switch (chunking.kind) {
    case 'whole':
      cuts = [];
      break;
    case 'fixed':
      cuts = [];
      for (let p = chunking.size; p < n; p += chunking.size) cuts.push(p);
      break;
    case 'cuts':
      // Duplicates are kept on purpose: they produce empty chunks.
      cuts = chunking.cuts.map((c) => c % (n + 1)).sort((a, b) => a - b);
      break;
  }
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, n]) {
    chunks.push(bytes.slice(prev, c));
    prev = c;
  }
  return chunks;
};

interface Decoded {
  readonly records: readonly Uint8Array[];
  readonly error: RecordIOError | undefined;
}

const decodeChunksWithPush = (
  chunks: readonly Uint8Array[],
  options?: { maxRecordBytes?: number },
): Decoded => {
  const decoder = new RecordIODecoder(options);
  const records: Uint8Array[] = [];
  for (const chunk of chunks) {
    const result = decoder.push(chunk);
    if (isLeft(result)) return { records, error: result.left };
    records.push(...result.right);
  }
  const ended = decoder.end();
  return { records, error: isLeft(ended) ? ended.left : undefined };
};

const decodeChunksWithPushEach = (chunks: readonly Uint8Array[]): Decoded => {
  const decoder = new RecordIODecoder();
  const records: Uint8Array[] = [];
  const onRecord = (r: Uint8Array): void => {
    records.push(r);
  };
  for (const chunk of chunks) {
    const result = decoder.pushEach(chunk, onRecord);
    if (isLeft(result)) return { records, error: result.left };
  }
  const ended = decoder.end();
  return { records, error: isLeft(ended) ? ended.left : undefined };
};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const fixtureFiles = (dir: string, ext: string): string[] =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(FIXTURES, dir, f));

const jsonFixtures = fixtureFiles('events', '.json');
const pbFixtures = fixtureFiles('events-pb', '.bin');
const fixtureRecords: readonly Uint8Array[] = [...jsonFixtures, ...pbFixtures].map(readBytes);
const fixtureStream = encodeRecords(fixtureRecords);

const realStreams = ['stream-json.recordio', 'stream-pb.recordio'].map((name) => ({
  name,
  bytes: readBytes(join(FIXTURES, 'real', name)),
}));

describe('fixture preconditions (so the tests below exercise what they claim)', () => {
  it('has JSON and protobuf event fixtures', () => {
    expect(jsonFixtures.length).toBeGreaterThan(5);
    expect(pbFixtures.length).toBeGreaterThan(5);
  });

  it('has a JSON record with multi-byte UTF-8 and protobuf records containing LF bytes', () => {
    const utf8 = readBytes(join(FIXTURES, 'events', 'update-running-with-uuid.json'));
    expect(new TextDecoder().decode(utf8).length).toBeLessThan(utf8.length);
    expect(pbFixtures.map(readBytes).some((b) => b.includes(0x0a))).toBe(true);
  });
});

describe('encodeRecord / encodeRecords', () => {
  it('matches the independent oracle on the fixture records', () => {
    expect(hex(encodeRecords(fixtureRecords))).toBe(hex(oracleEncode(fixtureRecords)));
  });

  it('encodeRecord frames one record with its byte length, including the empty record', () => {
    for (const record of [...fixtureRecords, new Uint8Array(0)]) {
      expect(hex(encodeRecord(record))).toBe(hex(oracleEncode([record])));
    }
  });

  it('encodes any records like the oracle (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (records) => {
        expect(hex(encodeRecords(records))).toBe(hex(oracleEncode(records)));
      }),
    );
  });

  it('uses byte lengths, not string lengths, for multi-byte UTF-8', () => {
    const data = new TextEncoder().encode('h\u00e9\u{1F600}');
    const out = encodeRecord(data);
    const lf = out.indexOf(0x0a);
    expect(Number(Buffer.from(out.subarray(0, lf)).toString('latin1'))).toBe(data.length);
    expect(data.length).not.toBe('h\u00e9\u{1F600}'.length);
  });

  it('returns a fresh buffer that does not alias its input', () => {
    const data = Uint8Array.of(1, 2, 3);
    const out = encodeRecord(data);
    data[0] = 9;
    expect(out[2]).toBe(1);
  });
});

describe('real captured master streams', () => {
  describe.each(realStreams)('$name', ({ bytes }) => {
    const frames = oracleParse(bytes);

    it('decodes whole into as many records as there are length lines', () => {
      const result = decodeRecordIO(bytes);
      if (isLeft(result)) throw result.left.error;
      expect(frames.length).toBeGreaterThan(1);
      expect(result.right).toHaveLength(frames.length);
      expect(result.right.map(hex)).toEqual(frames.map((f) => hex(f.data)));
    });

    it('re-encodes to the captured file byte for byte', () => {
      const result = decodeRecordIO(bytes);
      if (isLeft(result)) throw result.left.error;
      expect(hex(encodeRecords(result.right))).toBe(hex(bytes));
    });

    it('decodes identically under any chunking (property)', () => {
      fc.assert(
        fc.property(chunkingArb, (chunking) => {
          const decoded = decodeChunksWithPush(split(bytes, chunking));
          expect(decoded.error).toBeUndefined();
          expect(decoded.records.map(hex)).toEqual(frames.map((f) => hex(f.data)));
        }),
        { numRuns: 60 },
      );
    });
  });

  it('every record of the JSON stream is a complete, strictly valid UTF-8 JSON object', () => {
    const json = realStreams.find((s) => s.name === 'stream-json.recordio');
    if (json === undefined) throw new Error('missing fixture');
    const result = decodeRecordIO(json.bytes);
    if (isLeft(result)) throw result.left.error;
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const record of result.right) {
      const parsed: unknown = JSON.parse(strict.decode(record));
      expect(parsed).toEqual(expect.objectContaining({ type: expect.any(String) }));
    }
  });
});

describe('fixture-built stream', () => {
  it('decodes whole to exactly the fixture records', () => {
    const result = decodeRecordIO(fixtureStream);
    if (isLeft(result)) throw result.left.error;
    expect(result.right.map(hex)).toEqual(fixtureRecords.map(hex));
  });

  it.each(PRIME_SIZES)('decodes with fixed %i-byte chunks', (size) => {
    const decoded = decodeChunksWithPush(split(fixtureStream, { kind: 'fixed', size }));
    expect(decoded.error).toBeUndefined();
    expect(decoded.records.map(hex)).toEqual(fixtureRecords.map(hex));
  });

  it('decodes identically under any chunking, with push and with pushEach (property)', () => {
    fc.assert(
      fc.property(chunkingArb, (chunking) => {
        const chunks = split(fixtureStream, chunking);
        for (const decoded of [decodeChunksWithPush(chunks), decodeChunksWithPushEach(chunks)]) {
          expect(decoded.error).toBeUndefined();
          expect(decoded.records.map(hex)).toEqual(fixtureRecords.map(hex));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('round trip: decode(encode(records)) = records', () => {
  // Bytes biased towards LF and ASCII digits, which a newline- or digit-sniffing decoder confuses.
  const trickyByte = fc.oneof(
    fc.constantFrom(0x0a, 0x0d, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39),
    fc.integer({ min: 0, max: 255 }),
  );
  const recordArb = fc.oneof(
    fc.constant(new Uint8Array(0)),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(trickyByte, { maxLength: 40 }).map((a) => Uint8Array.from(a)),
    fc.uint8Array({ minLength: 100, maxLength: 3000 }),
  );
  const recordsArb = fc.array(recordArb, { maxLength: 25 });

  it('holds with transientRecords when each record is read in onRecord (property)', () => {
    fc.assert(
      fc.property(recordsArb, chunkingArb, (records, chunking) => {
        const decoder = new RecordIODecoder({ transientRecords: true });
        const seen: string[] = [];
        for (const chunk of split(encodeRecords(records), chunking)) {
          expect(isRight(decoder.pushEach(chunk, (r) => seen.push(hex(r))))).toBe(true);
        }
        expect(isRight(decoder.end())).toBe(true);
        expect(seen).toEqual(records.map(hex));
      }),
      { numRuns: 300 },
    );
  });

  it('holds with transientRecords when the records of a push are read after it returns (property)', () => {
    fc.assert(
      fc.property(recordsArb, chunkingArb, (records, chunking) => {
        const decoder = new RecordIODecoder({ transientRecords: true });
        const seen: string[] = [];
        for (const chunk of split(encodeRecords(records), chunking)) {
          const pushed = decoder.push(chunk);
          if (isLeft(pushed)) throw pushed.left;
          seen.push(...pushed.right.map(hex));
        }
        expect(seen).toEqual(records.map(hex));
      }),
      { numRuns: 300 },
    );
  });

  it('transientRecords: records spanning chunks take two kept buffers in turn, grown when needed', () => {
    const records = [500, 300, 900, 100, 200].map((n, i) => new Uint8Array(n).fill(i + 1));
    const decoder = new RecordIODecoder({ transientRecords: true });
    const buffers: ArrayBufferLike[] = [];
    const lengths: number[] = [];
    for (const chunk of split(encodeRecords(records), { kind: 'fixed', size: 7 })) {
      decoder.pushEach(chunk, (r) => {
        buffers.push(r.buffer);
        lengths.push(r.length);
        expect(r.every((b) => b === buffers.length)).toBe(true);
      });
    }
    expect(lengths).toEqual([500, 300, 900, 100, 200]);
    // buffers A and B in turn: A(500) B(300) A grown (900) B(100) A(200)
    const [a, b, a2, b2, a3] = buffers;
    expect([a === b, a === a2, b === b2, a2 === a3, a2 === b2]).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });

  it('holds for arbitrary records and chunkings (property)', () => {
    fc.assert(
      fc.property(recordsArb, chunkingArb, (records, chunking) => {
        const chunks = split(encodeRecords(records), chunking);
        const decoded = decodeChunksWithPush(chunks);
        expect(decoded.error).toBeUndefined();
        expect(decoded.records.map(hex)).toEqual(records.map(hex));
      }),
      { numRuns: 300 },
    );
  });

  it('holds against the oracle encoder, with pushEach and a byte-exact maxRecordBytes (property)', () => {
    fc.assert(
      fc.property(recordsArb, chunkingArb, (records, chunking) => {
        const largest = Math.max(0, ...records.map((r) => r.length));
        const decoder = new RecordIODecoder({ maxRecordBytes: largest });
        const out: Uint8Array[] = [];
        for (const chunk of split(oracleEncode(records), chunking)) {
          expect(isRight(decoder.pushEach(chunk, (r) => out.push(r)))).toBe(true);
        }
        expect(isRight(decoder.end())).toBe(true);
        expect(decoder.atRecordBoundary).toBe(true);
        expect(out.map(hex)).toEqual(records.map(hex));
      }),
      { numRuns: 200 },
    );
  });

  it('decodes empty records, including one at the very end of the stream', () => {
    const records = [new Uint8Array(0), Uint8Array.of(0x0a), new Uint8Array(0)];
    for (const size of PRIME_SIZES) {
      const decoded = decodeChunksWithPush(split(encodeRecords(records), { kind: 'fixed', size }));
      expect(decoded.error).toBeUndefined();
      expect(decoded.records.map(hex)).toEqual(records.map(hex));
    }
  });

  it('accepts an empty stream and empty chunks', () => {
    const decoder = new RecordIODecoder();
    const pushed = decoder.push(new Uint8Array(0));
    expect(isRight(pushed) && pushed.right).toEqual([]);
    expect(isRight(decoder.end())).toBe(true);
    expect(isRight(decodeRecordIO(new Uint8Array(0)))).toBe(true);
  });

  it('accepts leading zeros in a length line (up to 20 digits)', () => {
    const data = Uint8Array.of(7, 0x0a, 9);
    const stream = Buffer.concat([Buffer.from('0'.repeat(19) + '3\n', 'latin1'), data]);
    const result = decodeRecordIO(new Uint8Array(stream));
    if (isLeft(result)) throw result.left.error;
    expect(result.right.map(hex)).toEqual([hex(data)]);
  });

  it('accepts a record of exactly maxRecordBytes', () => {
    const data = new Uint8Array(10).fill(0x0a);
    const result = decodeRecordIO(encodeRecord(data), { maxRecordBytes: 10 });
    expect(isRight(result) && result.right.map(hex)).toEqual([hex(data)]);
  });
});

describe('structure: zero-copy, single copy, linear work', () => {
  it('returns a record wholly inside one chunk as a view sharing the chunk buffer', () => {
    const chunk = encodeRecords(fixtureRecords);
    const result = new RecordIODecoder().push(chunk);
    if (isLeft(result)) throw result.left;
    expect(result.right.length).toBe(fixtureRecords.length);
    for (const record of result.right) expect(record.buffer).toBe(chunk.buffer);
    // Mutating the chunk is visible through the view: this is the documented aliasing.
    const first = result.right[0];
    if (first === undefined || first.length === 0) throw new Error('need a non-empty record');
    chunk[first.byteOffset] = (chunk[first.byteOffset]! + 1) & 0xff;
    expect(first[0]).toBe(chunk[first.byteOffset]);
  });

  it('returns a view even when the length line came in an earlier chunk', () => {
    const data = fixtureRecords[0]!;
    const framed = encodeRecord(data);
    const lf = framed.indexOf(0x0a);
    const decoder = new RecordIODecoder();
    const first = decoder.push(framed.slice(0, lf)); // digits only
    expect(isRight(first) && first.right).toEqual([]);
    const rest = framed.slice(lf);
    const second = decoder.push(rest);
    if (isLeft(second)) throw second.left;
    expect(second.right).toHaveLength(1);
    expect(second.right[0]!.buffer).toBe(rest.buffer);
    expect(hex(second.right[0]!)).toBe(hex(data));
  });

  it('copies a record spanning chunks into a buffer allocated at exactly its size', () => {
    const stream = encodeRecords(fixtureRecords);
    const chunks = split(stream, { kind: 'fixed', size: 7 });
    const decoded = decodeChunksWithPush(chunks);
    expect(decoded.error).toBeUndefined();
    expect(decoded.records.map(hex)).toEqual(fixtureRecords.map(hex));
    let spanning = 0;
    for (const record of decoded.records) {
      // With 7-byte chunks, a record longer than 6 bytes cannot share a chunk with its LF.
      if (record.length <= 6) continue;
      spanning++;
      expect(chunks.some((c) => c.buffer === record.buffer)).toBe(false);
      expect(record.byteOffset).toBe(0);
      expect(record.buffer.byteLength).toBe(record.length);
    }
    expect(spanning).toBeGreaterThan(10);
  });

  describe('bytes copied (work counter: TypedArray.prototype.set is wrapped while decoding)', () => {
    type SetFn = (this: Uint8Array, source: ArrayLike<number>, offset?: number) => void;
    const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as { set: SetFn };

    /** Decodes and returns how many bytes were copied with `set` while decoding. */
    const countCopied = (chunks: readonly Uint8Array[]): { copied: number; decoded: Decoded } => {
      const original = typedArrayProto.set;
      let copied = 0;
      typedArrayProto.set = function (this: Uint8Array, source, offset) {
        copied += source.length;
        original.call(this, source, offset);
      };
      try {
        const decoded = decodeChunksWithPush(chunks);
        return { copied, decoded };
      } finally {
        typedArrayProto.set = original;
      }
    };

    it('copies nothing when the stream arrives whole', () => {
      const { copied, decoded } = countCopied([fixtureStream]);
      expect(decoded.records).toHaveLength(fixtureRecords.length);
      expect(copied).toBe(0);
    });

    it('copies each data byte exactly once with 1-byte chunks', () => {
      const { copied, decoded } = countCopied(split(fixtureStream, { kind: 'fixed', size: 1 }));
      expect(decoded.records.map(hex)).toEqual(fixtureRecords.map(hex));
      const dataBytes = fixtureRecords.reduce((sum, r) => sum + r.length, 0);
      expect(copied).toBe(dataBytes);
    });

    it('never copies more than the data bytes, for any chunking (property)', () => {
      const dataBytes = fixtureRecords.reduce((sum, r) => sum + r.length, 0);
      fc.assert(
        fc.property(chunkingArb, (chunking) => {
          const { copied, decoded } = countCopied(split(fixtureStream, chunking));
          expect(decoded.error).toBeUndefined();
          expect(copied).toBeLessThanOrEqual(dataBytes);
        }),
        { numRuns: 50 },
      );
    });
  });

  it('feeds a 2 MiB record one byte at a time (would time out if work were quadratic)', () => {
    const data = new Uint8Array(2 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    const stream = encodeRecord(data);
    const decoder = new RecordIODecoder();
    const out: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i++) {
      const result = decoder.pushEach(stream.subarray(i, i + 1), (r) => out.push(r));
      if (isLeft(result)) throw result.left;
    }
    expect(isRight(decoder.end())).toBe(true);
    expect(out).toHaveLength(1);
    expect(Buffer.from(out[0]!).equals(Buffer.from(data))).toBe(true);
    expect(decoder.bytesConsumed).toBe(stream.length);
  });

  it('defaults maxRecordBytes to 64 MiB', () => {
    expect(DEFAULT_MAX_RECORD_BYTES).toBe(64 * 1024 * 1024);
    expect(new RecordIODecoder().maxRecordBytes).toBe(67108864);
  });

  it('tracks bytesConsumed and atRecordBoundary across chunks', () => {
    const decoder = new RecordIODecoder();
    expect(decoder.atRecordBoundary).toBe(true);
    decoder.push(Uint8Array.from(Buffer.from('3\nab', 'latin1')));
    expect(decoder.bytesConsumed).toBe(4);
    expect(decoder.atRecordBoundary).toBe(false);
    decoder.push(Uint8Array.from(Buffer.from('c1', 'latin1')));
    expect(decoder.bytesConsumed).toBe(6);
    expect(decoder.atRecordBoundary).toBe(false);
    decoder.push(Uint8Array.from(Buffer.from('\nd', 'latin1')));
    expect(decoder.atRecordBoundary).toBe(true);
    expect(decoder.failure).toBeUndefined();
  });
});
