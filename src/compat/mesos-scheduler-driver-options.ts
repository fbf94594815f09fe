/**
 * The options of `MesosSchedulerDriver`.
 *
 * @module
 */
import type { DriverOptions } from '../driver';
import type { TransportDecorator } from '../transport';
import type { ContentType } from '../wire';
import type { CallbackError } from './callback-error';

/**
 * The classic `Credential`: the driver authenticates every request with HTTP Basic
 * authentication, `principal` as the user name and `secret` as the password.
 *
 * @example
 * ```ts
 * const credentials: Credentials = {
 *   principal: 'svc',
 *   secret: process.env['MESOS_SECRET'] ?? '',
 * };
 * const driver = new MesosSchedulerDriver(scheduler, framework, 'm1:5050', { credentials });
 * ```
 */
export interface Credentials {
  readonly principal: string;
  readonly secret: string;
}

/**
 * Options of {@link MesosSchedulerDriver}; every one has the classic default.
 *
 * @example
 * ```ts
 * const options: MesosSchedulerDriverOptions = {
 *   contentType: 'application/json',
 *   credentials: { principal: 'svc', secret: process.env['MESOS_SECRET'] ?? '' },
 *   implicitAcknowledgements: false,
 * };
 * ```
 * Spec: docs/porting.md.
 */
export interface MesosSchedulerDriverOptions {
  /** Encoding of calls and events. Default `application/x-protobuf`. */
  readonly contentType?: ContentType;
  /** Authenticate as this principal (HTTP Basic). */
  readonly credentials?: Credentials;
  /**
   * `true` (default): each status update is acknowledged after `statusUpdate` settled.
   * `false`: the scheduler calls `driver.acknowledgeStatusUpdate(status)` itself.
   */
  readonly implicitAcknowledgements?: boolean;
  /**
   * `true` (default, classic): a callback that throws aborts the driver, then `error` is
   * called. `false`: the error goes to `onCallbackError` and the next callback follows.
   */
  readonly abortOnCallbackError?: boolean;
  /** Receives callback failures when `abortOnCallbackError` is `false`. Default: ignored. */
  readonly onCallbackError?: (error: CallbackError) => void;
  /** More transport decorators (TLS …), applied after the credentials. */
  readonly transport?: readonly TransportDecorator[];
  /** Any other option of the reactive driver (backoff, heartbeats, timeouts, logger …). */
  readonly driver?: Omit<
    DriverOptions,
    'master' | 'framework' | 'contentType' | 'transport' | 'acknowledgements' | 'onHandlerError'
  >;
}
