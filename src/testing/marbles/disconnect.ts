/**
 * The marker that plays a lost subscription in a marble test.
 *
 * @module
 */
import type { Event } from '../../wire';

/**
 * Not an event of the protocol: the subscription was lost here (the stream broke, the
 * heartbeats stopped). The marble driver emits the reason on `disconnected$`; the next
 * `SUBSCRIBED` is then a re-registration.
 *
 * @example
 * ```ts
 * const lost: Disconnect = { type: 'DISCONNECT', reason: 'the master closed the event stream' };
 * ```
 * Spec: docs/protocol.md §3, §10.
 */
export interface Disconnect {
  readonly type: 'DISCONNECT';
  readonly reason: string;
}

/**
 * What the event marbles of a marble driver play: Mesos events, and {@link Disconnect} markers.
 *
 * @example
 * ```ts
 * const values: Readonly<Record<string, MarbleEvent>> = {
 *   s: subscribed(),
 *   d: disconnect(),
 *   r: subscribed(), // re-registered
 * };
 * ```
 */
export type MarbleEvent = Event | Disconnect;

/**
 * A {@link Disconnect} marker: the subscription is lost at this frame.
 *
 * @example
 * ```ts
 * const driver = marbleDriver(helpers, 's--d--s', { s: subscribed(), d: disconnect('no event for 75000 ms') });
 * ```
 * Spec: docs/protocol.md §3.
 */
export function disconnect(reason = 'the master closed the event stream'): Disconnect {
  return { type: 'DISCONNECT', reason };
}
