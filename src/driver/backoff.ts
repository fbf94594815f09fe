/**
 * Exponential backoff with full jitter.
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
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 15_000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
