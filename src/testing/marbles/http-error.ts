/**
 * The transport errors a scripted master answers with.
 *
 * @module
 */
import { statusError, type TransportError } from '../../transport';

/**
 * Options of {@link httpError}.
 *
 * @example
 * ```ts
 * const options: HttpErrorOptions = { body: 'Framework is not subscribed' };
 * ```
 */
export interface HttpErrorOptions {
  /** The master's answer text (its reason for a 4xx). */
  readonly body?: string;
  /** For 307: the leading master's base URL (`http://m2:5050`). */
  readonly leader?: string;
  /** The endpoint that answered. Default `http://scripted-master:5050/api/v1/scheduler`. */
  readonly url?: string;
  /** The answer is to a SUBSCRIBE (where 404 means "try again later"). Default false. */
  readonly subscribe?: boolean;
}

/**
 * The `TransportError` the HTTP transport makes of an answer with this status (made by the
 * same function): 307 → `NOT_LEADER` (with the leader), 503 (and 404 to a SUBSCRIBE) →
 * `UNAVAILABLE`, 429 → `RATE_LIMITED`, 401 → `UNAUTHORIZED`, 400/403/406/415 → `REJECTED`
 * (with the reason in `body`), others → `UNEXPECTED_STATUS`.
 *
 * @example
 * ```ts
 * const master = new ScriptedMaster({
 *   scheduler: clock.scheduler,
 *   subscriptions: [httpError(503, { body: 'No leader elected' }), { events: 's', values: { s: subscribed() } }],
 * });
 * ```
 * Spec: docs/protocol.md §1.4, §1.5.
 */
export function httpError(status: number, options: HttpErrorOptions = {}): TransportError {
  const url = options.url ?? 'http://scripted-master:5050/api/v1/scheduler';
  // the transport's own classification, given the Location a standby would send
  const location = options.leader === undefined ? undefined : `${options.leader}/api/v1/scheduler`;
  return statusError(status, options.body ?? '', location, url, options.subscribe ?? false);
}
