import { isLeft } from 'fp-ts/Either';
import { Observable, type OperatorFunction } from 'rxjs';

import { RecordIODecoder, type RecordIODecoderOptions } from '../wire';

/**
 * rxjs operator turning a RecordIO byte stream (HTTP body chunks) into its records.
 *
 * Behaviour:
 * - Emits each complete record, in order, synchronously when the chunk holding its last byte
 *   arrives (several records may be emitted for one chunk, none for others).
 * - On a framing error, first emits the records that precede it in the offending chunk, then
 *   errors with the {@link RecordIOError} (`BAD_LENGTH_LINE`, `LENGTH_TOO_LONG` or
 *   `RECORD_TOO_LARGE`) and unsubscribes from the source (a synchronous source that is still
 *   emitting is drained first, each chunk costing O(1) since the decoder stays failed).
 * - When the source completes, completes if the stream ended at a record boundary, else errors
 *   with a `TRUNCATED` RecordIOError. Source errors are passed through unchanged.
 * - Each subscription gets its own {@link RecordIODecoder}, so the operator may be reused and
 *   the resulting Observable subscribed many times.
 *
 * Warning: records are zero-copy views into the source chunks whenever a record lies inside one
 * chunk; copy them (`record.slice()`) if the producer reuses its chunk buffers.
 *
 * @example
 * ```ts
 * body$.pipe(recordIO({ maxRecordBytes: 16 * 1024 * 1024 })).subscribe((record) => {
 *   console.log(new TextDecoder().decode(record));
 * });
 * ```
 *
 * Spec: docs/protocol.md §2.3
 */
export const recordIO =
  (options?: RecordIODecoderOptions): OperatorFunction<Uint8Array, Uint8Array> =>
  (source) =>
    new Observable<Uint8Array>((subscriber) => {
      const decoder = new RecordIODecoder(options);
      const emit = (record: Uint8Array): void => {
        subscriber.next(record);
      };
      return source.subscribe({
        next: (chunk) => {
          // After a failure this returns the stored Left at once; error() is then a no-op.
          const result = decoder.pushEach(chunk, emit);
          if (isLeft(result)) subscriber.error(result.left);
        },
        error: (err: unknown) => {
          subscriber.error(err);
        },
        complete: () => {
          const result = decoder.end();
          if (isLeft(result)) subscriber.error(result.left);
          else subscriber.complete();
        },
      });
    });
