/**
 * `teardown`: end the framework for good (TEARDOWN).
 *
 * @module
 */
import type { CommandOf } from './command';

/**
 * Removes the framework from the cluster: a `TEARDOWN`. The master kills all its tasks and
 * executors, releases its resources and closes its event stream.
 *
 * Warning: not reversible; the framework id cannot be used again. It is the classic
 * `stop(false)`; to leave and come back later (`stop(true)`), just close the stream and let
 * the tasks run for the failover timeout.
 *
 * @example
 * ```ts
 * const cmd = teardown(); // { type: 'TEARDOWN' }
 * ```
 * Spec: docs/protocol.md §3, §5.
 */
export function teardown(): CommandOf<'TEARDOWN'> {
  return { type: 'TEARDOWN' };
}
