export type { Base64, Int64 } from './model-base';
export type { AgentId, ExecutorId, FrameworkId, OfferId, OperationId, TaskId } from './id-aliases';
export type * from './generated/model';
export {
  type ContentType,
  JSON_CONTENT_TYPE,
  PROTOBUF_CONTENT_TYPE,
  isContentType,
} from './content-type';
export { WireError, type WireErrorCode } from './wire-error';
export { decodeEvent, encodeEvent, decodeCall, encodeCall } from './scheduler-codec';
export { decodeMessage, encodeMessage, toMesosJson } from './message-codec';
export {
  messageCodec,
  EventCodec,
  CallCodec,
  OfferCodec,
  TaskStatusCodec,
  TaskInfoCodec,
  FrameworkInfoCodec,
} from './io-ts-codecs';
export { parseJsonExact } from './json-exact';
export * from './recordio/index';
export { isTerminalTaskState, TERMINAL_TASK_STATES } from './task-state';
