/**
 * The SUBSCRIBED event builder.
 *
 * @module
 */
import type { EventOf } from '../../events';
import type { FrameworkID, MasterInfo } from '../../wire';
import { marbleIds } from './marble-ids';

/**
 * Options of {@link subscribed}.
 *
 * @example
 * ```ts
 * const options: SubscribedOptions = { frameworkId: 'F1', heartbeatIntervalSeconds: 5 };
 * ```
 */
export interface SubscribedOptions {
  /** The framework id the master hands out. Default `marbleIds.framework`. */
  readonly frameworkId?: string | FrameworkID;
  /** The heartbeat interval the master announces, in seconds. Default 15, as real masters. */
  readonly heartbeatIntervalSeconds?: number;
  /** The leading master. Default: a master at 10.0.0.11:5050 running Mesos 1.11.0. */
  readonly masterInfo?: MasterInfo;
}

/** `MasterInfo.ip` is the IPv4 address in network byte order read as a little-endian integer. */
const ipNumber = (ip: string): number =>
  ip.split('.').reduce((sum, part, i) => sum + Number(part) * 2 ** (8 * i), 0);

const MASTER_IP = '10.0.0.11';

const MASTER_INFO: MasterInfo = {
  id: marbleIds.master,
  ip: ipNumber(MASTER_IP),
  port: 5050,
  pid: `master@${MASTER_IP}:5050`,
  hostname: 'mesos-master-1.example.internal',
  version: '1.11.0',
  address: { hostname: 'mesos-master-1.example.internal', ip: MASTER_IP, port: 5050 },
};

/**
 * A `SUBSCRIBED` event as a master sends it first on a new subscription stream: the
 * framework id, the heartbeat interval (15 s unless told) and the master's info.
 *
 * @example
 * ```ts
 * const s = subscribed(); // framework marbleIds.framework, heartbeats every 15 s
 * const again = subscribed({ heartbeatIntervalSeconds: 5 });
 * ```
 * Spec: docs/protocol.md §3, §6.
 */
export function subscribed(options: SubscribedOptions = {}): EventOf<'SUBSCRIBED'> {
  const id = options.frameworkId ?? marbleIds.framework;
  return {
    type: 'SUBSCRIBED',
    subscribed: {
      framework_id: typeof id === 'string' ? { value: id } : id,
      heartbeat_interval_seconds: options.heartbeatIntervalSeconds ?? 15,
      master_info: options.masterInfo ?? MASTER_INFO,
    },
  };
}
