/**
 * Turning an HTTP status (or a failure to get one) into a {@link TransportError}.
 *
 * @module
 */
import { errors } from 'undici';
import { redactText } from './redact';
import { TransportError } from './transport-error';

/**
 * The leader's base URL from a 307 `Location`, which the master writes protocol-relative
 * (`//host:port/api/v1/scheduler`): resolved against the request's URL, path dropped.
 *
 * @example
 * ```ts
 * leaderFromLocation('//m2:5050/api/v1/scheduler', 'https://m1:5050/api/v1/scheduler'); // 'https://m2:5050'
 * ```
 * Spec: docs/protocol.md §1.5.
 */
export function leaderFromLocation(location: string, requestUrl: string): string | undefined {
  try {
    return new URL(location, requestUrl).origin;
  } catch {
    return undefined;
  }
}

/**
 * The error for a non-success status.
 *
 * @example
 * ```ts
 * statusError(503, 'No leader elected', undefined, url, false).code; // 'UNAVAILABLE'
 * ```
 */
export function statusError(
  status: number,
  body: string,
  location: string | undefined,
  url: string,
  subscribe: boolean,
  secrets: readonly string[] = [],
): TransportError {
  const text = redactText(body, secrets);
  const details = { url, status, body: text };
  if (status === 307) {
    const leaderUrl = location === undefined ? undefined : leaderFromLocation(location, url);
    if (leaderUrl !== undefined) {
      return new TransportError(
        'NOT_LEADER',
        `not the leading master; the leader is ${leaderUrl}`,
        { ...details, leaderUrl },
      );
    }
    return new TransportError(
      'UNAVAILABLE',
      'not the leading master, and no leader given',
      details,
    );
  }
  if (status === 503 || (status === 404 && subscribe)) {
    return new TransportError(
      'UNAVAILABLE',
      `master unavailable (${status}${text === '' ? '' : `: ${text}`})`,
      details,
    );
  }
  if (status === 429)
    return new TransportError('RATE_LIMITED', 'rate limited by the master (429)', details);
  if (status === 401)
    return new TransportError(
      'UNAUTHORIZED',
      'the master requires valid credentials (401)',
      details,
    );
  if (status === 400 || status === 403 || status === 406 || status === 415) {
    return new TransportError(
      'REJECTED',
      `the master refused the request (${status}): ${text}`,
      details,
    );
  }
  return new TransportError(
    'UNEXPECTED_STATUS',
    `unexpected status ${status}${text === '' ? '' : `: ${text}`}`,
    details,
  );
}

/**
 * The error for a request that got no answer.
 *
 * @example
 * ```ts
 * failureError(new Error('socket hang up'), url).code; // 'CONNECTION'
 * ```
 */
export function failureError(
  e: unknown,
  url: string,
  secrets: readonly string[] = [],
  signal?: AbortSignal,
): TransportError {
  const name = typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '';
  const raw = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
  const message = redactText(raw, secrets);
  if (
    signal?.aborted === true ||
    e instanceof errors.RequestAbortedError ||
    name === 'AbortError'
  ) {
    return new TransportError('ABORTED', 'request aborted', { url, cause: e });
  }
  if (
    e instanceof errors.HeadersTimeoutError ||
    e instanceof errors.BodyTimeoutError ||
    e instanceof errors.ConnectTimeoutError
  ) {
    return new TransportError('TIMEOUT', `no answer in time: ${message}`, { url, cause: e });
  }
  return new TransportError('CONNECTION', `connection failed: ${message}`, { url, cause: e });
}
