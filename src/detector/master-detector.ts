/**
 * How the driver finds the leading master.
 *
 * @module
 */

/**
 * What the driver learned from its last try, for the detector's next answer.
 *
 * @example
 * ```ts
 * const hint: DetectionHint = { failed: 'http://m1:5050', leader: 'http://m2:5050' };
 * ```
 */
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
  /** The master to try next; waits while no master leads. */
  next(hint: DetectionHint): Promise<string>;
  /**
   * Optional, for detectors that learn of leader changes (ZooKeeper): while the driver is
   * subscribed to `master`, call `lost` with a reason once another master leads (or none).
   * The driver then drops its connections and asks `next` again. Returns the unwatch function.
   */
  watch?(master: string, lost: (reason: string) => void): () => void;
  close(): void;
}
