/**
 * One subscription of the driver: what it is while it lasts, and how it ended.
 *
 * @module
 */
import type { DetectionHint } from '../detector';
import type { MasterTransport } from '../transport';
import type { FrameworkID } from '../wire';
import { RecentSet } from './recent-set';

/** How many acknowledged uuids a session remembers to recognise duplicates. */
const ACKED_MEMORY = 10_000;

/**
 * The subscription in use, from its SUBSCRIBED on: where calls go and with which stream id.
 *
 * @example
 * ```ts
 * const session: Session = openSession('http://m1:5050', transport, streamId, { value: 'fw-1' });
 * await transport.call(body, session.streamId);
 * ```
 * Spec: docs/protocol.md §3.
 */
export interface Session {
  readonly master: string;
  readonly transport: MasterTransport;
  readonly streamId: string;
  readonly frameworkId: FrameworkID;
  /** uuids acknowledged in this session (a duplicate is acknowledged once). */
  readonly acked: RecentSet<string>;
}

/**
 * A session that has just received SUBSCRIBED, remembering no acknowledgement yet.
 *
 * @example
 * ```ts
 * const session = openSession(master, transport, sub.streamId, event.subscribed.framework_id);
 * session.acked.has(uuid); // false
 * ```
 * Spec: docs/protocol.md §3, §8.
 */
export function openSession(
  master: string,
  transport: MasterTransport,
  streamId: string,
  frameworkId: FrameworkID,
): Session {
  return { master, transport, streamId, frameworkId, acked: new RecentSet(ACKED_MEMORY) };
}

/**
 * How one subscription ended, and where to look for a master next.
 *
 * @example
 * ```ts
 * const lost: SessionEnd = {
 *   reason: 'the master closed the event stream',
 *   final: false,
 *   subscribed: true,
 *   hint: { failed: 'http://m1:5050' },
 * };
 * ```
 * Spec: docs/protocol.md §3.
 */
export interface SessionEnd {
  readonly reason: string;
  /** The driver must not subscribe again (ERROR event, refusal, stop). */
  readonly final: boolean;
  /** Whether it got as far as SUBSCRIBED (then backoff starts over). */
  readonly subscribed: boolean;
  readonly hint: DetectionHint;
}
