/**
 * Classic master addresses to the URL the reactive driver connects to.
 *
 * @module
 */
import { isZkUrl, parseZkUrl, redactZkUrl } from '../detector';
import { MasterAddressError } from './master-address-error';

const HOST_PORT = /^(?:master@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

/**
 * Turns a master address as the classic driver takes it into the address the reactive
 * driver takes: `host:port` and the libprocess form `master@host:port` become
 * `http://host:port`; `http://…` and `https://…` are kept as they are (a path prefix such as
 * `/mesos` too); a ZooKeeper URL `zk://[user:password@]host:port[,host:port…]/path` is checked
 * and kept (the leader is then found in ZooKeeper, see `detectorFor`).
 * Throws a {@link MasterAddressError}: `INVALID_ZK_URL` for a `zk://…` URL that does not
 * parse (its password masked), `FILE_NOT_SUPPORTED` for `file://…`, `INVALID_MASTER` otherwise.
 *
 * @example
 * ```ts
 * masterUrlOf('10.0.0.1:5050'); // 'http://10.0.0.1:5050'
 * masterUrlOf('master@m1:5050'); // 'http://m1:5050'
 * masterUrlOf('https://mesos.example.com/mesos'); // kept
 * masterUrlOf('zk://zk1:2181,zk2:2181/mesos'); // kept
 * masterUrlOf('zk://zk1:2181/'); // throws MasterAddressError INVALID_ZK_URL (no path)
 * ```
 * Spec: docs/porting.md, "The master address"; docs/protocol.md §4.1.
 */
export function masterUrlOf(master: string): string {
  const text = master.trim();
  if (isZkUrl(text)) {
    const url = parseZkUrl(text);
    if (url._tag === 'Left')
      throw new MasterAddressError('INVALID_ZK_URL', redactZkUrl(master), url.left.message, {
        cause: url.left,
      });
    return text;
  }
  if (/^file:\/\//i.test(text)) {
    throw new MasterAddressError(
      'FILE_NOT_SUPPORTED',
      master,
      `reading the master address from a file (${master}) is not supported: read the file and pass its content`,
    );
  }
  if (/^https?:\/\//i.test(text)) {
    if (URL.canParse(text) && new URL(text).host !== '') return text;
  } else {
    const m = HOST_PORT.exec(text);
    const port = m?.[2];
    if (m !== null && port !== undefined && Number(port) > 0 && Number(port) < 65536)
      return `http://${m[1] ?? ''}:${port}`;
  }
  throw new MasterAddressError(
    'INVALID_MASTER',
    master,
    `not a master address: "${master}" (expected host:port, master@host:port, http(s)://host:port or zk://host:port/path)`,
  );
}
