/**
 * Writing text to a stream while respecting its backpressure and noticing its failure.
 *
 * @module
 */
import type { Writable } from 'node:stream';

/**
 * A writer over one `Writable` that waits for `'drain'` whenever `write` returns `false`, and
 * records the first `'error'` the stream emits instead of letting it crash the process.
 *
 * Behaviour:
 * - {@link OutputSink.write} resolves once the stream accepted the text (at once, or after the
 *   next `'drain'`); it resolves too if the stream errors or closes meanwhile, never hangs.
 * - After an error, writes are ignored; {@link OutputSink.error} tells what happened (for
 *   example `EPIPE` when the reader of a pipe, like `head`, has gone).
 * - {@link OutputSink.close} detaches the listener; it neither ends nor destroys the stream.
 *
 * @example
 * ```ts
 * const out = new OutputSink(process.stdout);
 * await out.write('{"type":"HEARTBEAT"}\n');
 * out.close();
 * ```
 */
export class OutputSink {
  readonly #stream: Writable;
  #error: Error | undefined = undefined;
  readonly #onError = (e: Error): void => {
    this.#error ??= e;
  };

  constructor(stream: Writable) {
    this.#stream = stream;
    stream.on('error', this.#onError);
  }

  /** The first error the stream emitted since this sink was created, if any. */
  get error(): Error | undefined {
    return this.#error;
  }

  /**
   * Writes `text`, waiting for `'drain'` if the stream's buffer is full.
   *
   * @example
   * ```ts
   * for (const line of lines) await sink.write(`${line}\n`);
   * ```
   */
  async write(text: string): Promise<void> {
    if (this.#error !== undefined || text === '') return;
    if (this.#stream.write(text)) return;
    await this.drained();
  }

  /**
   * Resolves when the stream no longer needs draining (or has failed or closed).
   *
   * @example
   * ```ts
   * await sink.drained(); // everything written so far has been handed to the stream's target
   * ```
   */
  drained(): Promise<void> {
    const stream = this.#stream;
    if (this.#error !== undefined || !stream.writableNeedDrain || stream.destroyed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
      stream.on('close', done);
    });
  }

  /**
   * Stops listening to the stream's errors (call it when the command is done with the stream).
   *
   * @example
   * ```ts
   * try { await work(sink); } finally { sink.close(); }
   * ```
   */
  close(): void {
    this.#stream.off('error', this.#onError);
  }
}
