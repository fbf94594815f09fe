/**
 * The error of a master address the classic face cannot use.
 *
 * @module
 */
import { TaggedError } from '../internal';

/**
 * Why a classic master address was refused:
 * - `ZOOKEEPER_NOT_SUPPORTED`: a `zk://` address; rxmesos has no ZooKeeper detector yet;
 * - `FILE_NOT_SUPPORTED`: a `file://` address (the classic driver read the address from a file);
 * - `INVALID_MASTER`: not `host:port`, `master@host:port` or `http(s)://host:port[/path]`.
 */
export type MasterAddressErrorCode =
  'ZOOKEEPER_NOT_SUPPORTED' | 'FILE_NOT_SUPPORTED' | 'INVALID_MASTER';

/**
 * A master address that the `MesosSchedulerDriver` constructor cannot use; thrown by the
 * constructor (and by {@link masterUrlOf}), before anything connects.
 *
 * @example
 * ```ts
 * try {
 *   new MesosSchedulerDriver(scheduler, framework, 'zk://zk1:2181/mesos');
 * } catch (e) {
 *   if (e instanceof MasterAddressError && e.code === 'ZOOKEEPER_NOT_SUPPORTED') {
 *     // list the masters instead: 'http://m1:5050'
 *   }
 * }
 * ```
 * Spec: docs/porting.md, "The master address".
 */
export class MasterAddressError extends TaggedError<'MasterAddressError', MasterAddressErrorCode> {
  /** The address as given. */
  readonly master: string;

  constructor(code: MasterAddressErrorCode, master: string, message: string) {
    super('MasterAddressError', code, message, { retryable: false });
    this.master = master;
  }
}
