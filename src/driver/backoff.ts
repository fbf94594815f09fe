/**
 * Exponential backoff: with full jitter (reconnections, call retries) and without
 * (the driver's own retries).
 *
 * @module
 */

/**
 * Backoff settings, in milliseconds.
 *
 * @example
 * ```ts
 * const backoff: BackoffOptions = { initialMs: 200, maxMs: 10_000 };
 * ```
 */
export interface BackoffOptions {
  /** Upper bound of the first delay. Default 500. */
  readonly initialMs?: number;
  /** Cap of every delay. Default 15 000 (the master's documentation suggests about 15 s). */
  readonly maxMs?: number;
}

/**
 * The delay before try `attempt` (0-based): a random duration in `[0, min(max, initial·2^attempt)]`
 * ("full jitter"), so that many frameworks failing together do not retry together.
 *
 * @example
 * ```ts
 * backoffDelay(3, { initialMs: 100, maxMs: 15_000 }, () => 0.5); // 400
 * ```
 * Spec: docs/protocol.md §3.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const ceiling = exponentialDelay(attempt, {
    initialMs: options.initialMs ?? 500,
    maxMs: options.maxMs ?? 15_000,
  });
  return Math.floor(random() * ceiling);
}

/**
 * Truncated exponential backoff without jitter: `min(maxMs, initialMs·2^attempt)` for try
 * `attempt` (0-based). The schedule of the driver's own retries (reconciliation, kills), which
 * are one framework's business and gain nothing from jitter.
 *
 * @example
 * ```ts
 * [0, 1, 2, 3, 4].map((n) => exponentialDelay(n, { initialMs: 1000, maxMs: 5000 }));
 * // [1000, 2000, 4000, 5000, 5000]
 * ```
 * Spec: docs/protocol.md §9.
 */
export function exponentialDelay(
  attempt: number,
  options: { readonly initialMs: number; readonly maxMs: number },
): number {
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(Math.max(attempt, 0), 30));
}
