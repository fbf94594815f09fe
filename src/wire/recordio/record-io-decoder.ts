import { Buffer } from 'node:buffer';
import { type Either, type Left, isLeft, left, right } from 'fp-ts/Either';
import { RecordIOError, type RecordIOErrorCode } from './record-io-error';

/**
 * Default cap on the size of one record: 64 MiB (67108864 bytes).
 *
 * Mesos itself has no such limit; this is a safety net against a corrupt length line making the
 * client allocate gigabytes. Raise it through {@link RecordIODecoderOptions.maxRecordBytes} if a
 * cluster really sends larger events (huge OFFERS events can reach several MiB).
 *
 * @example
 * ```ts
 * new RecordIODecoder({ maxRecordBytes: 2 * DEFAULT_MAX_RECORD_BYTES });
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Most digits a length line may have: a uint64 has at most 20 decimal digits.
 *
 * Leading zeros count, so `000…0005` with 21 characters is rejected.
 *
 * @example
 * ```ts
 * '18446744073709551615'.length === MAX_LENGTH_DIGITS; // true
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export const MAX_LENGTH_DIGITS = 20;

/**
 * Options for {@link RecordIODecoder} and {@link decodeRecordIO}.
 *
 * `maxRecordBytes` (default {@link DEFAULT_MAX_RECORD_BYTES}) is the largest accepted record, in
 * bytes of data (the length line is not counted). A larger declared length fails with
 * `RECORD_TOO_LARGE` before anything is allocated for it. The value is floored and clamped to
 * `[0, Number.MAX_SAFE_INTEGER]`; `NaN` becomes 0 (every non-empty record is then rejected, so a
 * misconfiguration shows up at once instead of silently falling back to the default).
 *
 * @example
 * ```ts
 * const options: RecordIODecoderOptions = { maxRecordBytes: 1024 * 1024 };
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export interface RecordIODecoderOptions {
  readonly maxRecordBytes?: number;
  /**
   * Records that span chunks are assembled in one buffer that the decoder keeps and reuses,
   * instead of a fresh allocation each (fresh memory of a large record costs page faults,
   * several milliseconds per megabyte on some machines). Such a record is then valid only
   * until the next `push`/`pushEach`: decode it (or copy it) in `onRecord`, or before pushing
   * the next chunk. The two kept buffers are as large as the largest such records so far (at
   * most `maxRecordBytes` each). Default false.
   */
  readonly transientRecords?: boolean;
}

/**
 * Result of {@link decodeRecordIO} when the input is not a well-formed RecordIO stream.
 *
 * `records` holds every complete record that preceded the error, in order.
 *
 * @example
 * ```ts
 * const failure: RecordIODecodeFailure = { error, records: [] };
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export interface RecordIODecodeFailure {
  readonly error: RecordIOError;
  readonly records: readonly Uint8Array[];
}

const LF = 0x0a;
const DIGIT_0 = 0x30;
const RIGHT_VOID: Either<never, void> = right(undefined);

const normalizeMaxRecordBytes = (max: number | undefined): number => {
  if (max === undefined) return DEFAULT_MAX_RECORD_BYTES;
  if (Number.isNaN(max)) return 0;
  return Math.min(Math.max(Math.floor(max), 0), Number.MAX_SAFE_INTEGER);
};

const describeByte = (b: number): string => {
  if (b === 0x0d) return "byte 0x0d ('\\r'): length lines end with a bare LF, not CRLF";
  if (b === 0x20) return 'byte 0x20 (space)';
  const hex = `0x${b.toString(16).padStart(2, '0')}`;
  return b > 0x20 && b < 0x7f ? `byte ${hex} ('${String.fromCharCode(b)}')` : `byte ${hex}`;
};

/**
 * Incremental, push-based decoder for a Mesos RecordIO byte stream (`length LF data`, repeated).
 *
 * Feed it the HTTP body chunk by chunk with {@link RecordIODecoder.push} (or
 * {@link RecordIODecoder.pushEach}) and call {@link RecordIODecoder.end} when the body ends.
 * Chunk boundaries may fall anywhere: inside a length line, inside data, or between records.
 * Lengths count bytes, so data may hold any byte (LF in protobuf, multi-byte UTF-8 in JSON).
 *
 * Behaviour:
 * - Linear time in the total input for any chunking: length lines are parsed digit by digit
 *   (never re-scanned), data bytes are skipped arithmetically, and every data byte is copied at
 *   most once.
 * - Zero-copy: a record whose data lies wholly inside one chunk is returned as a `subarray` view
 *   of that chunk. A record spanning chunks is copied once into a buffer allocated at its exact
 *   declared size as soon as its length line ends (or, with `transientRecords`, into a buffer
 *   the decoder keeps and reuses).
 * - Errors are returned, never thrown. After the first error the decoder is failed for good:
 *   every later `push`/`pushEach`/`end` returns the very same `Left`.
 * - Length 0 yields an empty record.
 *
 * Warnings:
 * - Views share the chunk's memory: if you reuse or overwrite a chunk buffer after pushing it,
 *   copy the records you keep (`record.slice()`) first. Conversely, a tiny record kept alive keeps
 *   its whole chunk's buffer alive.
 * - A record spanning chunks allocates its full declared size (at most `maxRecordBytes`) before
 *   its data has arrived.
 * - Not re-entrant: do not push into a decoder from inside its own `onRecord` callback.
 * - Instances are stateful; use one decoder per stream.
 *
 * @example
 * ```ts
 * const decoder = new RecordIODecoder({ maxRecordBytes: 1 << 20 });
 * decoder.push(new TextEncoder().encode('5\nhel')); // right([])
 * decoder.push(new TextEncoder().encode('lo2\nhi')); // right([<hello>, <hi>])
 * decoder.end(); // right(undefined)
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export class RecordIODecoder {
  /** Effective maximum record size in bytes, after normalisation of the option. */
  readonly maxRecordBytes: number;

  #failed: Left<RecordIOError> | undefined = undefined;
  /** Absolute offset of the next byte to examine (= bytes pushed, outside of a push). */
  #consumed = 0;
  /** Absolute offset of the first byte of the current record's length line. */
  #lineStart = 0;
  /** Digits seen so far on the current length line. */
  #digits = 0;
  /** Value of those digits, saturating: once above maxRecordBytes it stops growing. */
  #value = 0;
  /** Buffer of the record being filled across chunks, if any. */
  #record: Uint8Array | undefined = undefined;
  /** Bytes of #record already filled. */
  #filled = 0;

  /**
   * With `transientRecords`: the two buffers records spanning chunks are assembled in, used in
   * turn, so that a record completed by a push stays intact while the push starts the next one.
   */
  #scratch: [Uint8Array | undefined, Uint8Array | undefined] = [undefined, undefined];
  #scratchTurn: 0 | 1 = 0;
  readonly #transient: boolean;

  constructor(options: RecordIODecoderOptions = {}) {
    this.maxRecordBytes = normalizeMaxRecordBytes(options.maxRecordBytes);
    this.#transient = options.transientRecords ?? false;
  }

  /**
   * Total bytes consumed so far, i.e. the absolute stream offset of the next byte to be pushed.
   * Once the decoder has failed it is frozen at the failure's `offset`.
   */
  get bytesConsumed(): number {
    return this.#consumed;
  }

  /** The error that failed this decoder, or `undefined` while it is healthy. */
  get failure(): RecordIOError | undefined {
    return this.#failed?.left;
  }

  /** `true` when the bytes consumed so far end exactly at a record boundary (and not failed). */
  get atRecordBoundary(): boolean {
    return this.#failed === undefined && this.#record === undefined && this.#digits === 0;
  }

  /**
   * Decodes one chunk and returns the records it completed, in stream order.
   *
   * Returns `right([])` when the chunk completes no record (it is buffered internally). On a
   * framing error returns `left(RecordIOError)`; records completed earlier in the same chunk are
   * then not returned (use {@link RecordIODecoder.pushEach} if you need them).
   *
   * @example
   * ```ts
   * decoder.push(Uint8Array.of(0x31, 0x0a, 0x41)); // right([Uint8Array [0x41]])
   * ```
   */
  push(chunk: Uint8Array): Either<RecordIOError, readonly Uint8Array[]> {
    const records: Uint8Array[] = [];
    const result = this.pushEach(chunk, (record) => {
      records.push(record);
    });
    return isLeft(result) ? result : right(records);
  }

  /**
   * Decodes one chunk, calling `onRecord` synchronously for each completed record, in order.
   *
   * Unlike {@link RecordIODecoder.push}, records that precede a framing error in the same chunk
   * are still delivered before the `Left` is returned, so the records seen before an error do not
   * depend on how the stream was chunked. `onRecord` must not throw nor push into this decoder.
   *
   * @example
   * ```ts
   * decoder.pushEach(chunk, (record) => subscriber.next(record));
   * ```
   */
  pushEach(chunk: Uint8Array, onRecord: (record: Uint8Array) => void): Either<RecordIOError, void> {
    if (this.#failed !== undefined) return this.#failed;
    const max = this.maxRecordBytes;
    const n = chunk.length;
    const base = this.#consumed;
    let i = 0;
    while (i < n) {
      const pending = this.#record;
      if (pending !== undefined) {
        // Filling a record that spans chunks: copy what this chunk holds of it, once.
        const filled = this.#filled;
        const take = Math.min(pending.length - filled, n - i);
        pending.set(chunk.subarray(i, i + take), filled);
        i += take;
        if (filled + take < pending.length) {
          this.#filled = filled + take;
          break;
        }
        this.#record = undefined;
        this.#filled = 0;
        this.#lineStart = base + i;
        this.#consumed = base + i;
        onRecord(pending);
        continue;
      }

      // Parsing a length line, byte by byte; state may carry over from the previous chunk.
      let digits = this.#digits;
      let value = this.#value;
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (b === LF) break;
        const d = b - DIGIT_0;
        if (d < 0 || d > 9) {
          return this.#fail('BAD_LENGTH_LINE', base + i, `unexpected ${describeByte(b)}`);
        }
        if (++digits > MAX_LENGTH_DIGITS) {
          return this.#fail('LENGTH_TOO_LONG', base + i, 'a uint64 has at most 20 digits');
        }
        // value <= max <= 2^53 - 1, so value * 10 + d is exact or already far above max.
        if (value <= max) value = value * 10 + d;
      }
      if (i === n) {
        this.#digits = digits;
        this.#value = value;
        break;
      }
      // chunk[i] is the LF ending the length line.
      if (digits === 0) {
        return this.#fail('BAD_LENGTH_LINE', base + i, 'empty length line (LF with no digits)');
      }
      if (value > max) {
        return this.#fail(
          'RECORD_TOO_LARGE',
          this.#lineStart,
          `declared length exceeds maxRecordBytes (${max})`,
        );
      }
      this.#digits = 0;
      this.#value = 0;
      i += 1;
      if (n - i >= value) {
        // Whole record inside this chunk: zero-copy view.
        const record = chunk.subarray(i, i + value);
        i += value;
        this.#lineStart = base + i;
        this.#consumed = base + i;
        onRecord(record);
      } else {
        let buffer: Uint8Array;
        try {
          // uninitialised and unpooled: every byte is written before the record is handed out,
          // and a zero-filled allocation of a large record costs milliseconds (page by page)
          buffer = this.#transient ? this.#scratchOf(value) : Buffer.allocUnsafeSlow(value);
        } catch {
          return this.#fail(
            'RECORD_TOO_LARGE',
            this.#lineStart,
            `could not allocate ${value} bytes for the record`,
          );
        }
        this.#record = buffer;
        this.#filled = 0;
      }
    }
    this.#consumed = base + n;
    return RIGHT_VOID;
  }

  /**
   * Signals the end of the stream.
   *
   * Returns `right(undefined)` if the stream ended exactly at a record boundary (including an
   * empty stream), else `left` with code `TRUNCATED`, `offset` = total bytes received and
   * `recordStart` = where the unfinished record's length line began. A TRUNCATED result fails the
   * decoder like any other error. Calling `end` does not prevent further pushes (it only checks).
   *
   * @example
   * ```ts
   * decoder.push(new TextEncoder().encode('5\nhel'));
   * decoder.end(); // left(RecordIOError { code: 'TRUNCATED', offset: 5, recordStart: 0 })
   * ```
   */
  end(): Either<RecordIOError, void> {
    if (this.#failed !== undefined) return this.#failed;
    const pending = this.#record;
    if (pending !== undefined) {
      return this.#failTruncated(
        this.#consumed,
        `inside a record's data (${this.#filled} of ${pending.length} bytes received)`,
      );
    }
    if (this.#digits > 0) return this.#failTruncated(this.#consumed, 'inside a length line');
    return RIGHT_VOID;
  }

  /** A view of `size` bytes of the next kept buffer, grown (by half again at least) when too small. */
  #scratchOf(size: number): Uint8Array {
    const turn = this.#scratchTurn;
    this.#scratchTurn = turn === 0 ? 1 : 0;
    let scratch = this.#scratch[turn];
    if (scratch === undefined || scratch.length < size) {
      const grown = Math.min(
        Math.max(size, Math.floor((scratch?.length ?? 0) * 1.5)),
        this.maxRecordBytes,
      );
      scratch = Buffer.allocUnsafeSlow(grown);
      this.#scratch[turn] = scratch;
    }
    return scratch.subarray(0, size);
  }

  #failTruncated(offset: number, where: string): Left<RecordIOError> {
    return this.#fail('TRUNCATED', offset, `stream ended ${where}`);
  }

  #fail(code: RecordIOErrorCode, offset: number, detail: string): Left<RecordIOError> {
    const error = new RecordIOError({ code, offset, recordStart: this.#lineStart, detail });
    const failed: Left<RecordIOError> = { _tag: 'Left', left: error };
    this.#failed = failed;
    this.#record = undefined; // release a partially filled buffer
    this.#scratch = [undefined, undefined];
    this.#consumed = offset;
    return failed;
  }
}

/**
 * Decodes a complete RecordIO stream held in one buffer.
 *
 * Equivalent to one `push` followed by `end` on a fresh {@link RecordIODecoder}. Records are
 * zero-copy views into `bytes`. On failure the `Left` carries the error and the records that
 * preceded it.
 *
 * @example
 * ```ts
 * decodeRecordIO(new TextEncoder().encode('2\nhi0\n')); // right([<hi>, <empty>])
 * decodeRecordIO(new TextEncoder().encode('2\nh')); // left({ error: TRUNCATED at 3, records: [] })
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export const decodeRecordIO = (
  bytes: Uint8Array,
  options?: RecordIODecoderOptions,
): Either<RecordIODecodeFailure, readonly Uint8Array[]> => {
  const decoder = new RecordIODecoder(options);
  const records: Uint8Array[] = [];
  const pushed = decoder.pushEach(bytes, (record) => {
    records.push(record);
  });
  const ended = isLeft(pushed) ? pushed : decoder.end();
  return isLeft(ended) ? left({ error: ended.left, records }) : right(records);
};
