const LF = 0x0a;
const DIGIT_0 = 0x30;

const digitCount = (n: number): number => {
  let count = 1;
  for (let v = n; v >= 10; v = Math.floor(v / 10)) count++;
  return count;
};

/** Writes `length LF` (ASCII decimal) at `at`; returns the offset just after the LF. */
const writeLengthLine = (out: Uint8Array, at: number, length: number): number => {
  const digits = digitCount(length);
  let v = length;
  for (let p = at + digits - 1; p >= at; p--) {
    out[p] = DIGIT_0 + (v % 10);
    v = Math.floor(v / 10);
  }
  out[at + digits] = LF;
  return at + digits + 1;
};

/**
 * Frames a list of records as one RecordIO byte stream (`length LF data` for each, no separators).
 *
 * Lengths are the records' byte lengths in ASCII decimal without leading zeros; the output is
 * allocated once at its exact final size and every record is copied into it once. Empty records
 * encode as `0\n`. The result never aliases the inputs.
 *
 * @example
 * ```ts
 * encodeRecords([new TextEncoder().encode('hi'), new Uint8Array(0)]); // bytes of "2\nhi0\n"
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export const encodeRecords = (records: readonly Uint8Array[]): Uint8Array => {
  let total = 0;
  for (const record of records) total += digitCount(record.length) + 1 + record.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const record of records) {
    at = writeLengthLine(out, at, record.length);
    out.set(record, at);
    at += record.length;
  }
  return out;
};

/**
 * Frames one record as RecordIO: its byte length in ASCII decimal, LF, then the data.
 *
 * The length line and data are returned in one freshly allocated buffer (the input is copied).
 * Any byte may appear in `data`, including LF.
 *
 * @example
 * ```ts
 * encodeRecord(new TextEncoder().encode('hello')); // bytes of "5\nhello"
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export const encodeRecord = (data: Uint8Array): Uint8Array => encodeRecords([data]);
