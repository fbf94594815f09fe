/**
 * The event stream body of a scripted subscription.
 *
 * @module
 */
import { Subscription, type SchedulerLike } from 'rxjs';

/**
 * What a scripted stream does at a frame (relative to the subscription): send bytes, end
 * (the master closed it) or fail (the connection broke).
 *
 * @example
 * ```ts
 * const steps: readonly StreamStep[] = [{ frame: 0, bytes }, { frame: 75_000, end: 'closed' }];
 * ```
 */
export type StreamStep =
  | { readonly frame: number; readonly bytes: Uint8Array }
  | { readonly frame: number; readonly end: 'closed' | 'broken' };

/**
 * The bytes of a subscription stream, sent on a scheduler at the frames of a script: an
 * `AsyncIterable` as the HTTP transport's response body is. Aborting the request (the
 * driver's watchdog does) fails the reading at once, as a real connection does.
 *
 * @example
 * ```ts
 * const body = new ScriptedStream(clock.scheduler, [{ frame: 0, bytes }], abort.signal);
 * for await (const chunk of body) console.log(chunk.length);
 * ```
 * Spec: docs/protocol.md §2.3.
 */
export class ScriptedStream implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private readonly timers = new Subscription();
  private ended: { readonly error?: Error } | undefined;
  private waiting:
    { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: Error) => void } | undefined;

  constructor(scheduler: SchedulerLike, steps: readonly StreamStep[], signal?: AbortSignal) {
    const start = scheduler.now();
    for (const step of steps) {
      const delay = Math.max(0, start + step.frame - scheduler.now());
      this.timers.add(
        scheduler.schedule(() => {
          if ('bytes' in step) this.push(step.bytes);
          else
            this.end(
              step.end === 'closed' ? undefined : new Error('the connection to the master broke'),
            );
        }, delay),
      );
    }
    if (signal?.aborted === true) this.abort();
    signal?.addEventListener(
      'abort',
      () => {
        this.abort();
      },
      { once: true },
    );
  }

  /** Whether the stream has ended (closed, broken or aborted). */
  get closed(): boolean {
    return this.ended !== undefined;
  }

  /** Ends the stream from the client's side: reading ends, nothing more comes. */
  close(): void {
    this.chunks.length = 0;
    this.end(undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.read(),
      return: () => {
        this.close();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  private abort(): void {
    this.chunks.length = 0;
    this.end(new Error('the request was aborted'));
  }

  private push(bytes: Uint8Array): void {
    if (this.ended !== undefined) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) this.chunks.push(bytes);
    else waiting.resolve({ done: false, value: bytes });
  }

  private end(error: Error | undefined): void {
    if (this.ended !== undefined) return;
    this.ended = error === undefined ? {} : { error };
    this.timers.unsubscribe();
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) return;
    if (error === undefined) waiting.resolve({ done: true, value: undefined });
    else waiting.reject(error);
  }

  private read(): Promise<IteratorResult<Uint8Array>> {
    const chunk = this.chunks.shift();
    if (chunk !== undefined) return Promise.resolve({ done: false, value: chunk });
    const ended = this.ended;
    if (ended !== undefined) {
      return ended.error === undefined
        ? Promise.resolve({ done: true, value: undefined })
        : Promise.reject(ended.error);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }
}
