/**
 * The error of a master address the classic face cannot use.
 *
 * @module
 */
import { TaggedError } from '../internal';

/**
 * Why a classic master address was refused:
 * - `INVALID_ZK_URL`: a `zk://` address that is not `zk://[user:password@]host:port[,…]/path`
 *   (no path, `/` as the path, a bad port …); the cause is the detector's `DetectorError`;
 * - `FILE_NOT_SUPPORTED`: a `file://` address (the classic driver read the address from a file);
 * - `INVALID_MASTER`: not `host:port`, `master@host:port`, `http(s)://host:port[/path]` or `zk://…`.
 *
 * @example
 * ```ts
 * try {
 *   masterUrlOf('file:///etc/mesos/master');
 * } catch (e) {
 *   const code: MasterAddressErrorCode | undefined =
 *     e instanceof MasterAddressError ? e.code : undefined; // 'FILE_NOT_SUPPORTED'
 * }
 * ```
 * Spec: docs/porting.md, "The master address".
 */
export type MasterAddressErrorCode = 'INVALID_ZK_URL' | 'FILE_NOT_SUPPORTED' | 'INVALID_MASTER';

/**
 * A master address that the `MesosSchedulerDriver` constructor cannot use; thrown by the
 * constructor (and by {@link masterUrlOf}), before anything connects.
 *
 * @example
 * ```ts
 * try {
 *   new MesosSchedulerDriver(scheduler, framework, 'zk://zk1:2181/');
 * } catch (e) {
 *   if (e instanceof MasterAddressError && e.code === 'INVALID_ZK_URL') {
 *     // the ZooKeeper URL needs the masters' folder: 'zk://zk1:2181/mesos'
 *   }
 * }
 * ```
 * Spec: docs/porting.md, "The master address".
 */
export class MasterAddressError extends TaggedError<'MasterAddressError', MasterAddressErrorCode> {
  /** The address as given, with a ZooKeeper password masked. */
  readonly master: string;

  constructor(
    code: MasterAddressErrorCode,
    master: string,
    message: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super('MasterAddressError', code, message, { retryable: false, cause: options.cause });
    this.master = master;
  }
}
