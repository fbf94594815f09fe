/**
 * The typed errors of the HTTP transport: every failed request becomes one of these, with
 * whether trying again (later, or elsewhere) can help.
 *
 * @module
 */
import { TaggedError } from '../internal';

/**
 * Why a request failed:
 * - `NOT_LEADER`: 307, the master is a standby; `leaderUrl` says where the leader is;
 * - `UNAVAILABLE`: 503 (no leader, or recovering), or 404 on SUBSCRIBE (a master still starting);
 * - `RATE_LIMITED`: 429, back off;
 * - `REJECTED`: 400/403/406/415, the master refused the request, with its reason in `body`;
 * - `UNAUTHORIZED`: 401, credentials missing or wrong;
 * - `UNEXPECTED_STATUS`: any other status;
 * - `CONNECTION`: no connection, reset, or closed mid-request;
 * - `TIMEOUT`: no answer within the call timeout;
 * - `ABORTED`: cancelled through an `AbortSignal`.
 *
 * `NOT_LEADER`, `UNAVAILABLE`, `RATE_LIMITED`, `CONNECTION` and `TIMEOUT` are retryable.
 *
 * @example
 * ```ts
 * const code: TransportErrorCode = error.code;
 * if (code === 'UNAUTHORIZED') console.error('check the credentials');
 * ```
 * Spec: docs/protocol.md §1.4, §1.5.
 */
export type TransportErrorCode =
  | 'NOT_LEADER'
  | 'UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'REJECTED'
  | 'UNAUTHORIZED'
  | 'UNEXPECTED_STATUS'
  | 'CONNECTION'
  | 'TIMEOUT'
  | 'ABORTED';

const RETRYABLE: ReadonlySet<TransportErrorCode> = new Set([
  'NOT_LEADER',
  'UNAVAILABLE',
  'RATE_LIMITED',
  'CONNECTION',
  'TIMEOUT',
]);

/**
 * A failed request to the master. Never contains credentials: URLs are shown without user
 * info and headers are not included.
 *
 * @example
 * ```ts
 * if (e.code === 'NOT_LEADER') reconnectTo(e.leaderUrl);
 * else if (e.retryable) retryLater();
 * else console.error(e.status, e.body);
 * ```
 * Spec: docs/protocol.md §1.4, §1.5.
 */
export class TransportError extends TaggedError<'TransportError', TransportErrorCode> {
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;
  /** The master's answer text (its reason for a 4xx). */
  readonly body: string | undefined;
  /** For `NOT_LEADER`: the leader's base URL (`http://host:port`). */
  readonly leaderUrl: string | undefined;
  /** The endpoint, without credentials. */
  readonly url: string;

  constructor(
    code: TransportErrorCode,
    message: string,
    details: {
      readonly url: string;
      readonly status?: number;
      readonly body?: string;
      readonly leaderUrl?: string;
      readonly cause?: unknown;
    },
  ) {
    super('TransportError', code, message, {
      retryable: RETRYABLE.has(code),
      cause: details.cause,
    });
    this.url = details.url;
    this.status = details.status;
    this.body = details.body;
    this.leaderUrl = details.leaderUrl;
  }
}
