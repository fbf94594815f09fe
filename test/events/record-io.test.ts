import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { Observable, Subject, from, lastValueFrom, take, toArray } from 'rxjs';

import { recordIO } from '../../src/events/record-io';
import { RecordIOError, encodeRecords } from '../../src/wire/recordio';

const FIXTURES = join(__dirname, '..', 'fixtures');
const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

const fixtureRecords: readonly Uint8Array[] = [
  ...readdirSync(join(FIXTURES, 'events'))
    .sort()
    .map((f) => join(FIXTURES, 'events', f)),
  ...readdirSync(join(FIXTURES, 'events-pb'))
    .sort()
    .map((f) => join(FIXTURES, 'events-pb', f)),
].map((p) => new Uint8Array(readFileSync(p)));

/** Naive framing, independent of the encoder under test. */
const oracleEncode = (records: readonly Uint8Array[]): Uint8Array =>
  new Uint8Array(
    Buffer.concat(records.flatMap((r) => [Buffer.from(`${r.length}\n`, 'latin1'), Buffer.from(r)])),
  );

const splitEvery = (bytes: Uint8Array, size: number): Uint8Array[] => {
  const chunks: Uint8Array[] = [];
  for (let p = 0; p < bytes.length; p += size) chunks.push(bytes.slice(p, p + size));
  return chunks;
};

interface Collected {
  readonly records: readonly string[];
  readonly error: unknown;
  readonly completed: boolean;
}

/** Subscribes synchronously and collects records (as hex), the error and completion. */
const collect = (source: Observable<Uint8Array>): Collected => {
  const records: string[] = [];
  let error: unknown;
  let completed = false;
  source.subscribe({
    next: (r) => records.push(hex(r)),
    error: (e: unknown) => {
      error = e;
    },
    complete: () => {
      completed = true;
    },
  });
  return { records, error, completed };
};

describe('recordIO() with from(chunks)', () => {
  it.each([1, 2, 3, 7, 31, 127, 100000])(
    'emits every fixture record in order with %i-byte chunks, then completes',
    (size) => {
      const stream = oracleEncode(fixtureRecords);
      const out = collect(from(splitEvery(stream, size)).pipe(recordIO()));
      expect(out.error).toBeUndefined();
      expect(out.completed).toBe(true);
      expect(out.records).toEqual(fixtureRecords.map(hex));
    },
  );

  it('round-trips arbitrary records under arbitrary chunk sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 15 }),
        fc.integer({ min: 1, max: 64 }),
        (records, size) => {
          const out = collect(from(splitEvery(encodeRecords(records), size)).pipe(recordIO()));
          expect(out).toEqual({ records: records.map(hex), error: undefined, completed: true });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('completes without emitting for an empty source', () => {
    expect(collect(from([] as Uint8Array[]).pipe(recordIO()))).toEqual({
      records: [],
      error: undefined,
      completed: true,
    });
  });

  it('emits the records before a framing error, then errors with the RecordIOError', () => {
    const good = oracleEncode(fixtureRecords.slice(0, 3));
    const bad = latin1('12x\n');
    // The bad length line shares a chunk with the end of the good records.
    const out = collect(
      from([good.slice(0, 10), new Uint8Array([...good.slice(10), ...bad])]).pipe(recordIO()),
    );
    expect(out.records).toEqual(fixtureRecords.slice(0, 3).map(hex));
    expect(out.completed).toBe(false);
    expect(out.error).toBeInstanceOf(RecordIOError);
    expect(out.error).toMatchObject({ code: 'BAD_LENGTH_LINE', offset: good.length + 2 });
  });

  it('errors with TRUNCATED when the source completes mid-record', () => {
    const stream = oracleEncode(fixtureRecords.slice(0, 2));
    const cut = stream.length - 5;
    const firstLength = oracleEncode(fixtureRecords.slice(0, 1)).length;
    const out = collect(from(splitEvery(stream.slice(0, cut), 13)).pipe(recordIO()));
    expect(out.records).toEqual([hex(fixtureRecords[0]!)]);
    expect(out.error).toMatchObject({ code: 'TRUNCATED', offset: cut, recordStart: firstLength });
  });

  it('honours maxRecordBytes', () => {
    const stream = oracleEncode([latin1('ok'), latin1('too long')]);
    const out = collect(from([stream]).pipe(recordIO({ maxRecordBytes: 4 })));
    expect(out.records).toEqual([hex(latin1('ok'))]);
    expect(out.error).toMatchObject({ code: 'RECORD_TOO_LARGE', offset: 4 });
  });

  it('passes a source error through unchanged', () => {
    const boom = new Error('socket reset');
    const source = new Observable<Uint8Array>((s) => {
      s.next(latin1('2\nhi3\nab'));
      s.error(boom);
    });
    const out = collect(source.pipe(recordIO()));
    expect(out.records).toEqual([hex(latin1('hi'))]);
    expect(out.error).toBe(boom);
  });

  it('has per-subscription state: two subscriptions decode independently', () => {
    const chunks = splitEvery(oracleEncode(fixtureRecords), 5);
    const decoded$ = from(chunks).pipe(recordIO());
    expect(collect(decoded$).records).toEqual(fixtureRecords.map(hex));
    expect(collect(decoded$).records).toEqual(fixtureRecords.map(hex));
  });

  it('has per-subscription state even when subscriptions interleave on a shared subject', () => {
    const subject = new Subject<Uint8Array>();
    const operator = recordIO();
    const a: string[] = [];
    const b: string[] = [];
    const c: unknown[] = [];
    subject.pipe(operator).subscribe((r) => a.push(hex(r)));
    subject.next(latin1('2\nhi'));
    subject.pipe(operator).subscribe((r) => b.push(hex(r))); // joins at a record boundary
    subject.next(latin1('3\nab'));
    // c joins mid-record: for c the stream starts with 'c', which is no length line.
    subject.pipe(operator).subscribe({ error: (e: unknown) => c.push(e) });
    subject.next(latin1('c'));
    subject.next(latin1('1\nz'));
    expect(a).toEqual(['hi', 'abc', 'z'].map((t) => hex(latin1(t))));
    expect(b).toEqual(['abc', 'z'].map((t) => hex(latin1(t))));
    expect(c).toEqual([expect.objectContaining({ code: 'BAD_LENGTH_LINE', offset: 0 })]);
  });

  it('unsubscribes from the source after a framing error', () => {
    let unsubscribed = false;
    const source = new Observable<Uint8Array>((s) => {
      s.next(latin1('x'));
      return () => {
        unsubscribed = true;
      };
    });
    const out = collect(source.pipe(recordIO()));
    expect(out.error).toMatchObject({ code: 'BAD_LENGTH_LINE', offset: 0 });
    expect(unsubscribed).toBe(true);
  });

  it('works with take(): stops after the requested records', async () => {
    const chunks = [oracleEncode(fixtureRecords)];
    const firstTwo = await lastValueFrom(from(chunks).pipe(recordIO(), take(2), toArray()));
    expect(firstTwo.map(hex)).toEqual(fixtureRecords.slice(0, 2).map(hex));
  });
});
