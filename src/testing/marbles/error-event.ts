/**
 * The ERROR event builder.
 *
 * @module
 */
import type { EventOf } from '../../events';

/**
 * An `ERROR` event: the master ends the subscription (`Framework failed over` when another
 * instance subscribed with this framework id, `Framework has been removed` …). The driver
 * reports it on `errors$` and stops without subscribing again.
 *
 * @example
 * ```ts
 * const values = { s: subscribed(), e: error('Framework failed over') };
 * ```
 * Spec: docs/protocol.md §3, §6.
 */
export function error(message: string): EventOf<'ERROR'> {
  return { type: 'ERROR', error: { message } };
}
