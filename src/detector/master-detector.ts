/**
 * How the driver finds the leading master.
 *
 * @module
 */

/** What the driver learned from its last try, for the detector's next answer. */
export interface DetectionHint {
  /** The master that just failed (connection error, 503, stream lost). */
  readonly failed?: string;
  /** The leader a standby named in a 307. */
  readonly leader?: string;
}

/**
 * A source of leading-master URLs (`http(s)://host:port`). The driver asks it before every
 * connection attempt, telling it what happened to the last one.
 *
 * @example
 * ```ts
 * const fixed: MasterDetector = { next: () => Promise.resolve('http://m1:5050'), close: () => undefined };
 * ```
 * Spec: docs/protocol.md §1.5.
 */
export interface MasterDetector {
  next(hint: DetectionHint): Promise<string>;
  close(): void;
}
