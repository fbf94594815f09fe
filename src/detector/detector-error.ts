/**
 * The typed errors of master detection.
 *
 * @module
 */
import { TaggedError } from '../internal';

/**
 * Why detection failed:
 * - `INVALID_ZK_URL`: not a usable `zk://[user:password@]host:port[,host:port…]/path`;
 * - `INVALID_MASTER_INFO`: the leading master's ZooKeeper node holds no usable address;
 * - `ZOOKEEPER_FAILED`: ZooKeeper refused an operation (`zkCode` says which: `NO_AUTH` …);
 * - `INVALID_MASTER`: a master list the detector cannot use (a `zk://` URL among others);
 * - `CLOSED`: the detector was closed (the driver stopped) while an answer was awaited.
 *
 * @example
 * ```ts
 * const stopped = (code: DetectorErrorCode): boolean => code === 'CLOSED';
 * ```
 */
export type DetectorErrorCode =
  'INVALID_ZK_URL' | 'INVALID_MASTER_INFO' | 'ZOOKEEPER_FAILED' | 'INVALID_MASTER' | 'CLOSED';

const RETRYABLE: ReadonlySet<DetectorErrorCode> = new Set([
  'INVALID_MASTER_INFO',
  'ZOOKEEPER_FAILED',
]);

/**
 * A failed master detection. Never contains ZooKeeper credentials: URLs are shown with the
 * password masked.
 *
 * @example
 * ```ts
 * try {
 *   await detector.next({});
 * } catch (e) {
 *   if (e instanceof DetectorError && e.code === 'CLOSED') return; // stopped
 *   if (e instanceof DetectorError && e.retryable) retryLater();
 * }
 * ```
 * Spec: docs/protocol.md §4.
 */
export class DetectorError extends TaggedError<'DetectorError', DetectorErrorCode> {
  /** For `ZOOKEEPER_FAILED`: the ZooKeeper error name (`NO_AUTH`, `AUTH_FAILED` …). */
  readonly zkCode: string | undefined;

  constructor(
    code: DetectorErrorCode,
    message: string,
    options: { readonly zkCode?: string; readonly cause?: unknown } = {},
  ) {
    super('DetectorError', code, message, {
      retryable: RETRYABLE.has(code),
      cause: options.cause,
    });
    this.zkCode = options.zkCode;
  }
}
