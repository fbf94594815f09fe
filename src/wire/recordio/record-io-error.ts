/**
 * Why a RecordIO byte stream could not be decoded.
 *
 * - `BAD_LENGTH_LINE`: a length line held a byte that is not an ASCII digit before its LF
 *   (a letter, `-`, `+`, space, a `\r` of a CRLF line ending, ...), or it was empty (LF with no
 *   digit before it).
 * - `LENGTH_TOO_LONG`: a length line had more than 20 digits (a uint64 never needs more).
 * - `RECORD_TOO_LARGE`: the declared length exceeds the decoder's `maxRecordBytes`, or a buffer
 *   of that size could not be allocated.
 * - `TRUNCATED`: the stream ended inside a length line or inside a record's data.
 *
 * @example
 * ```ts
 * const code: RecordIOErrorCode = 'TRUNCATED';
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export type RecordIOErrorCode =
  'BAD_LENGTH_LINE' | 'LENGTH_TOO_LONG' | 'RECORD_TOO_LARGE' | 'TRUNCATED';

/**
 * The facts needed to build a {@link RecordIOError}.
 *
 * `offset` and `recordStart` are absolute byte offsets from the start of the stream (not of a
 * chunk). `detail` is an optional human-readable explanation appended to the message.
 *
 * @example
 * ```ts
 * const init: RecordIOErrorInit = { code: 'TRUNCATED', offset: 12, recordStart: 9 };
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export interface RecordIOErrorInit {
  readonly code: RecordIOErrorCode;
  readonly offset: number;
  readonly recordStart: number;
  readonly detail?: string;
}

const REASONS: Readonly<Record<RecordIOErrorCode, string>> = {
  BAD_LENGTH_LINE: 'malformed length line',
  LENGTH_TOO_LONG: 'length line has more than 20 digits',
  RECORD_TOO_LARGE: 'record larger than the allowed maximum',
  TRUNCATED: 'stream ended in the middle of a record',
};

/**
 * A RecordIO framing failure, carried as a value (the decoder never throws it).
 *
 * Fields:
 * - `code`: see {@link RecordIOErrorCode}.
 * - `offset`: absolute byte offset in the stream where the problem is. For `BAD_LENGTH_LINE`, the
 *   offending byte (for an empty line, its LF); for `LENGTH_TOO_LONG`, the 21st digit; for
 *   `RECORD_TOO_LARGE`, the first byte of the length line; for `TRUNCATED`, the total number of
 *   bytes the stream delivered.
 * - `recordStart`: absolute offset of the first byte of the length line of the record being
 *   decoded when the problem was found (for `TRUNCATED`, where the unfinished record began).
 * - `retryable`: always `false`; the same bytes will fail the same way. A Mesos scheduler should
 *   drop the connection and resubscribe.
 *
 * Warning: it is a real `Error` (stack trace captured at construction), tagged with `_tag` so it
 * can be told apart structurally from other errors.
 *
 * @example
 * ```ts
 * const e = new RecordIOError({ code: 'BAD_LENGTH_LINE', offset: 3, recordStart: 0 });
 * e.message; // "RecordIO BAD_LENGTH_LINE at byte offset 3 (record starting at offset 0): malformed length line"
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export class RecordIOError extends Error {
  readonly _tag = 'RecordIOError' as const;
  override readonly name = 'RecordIOError' as const;
  readonly retryable = false as const;
  readonly code: RecordIOErrorCode;
  readonly offset: number;
  readonly recordStart: number;

  constructor(init: RecordIOErrorInit) {
    const detail = init.detail === undefined ? '' : `; ${init.detail}`;
    super(
      `RecordIO ${init.code} at byte offset ${init.offset} ` +
        `(record starting at offset ${init.recordStart}): ${REASONS[init.code]}${detail}`,
    );
    this.code = init.code;
    this.offset = init.offset;
    this.recordStart = init.recordStart;
  }
}

/**
 * Type guard: is `u` a {@link RecordIOError}?
 *
 * Checks `instanceof` first and falls back to the `_tag`, so it also recognises errors created by
 * another copy of this module.
 *
 * @example
 * ```ts
 * if (isRecordIOError(err)) console.log(err.code, err.offset);
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export const isRecordIOError = (u: unknown): u is RecordIOError =>
  u instanceof RecordIOError ||
  (u instanceof Error && (u as { readonly _tag?: unknown })._tag === 'RecordIOError');
