export { TransportError, type TransportErrorCode } from './transport-error';
export {
  createHttpTransport,
  CALL_PIPELINING,
  type MasterTransport,
  type HttpTransportOptions,
  type SubscriptionResponse,
  type CallResponse,
} from './http-transport';
export {
  basicAuth,
  tls,
  applyDecorators,
  type TransportDecorator,
  type TlsOptions,
  type HttpSettings,
} from './http-settings';
export { leaderFromLocation, statusError } from './classify-response';
export { redactUrl } from './redact';
