/**
 * RecordIO framing for the Mesos v1 HTTP API event stream: a pure, rxjs-free decoder and encoder.
 *
 * Spec: docs/protocol.md §2.3
 */
export {
  DEFAULT_MAX_RECORD_BYTES,
  MAX_LENGTH_DIGITS,
  RecordIODecoder,
  decodeRecordIO,
  type RecordIODecodeFailure,
  type RecordIODecoderOptions,
} from './record-io-decoder';
export { encodeRecord, encodeRecords } from './record-io-encoder';
export {
  RecordIOError,
  isRecordIOError,
  type RecordIOErrorCode,
  type RecordIOErrorInit,
} from './record-io-error';
