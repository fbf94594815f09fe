/**
 * The detector a master address calls for.
 *
 * @module
 */
import { DetectorError } from './detector-error';
import type { MasterDetector } from './master-detector';
import { staticMasters } from './static-masters';
import { isZkUrl, parseZkUrl, redactZkUrl } from './zk-url';
import { zookeeperMasters, type ZookeeperMastersOptions } from './zookeeper-masters';

/**
 * The detector for master addresses given as text: a `zk://…` URL gives a ZooKeeper
 * detector ({@link zookeeperMasters}), anything else the static list ({@link staticMasters}:
 * `host:port` or `http(s)://host:port`, tried in turn). Nothing connects yet. Throws a
 * {@link DetectorError}: `INVALID_ZK_URL` for a `zk://` URL that does not parse,
 * `INVALID_MASTER` for a `zk://` URL in a list of several masters.
 *
 * @example
 * ```ts
 * detectorFor('zk://zk1:2181,zk2:2181/mesos'); // ZooKeeper
 * detectorFor(['m1:5050', 'm2:5050']); // the static list
 * detectorFor('http://127.0.0.1:5050');
 * ```
 * Spec: docs/protocol.md §4.
 */
export function detectorFor(
  master: string | readonly string[],
  options: ZookeeperMastersOptions = {},
): MasterDetector {
  const list: readonly string[] = typeof master === 'string' ? [master] : master;
  const zk = list.filter(isZkUrl);
  if (zk.length === 0) return staticMasters(list);
  const first = zk[0] ?? '';
  if (list.length > 1)
    throw new DetectorError(
      'INVALID_MASTER',
      `a ZooKeeper URL (${redactZkUrl(first)}) names every master: give it alone, not in a list`,
    );
  const url = parseZkUrl(first);
  if (url._tag === 'Left') throw url.left;
  return zookeeperMasters(url.right, options);
}
