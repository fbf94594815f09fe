/**
 * The `zk://` master address.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import { DetectorError } from './detector-error';

/**
 * One ZooKeeper server of the ensemble.
 *
 * @example
 * ```ts
 * const server: ZkServer = { host: 'zk1.example.internal', port: 2181 };
 * ```
 */
export interface ZkServer {
  readonly host: string;
  readonly port: number;
}

/**
 * Digest credentials (`user:password`) for ZooKeeper's `digest` authentication scheme.
 *
 * @example
 * ```ts
 * const credentials: ZkDigestCredentials = { scheme: 'digest', user: 'svc', password: secret };
 * ```
 */
export interface ZkDigestCredentials {
  readonly scheme: 'digest';
  readonly user: string;
  readonly password: string;
}

/**
 * A parsed `zk://` address. `display` is the address with the password masked: show that,
 * never the parts.
 *
 * @example
 * ```ts
 * const url: ZkUrl = {
 *   servers: [{ host: 'zk1', port: 2181 }],
 *   path: '/mesos',
 *   display: 'zk://zk1:2181/mesos',
 * };
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export interface ZkUrl {
  /** The ensemble, in the order given. */
  readonly servers: readonly ZkServer[];
  /** The folder the masters register in, e.g. `/mesos` (never `/`, no trailing slash). */
  readonly path: string;
  readonly credentials?: ZkDigestCredentials;
  /** `zk://user:***@h1:2181,h2:2181/mesos`: safe for messages and logs. */
  readonly display: string;
}

const ZK_SCHEME = /^zk:\/\//i;
const DEFAULT_ZK_PORT = 2181;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;

/**
 * Whether a master address is a ZooKeeper URL (`zk://…`).
 *
 * @example
 * ```ts
 * isZkUrl('zk://zk1:2181/mesos'); // true
 * isZkUrl('http://m1:5050'); // false
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function isZkUrl(text: string): boolean {
  return ZK_SCHEME.test(text.trim());
}

/**
 * A `zk://` address with its password masked, for messages (also when it does not parse).
 *
 * @example
 * ```ts
 * redactZkUrl('zk://svc:s3cret@zk1:2181/mesos'); // 'zk://svc:***@zk1:2181/mesos'
 * ```
 */
export function redactZkUrl(text: string): string {
  const t = text.trim();
  if (!ZK_SCHEME.test(t)) return t;
  const rest = t.slice('zk://'.length);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  if (at < 0) return t;
  const colon = authority.indexOf(':');
  const user = colon >= 0 && colon < at ? authority.slice(0, colon) : '';
  return `zk://${user === '' ? '***' : `${user}:***`}${rest.slice(at)}`;
}

function parseServer(text: string): ZkServer | string {
  const m = /^(.*?)(?::(\d+))?$/.exec(text);
  const host = m?.[1] ?? '';
  const port = m?.[2] === undefined ? DEFAULT_ZK_PORT : Number(m[2]);
  if (!HOST.test(host)) return `"${text}" is not host:port`;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `bad port in "${text}"`;
  return { host, port };
}

/**
 * Parses a ZooKeeper master address, `zk://[user:password@]host1:port1,host2:port2/path`, as
 * the Mesos masters and drivers read it: the path starts at the first `/` after the servers
 * and is required (not `/`); the credentials end at the last `@` before it and are
 * `user:password` for ZooKeeper's `digest` scheme; a server without a port uses 2181. A
 * trailing `/` of the path is dropped. Never throws; the error never shows the password.
 *
 * @example
 * ```ts
 * const r = parseZkUrl('zk://svc:s3cret@zk1:2181,zk2:2181/mesos');
 * if (isRight(r)) {
 *   r.right.servers; // [{ host: 'zk1', port: 2181 }, { host: 'zk2', port: 2181 }]
 *   r.right.path; // '/mesos'
 *   r.right.display; // 'zk://svc:***@zk1:2181,zk2:2181/mesos'
 * }
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function parseZkUrl(text: string): Either<DetectorError, ZkUrl> {
  const t = text.trim();
  const display = redactZkUrl(t);
  const fail = (why: string): Either<DetectorError, ZkUrl> =>
    left(
      new DetectorError(
        'INVALID_ZK_URL',
        `not a ZooKeeper master address: "${display}" (${why}; expected zk://[user:password@]host:port[,host:port…]/path)`,
      ),
    );
  if (!ZK_SCHEME.test(t)) return fail('it must start with zk://');
  const rest = t.slice('zk://'.length);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? '' : rest.slice(slash);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path === '' || path === '/') return fail("a path is required ('/' is not supported)");
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\u0000-\u001f]/.test(s)))
    return fail(`"${path}" is not a ZooKeeper path`);
  const at = authority.lastIndexOf('@');
  let credentials: ZkDigestCredentials | undefined;
  if (at >= 0) {
    const auth = authority.slice(0, at);
    const colon = auth.indexOf(':');
    if (colon <= 0) return fail('the credentials must be user:password');
    credentials = { scheme: 'digest', user: auth.slice(0, colon), password: auth.slice(colon + 1) };
  }
  const serverText = authority.slice(at + 1);
  if (serverText === '') return fail('no ZooKeeper server');
  const servers: ZkServer[] = [];
  for (const part of serverText.split(',')) {
    const s = parseServer(part.trim());
    if (typeof s === 'string') return fail(s);
    servers.push(s);
  }
  return right({ servers, path, ...(credentials === undefined ? {} : { credentials }), display });
}
