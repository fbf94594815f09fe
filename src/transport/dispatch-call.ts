/**
 * One call on an undici dispatcher, its answer gathered without streams.
 *
 * @module
 */
import type { Dispatcher } from 'undici';

/**
 * The master's answer to a call: its status, its `Location` (a standby's redirect) and its
 * body as text (the reason of a refusal, or an UPDATE_FRAMEWORK answer).
 *
 * @example
 * ```ts
 * const answer: CallAnswer = { statusCode: 202, location: undefined, text: '' };
 * ```
 */
export interface CallAnswer {
  readonly statusCode: number;
  readonly location: string | undefined;
  readonly text: string;
}

/**
 * Sends one request with `dispatcher.dispatch` and gathers the final answer (informational
 * 1xx answers are skipped). Rejects with undici's error on failure, timeouts included, and
 * when `signal` aborts (a request still waiting in the pipeline is aborted as it starts, as
 * undici's `request` does). Cheaper than `request`: no response stream, no body mixin.
 *
 * @example
 * ```ts
 * const answer = await dispatchCall(client, { path: '/api/v1/scheduler', method: 'POST', body });
 * if (answer.statusCode !== 202) console.error(answer.text);
 * ```
 * Spec: docs/protocol.md §1.3.
 */
export function dispatchCall(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  signal?: AbortSignal,
): Promise<CallAnswer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError(signal));
      return;
    }
    dispatcher.dispatch(options, new CallHandler(resolve, reject, signal));
  });
}

/**
 * The handler of one call: one object per call (its methods on the prototype), since a
 * scheduler makes thousands of calls a second.
 */
class CallHandler implements Dispatcher.DispatchHandler {
  private statusCode = 0;
  private location: string | undefined = undefined;
  private chunks: Buffer[] | undefined = undefined;
  private controller: Dispatcher.DispatchController | undefined = undefined;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (answer: CallAnswer) => void,
    private readonly reject: (error: Error) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal !== undefined) {
      this.onAbort = () => {
        this.controller?.abort(abortError(signal));
      };
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(c: Dispatcher.DispatchController): void {
    this.controller = c;
    if (this.signal?.aborted === true) c.abort(abortError(this.signal));
  }

  onResponseStart(
    _c: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // an informational answer (100 Continue) is not the answer
    if (status < 200) return;
    this.statusCode = status;
    const l = headers['location'];
    this.location = Array.isArray(l) ? l[0] : l;
    this.chunks = undefined;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    (this.chunks ??= []).push(chunk);
  }

  onResponseEnd(): void {
    this.settled();
    const chunks = this.chunks;
    const text =
      chunks === undefined
        ? ''
        : (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
    this.resolve({ statusCode: this.statusCode, location: this.location, text });
  }

  onResponseError(_c: Dispatcher.DispatchController, error: Error): void {
    this.settled();
    this.reject(error);
  }

  private settled(): void {
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  // an Error of any realm (a DOMException made in another context fails `instanceof Error`)
  if (isErrorLike(reason)) return reason as Error;
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}

function isErrorLike(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const { name, message } = x as { name?: unknown; message?: unknown };
  return typeof name === 'string' && typeof message === 'string';
}
