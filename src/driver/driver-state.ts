/**
 * The subscription state machine's states, with the reason of each move.
 *
 * @module
 */
import type { FrameworkID } from '../wire';

/**
 * One state of the driver's connection to the master, as `state$` reports it:
 * `disconnected → detecting → connecting → subscribing → subscribed`, and back to
 * `disconnected` with a reason on any failure (then `backingOff` before the next try).
 * `stopped` is final.
 *
 * @example
 * ```ts
 * driver.state$.subscribe((s) => console.log(s.type, 'reason' in s ? s.reason : ''));
 * ```
 * Spec: docs/protocol.md §3.
 */
export type DriverState =
  | { readonly type: 'disconnected'; readonly reason: string }
  | {
      readonly type: 'backingOff';
      readonly delayMs: number;
      readonly attempt: number;
      readonly reason: string;
    }
  | { readonly type: 'detecting' }
  | { readonly type: 'connecting'; readonly master: string }
  | { readonly type: 'subscribing'; readonly master: string }
  | {
      readonly type: 'subscribed';
      readonly master: string;
      readonly frameworkId: FrameworkID;
      readonly streamId: string;
      readonly heartbeatIntervalSeconds: number | undefined;
    }
  | { readonly type: 'stopped'; readonly reason: string };
