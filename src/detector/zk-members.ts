/**
 * Which ZooKeeper node belongs to the leading master.
 *
 * @module
 */

/**
 * How a member node's data describes its master:
 * - `json`: label `json.info`, the `MasterInfo` as JSON (what masters write since 0.24);
 * - `protobuf`: label `info`, the `MasterInfo` as binary protobuf (older masters);
 * - `pid`: no label, the libprocess PID text `master@ip:port` (the oldest masters).
 *
 * @example
 * ```ts
 * const format: ZkMemberFormat | undefined = memberOf('info_0000000002')?.format; // 'protobuf'
 * ```
 */
export type ZkMemberFormat = 'json' | 'protobuf' | 'pid';

/**
 * A master's node in the ZooKeeper folder: `json.info_0000000007` is sequence 7, JSON.
 *
 * @example
 * ```ts
 * const member: ZkMember = { name: 'json.info_0000000007', sequence: 7, format: 'json' };
 * ```
 */
export interface ZkMember {
  /** The node's name within the folder. */
  readonly name: string;
  /** The number ZooKeeper appended when the master joined. */
  readonly sequence: number;
  readonly format: ZkMemberFormat;
}

const FORMATS: ReadonlyMap<string | undefined, ZkMemberFormat> = new Map<
  string | undefined,
  ZkMemberFormat
>([
  ['json.info', 'json'],
  ['info', 'protobuf'],
  [undefined, 'pid'],
]);

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Reads a child's name as Mesos does: split at `_` (empty pieces dropped), the last piece is
 * the sequence (a 32-bit integer), the first one the label when there are several. Returns
 * `undefined` for a node that is not a member (no sequence, such as `log_replicas`) or whose
 * label rxmesos does not know.
 *
 * @example
 * ```ts
 * memberOf('json.info_0000000012'); // { name: 'json.info_0000000012', sequence: 12, format: 'json' }
 * memberOf('0000000003'); // { name: '0000000003', sequence: 3, format: 'pid' }
 * memberOf('log_replicas'); // undefined
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function memberOf(name: string): ZkMember | undefined {
  const pieces = name.split('_').filter((p) => p !== '');
  const last = pieces.at(-1);
  if (last === undefined || !/^-?\d+$/.test(last)) return undefined;
  const sequence = Number(last);
  if (sequence < INT32_MIN || sequence > INT32_MAX) return undefined;
  const format = FORMATS.get(pieces.length > 1 ? pieces[0] : undefined);
  return format === undefined ? undefined : { name, sequence, format };
}

/**
 * The leading master's node among a folder's children: the member with the smallest
 * sequence (the oldest contender), among the labels Mesos masters write (`json.info`,
 * `info`, none). Other nodes are ignored; `undefined` when no master is a member.
 *
 * @example
 * ```ts
 * leaderOf(['log_replicas', 'json.info_0000000009', 'json.info_0000000004']);
 * // { name: 'json.info_0000000004', sequence: 4, format: 'json' }
 * leaderOf(['log_replicas']); // undefined: no leader
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function leaderOf(children: readonly string[]): ZkMember | undefined {
  let leader: ZkMember | undefined;
  for (const child of children) {
    const m = memberOf(child);
    if (m !== undefined && (leader === undefined || m.sequence < leader.sequence)) leader = m;
  }
  return leader;
}
