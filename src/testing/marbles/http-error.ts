/**
 * The transport errors a scripted master answers with.
 *
 * @module
 */
import { TransportError, type TransportErrorCode } from '../../transport';

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
}

function codeOf(status: number, leader: string | undefined): TransportErrorCode {
  if (status === 307) return leader === undefined ? 'UNAVAILABLE' : 'NOT_LEADER';
  if (status === 503) return 'UNAVAILABLE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 401) return 'UNAUTHORIZED';
  if ([400, 403, 406, 415].includes(status)) return 'REJECTED';
  return 'UNEXPECTED_STATUS';
}

/**
 * The `TransportError` the HTTP transport makes of an answer with this status: 307 →
 * `NOT_LEADER` (with the leader), 503 → `UNAVAILABLE`, 429 → `RATE_LIMITED`, 401 →
 * `UNAUTHORIZED`, 400/403/406/415 → `REJECTED` (with the reason in `body`), others →
 * `UNEXPECTED_STATUS`. Retryable as the transport's are.
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
  const code = codeOf(status, options.leader);
  const body = options.body ?? '';
  const text = body === '' ? '' : `: ${body}`;
  const message =
    code === 'NOT_LEADER'
      ? `not the leading master; the leader is ${options.leader ?? ''}`
      : `the master answered ${status}${text}`;
  return new TransportError(code, message, {
    url: options.url ?? 'http://scripted-master:5050/api/v1/scheduler',
    status,
    body,
    ...(options.leader === undefined ? {} : { leaderUrl: options.leader }),
  });
}
