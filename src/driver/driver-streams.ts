/**
 * The stream side of a driver: what scheduling logic reads.
 *
 * @module
 */
import type { SchedulerDriver } from './scheduler-driver';

/**
 * The typed streams of a {@link SchedulerDriver}, without its lifecycle and commands: what
 * scheduling logic of the form `(streams) => Observable<Command>` needs. The real driver and
 * the marble driver of `rxmesos/testing` both have them, so logic typed against `DriverStreams` runs on either.
 *
 * @example
 * ```ts
 * const declineAll = (streams: DriverStreams): Observable<Command> =>
 *   streams.offers$.pipe(map((offers) => declineOffer(offers.map((o) => o.id))));
 * driver.dispatch(declineAll(driver)); // the real driver, or a marble driver in a test
 * ```
 * Spec: docs/protocol.md §10.
 */
export type DriverStreams = Pick<
  SchedulerDriver,
  | 'events$'
  | 'registered$'
  | 'reregistered$'
  | 'disconnected$'
  | 'errors$'
  | 'state$'
  | 'offers$'
  | 'offerRescinded$'
  | 'statusUpdates$'
  | 'frameworkMessages$'
  | 'slaveLost$'
  | 'executorLost$'
  | 'inverseOffers$'
  | 'inverseOfferRescinded$'
  | 'operationStatusUpdates$'
  | 'heartbeats$'
>;
