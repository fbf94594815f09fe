/**
 * The HEARTBEAT event builder.
 *
 * @module
 */
import type { EventOf } from '../../events';

/**
 * A `HEARTBEAT` event: the master is alive (it sends one right after SUBSCRIBED, then one
 * every heartbeat interval).
 *
 * @example
 * ```ts
 * const values = { s: subscribed(), h: heartbeat() };
 * ```
 * Spec: docs/protocol.md §3, §6.
 */
export function heartbeat(): EventOf<'HEARTBEAT'> {
  return { type: 'HEARTBEAT' };
}
