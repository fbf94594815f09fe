/**
 * The URL of the master behind a ZooKeeper member node.
 *
 * @module
 */
import { left, type Either } from 'fp-ts/Either';
import { decodeMessage, type MasterInfo } from '../wire';
import { DetectorError } from './detector-error';
import { masterUrlFromInfo, masterUrlFromPid, type MasterUrlOptions } from './master-url-from-info';
import type { ZkMember } from './zk-members';

const CONTENT_TYPE = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
} as const;

/**
 * Reads a member node's data in the member's format (`MasterInfo` JSON, binary `MasterInfo`,
 * or a PID) and gives the master's URL. Pure; data that does not decode, or has no usable
 * address, is an `INVALID_MASTER_INFO` error naming the node.
 *
 * @example
 * ```ts
 * const member = { name: 'json.info_0000000001', sequence: 1, format: 'json' } as const;
 * const data = Buffer.from('{"id":"m1","ip":16777343,"port":5050,"pid":"master@127.0.0.1:5050"}');
 * masterUrlOfMember(member, data); // Right('http://127.0.0.1:5050')
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function masterUrlOfMember(
  member: ZkMember,
  data: Uint8Array,
  options: MasterUrlOptions = {},
): Either<DetectorError, string> {
  if (member.format === 'pid') {
    const pid = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    const r = masterUrlFromPid(pid, options);
    return r._tag === 'Right' ? r : left(unusable(member, r.left.message, r.left));
  }
  const decoded = decodeMessage<MasterInfo>(
    'mesos.v1.MasterInfo',
    data,
    CONTENT_TYPE[member.format],
  );
  if (decoded._tag === 'Left')
    return left(unusable(member, `not a MasterInfo: ${decoded.left.message}`, decoded.left));
  const r = masterUrlFromInfo(decoded.right, options);
  return r._tag === 'Right' ? r : left(unusable(member, r.left.message, r.left));
}

function unusable(member: ZkMember, why: string, cause: unknown): DetectorError {
  return new DetectorError('INVALID_MASTER_INFO', `ZooKeeper node ${member.name}: ${why}`, {
    cause,
  });
}
