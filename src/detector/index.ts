export type { MasterDetector, DetectionHint } from './master-detector';
export { staticMasters } from './static-masters';
export { detectorFor } from './detector-for';
export { zookeeperMasters, type ZookeeperMastersOptions } from './zookeeper-masters';
export {
  parseZkUrl,
  isZkUrl,
  redactZkUrl,
  type ZkUrl,
  type ZkServer,
  type ZkDigestCredentials,
} from './zk-url';
export { leaderOf, memberOf, type ZkMember, type ZkMemberFormat } from './zk-members';
export {
  masterUrlFromInfo,
  masterUrlFromPid,
  ipv4OfMasterInfo,
  type MasterUrlOptions,
} from './master-url-from-info';
export { masterUrlOfMember } from './member-master-url';
export { DetectorError, type DetectorErrorCode } from './detector-error';
export type { DetectorLogger } from './detector-logger';
