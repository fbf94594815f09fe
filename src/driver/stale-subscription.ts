/**
 * Which answers to a call mean the master no longer knows the subscription it was sent on.
 *
 * @module
 */
import type { TransportError } from '../transport';

/** A call answered with one of these texts was sent on a subscription the master has forgotten. */
const RESUBSCRIBE_TEXTS = [
  'Framework is not subscribed',
  "didn't match the stream ID",
  'Framework cannot be found',
];

/**
 * Whether a call failed because its subscription is stale: a standby's 307, a 403
 * `Framework is not subscribed`, or a 400 for an unknown framework or another stream id. The
 * call is worth sending again after the next SUBSCRIBED.
 *
 * @example
 * ```ts
 * const r = await transport.call(body, streamId);
 * if (r._tag === 'Left' && isStaleSubscription(r.left)) loop.resubscribe(r.left.message);
 * ```
 * Spec: docs/protocol.md §1.4, §3.
 */
export function isStaleSubscription(e: TransportError): boolean {
  return (
    e.code === 'NOT_LEADER' ||
    (e.code === 'REJECTED' && RESUBSCRIBE_TEXTS.some((t) => (e.body ?? '').includes(t)))
  );
}
