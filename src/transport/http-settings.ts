/**
 * The settings of the HTTP transport, and decorators that add to them (credentials, TLS).
 *
 * @module
 */

/**
 * TLS options for connections to the master (PEM text or buffers); give them to {@link tls}.
 *
 * @example
 * ```ts
 * const options: TlsOptions = {
 *   ca: fs.readFileSync('/etc/mesos/ca.pem'),
 *   cert: fs.readFileSync('/etc/mesos/framework.pem'),
 *   key: fs.readFileSync('/etc/mesos/framework.key'),
 *   servername: 'mesos.internal',
 * };
 * const decorators = [tls(options)];
 * ```
 */
export interface TlsOptions {
  /** Certificate authorities to trust instead of the system's. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Client certificate, for masters that require one. */
  readonly cert?: string | Buffer;
  /** The client certificate's private key. */
  readonly key?: string | Buffer;
  /** Server name for SNI and certificate checks, when it differs from the URL's host. */
  readonly servername?: string;
  /** Default true. Turning it off accepts any certificate: for tests only. */
  readonly rejectUnauthorized?: boolean;
}

/**
 * What every request of a transport carries: extra headers, TLS options, and the secrets to
 * keep out of logs and errors. Decorators make it; the transport reads it.
 *
 * @example
 * ```ts
 * const settings: HttpSettings = applyDecorators([basicAuth('svc', secret)]);
 * settings.secrets.includes(secret); // true: redacted wherever it would show
 * ```
 */
export interface HttpSettings {
  /** Extra request headers (for example `Authorization`). */
  readonly headers: Readonly<Record<string, string>>;
  /** TLS options for `https:` masters. */
  readonly tls: TlsOptions | undefined;
  /** Texts that must never appear in logs or errors. */
  readonly secrets: readonly string[];
}

/**
 * A transport decorator: a pure change of the transport's settings. Compose several with
 * an array: `[basicAuth('svc', secret), tls({ ca })]`.
 *
 * @example
 * ```ts
 * const withTrace: TransportDecorator = (s) => ({ ...s, headers: { ...s.headers, 'x-trace': '1' } });
 * ```
 */
export type TransportDecorator = (settings: HttpSettings) => HttpSettings;

/**
 * Settings with nothing added: no extra header, no TLS options, no secret. Decorators start
 * from it.
 *
 * @example
 * ```ts
 * basicAuth('svc', secret)(EMPTY_SETTINGS).headers.authorization; // 'Basic …'
 * ```
 */
export const EMPTY_SETTINGS: HttpSettings = { headers: {}, tls: undefined, secrets: [] };

/**
 * HTTP Basic credentials (`--authenticate_http_frameworks` with the default authenticator).
 * The secret is registered for redaction: it never shows in logs or error messages.
 *
 * @example
 * ```ts
 * createDriver({ master: 'https://m1:5050', transport: [basicAuth('svc', process.env.SECRET ?? '')] });
 * ```
 * Spec: docs/protocol.md §1.3.
 */
export function basicAuth(principal: string, secret: string): TransportDecorator {
  const token = Buffer.from(`${principal}:${secret}`).toString('base64');
  return (s) => ({
    ...s,
    headers: { ...s.headers, authorization: `Basic ${token}` },
    secrets: [...s.secrets, secret, token],
  });
}

/**
 * TLS options (a private CA, a client certificate) for `https:` masters.
 *
 * @example
 * ```ts
 * const decorators = [tls({ ca: fs.readFileSync('ca.pem'), cert, key })];
 * ```
 */
export function tls(options: TlsOptions): TransportDecorator {
  return (s) => ({ ...s, tls: { ...s.tls, ...options } });
}

/**
 * Applies decorators in order.
 *
 * @example
 * ```ts
 * applyDecorators([basicAuth('a', 'b')]).headers.authorization; // 'Basic YTpi'
 * ```
 */
export function applyDecorators(decorators: readonly TransportDecorator[]): HttpSettings {
  return decorators.reduce((s, d) => d(s), EMPTY_SETTINGS);
}
