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
    let statusCode = 0;
    let location: string | undefined;
    let chunks: Buffer[] | undefined;
    let controller: Dispatcher.DispatchController | undefined;
    const onAbort = (): void => {
      controller?.abort(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settled = (): void => {
      signal?.removeEventListener('abort', onAbort);
    };
    dispatcher.dispatch(options, {
      onRequestStart(c) {
        controller = c;
        if (signal?.aborted === true) c.abort(abortError(signal));
      },
      onResponseStart(_c, status, headers) {
        if (status < 200) return;
        statusCode = status;
        const l = headers['location'];
        location = Array.isArray(l) ? l[0] : l;
        chunks = undefined;
      },
      onResponseData(_c, chunk) {
        (chunks ??= []).push(chunk);
      },
      onResponseEnd() {
        settled();
        const text =
          chunks === undefined
            ? ''
            : (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString(
                'utf8',
              );
        resolve({ statusCode, location, text });
      },
      onResponseError(_c, error) {
        settled();
        reject(error);
      },
    });
  });
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
