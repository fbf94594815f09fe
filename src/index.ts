/**
 * rxmesos: Apache Mesos frameworks as RxJS pipelines.
 *
 * The public surface of the package root. The wire layer: the typed model of the Mesos v1
 * scheduler API (every message and enum, in the proto's own spelling), the codecs for both
 * content types, io-ts codecs for validation, and RecordIO framing.
 *
 * @example
 * ```ts
 * import { decodeEvent } from 'rxmesos';
 * const r = decodeEvent(Buffer.from('{"type":"HEARTBEAT"}'), 'application/json');
 * ```
 * @module
 */
export * from './wire';
export { recordIO } from './events';
export * from './calls';
export {
  TransportError,
  type TransportErrorCode,
  basicAuth,
  tls,
  type TransportDecorator,
  type TlsOptions,
} from './transport';
export * from './driver';
export {
  splitEvents,
  type EventStreams,
  type EventOf,
  type FrameworkMessage,
  type ExecutorLost,
} from './events';
export {
  staticMasters,
  detectorFor,
  zookeeperMasters,
  parseZkUrl,
  DetectorError,
  type MasterDetector,
  type DetectionHint,
  type ZkUrl,
  type ZookeeperMastersOptions,
  type DetectorErrorCode,
} from './detector';
