/**
 * The stream side of a driver: what scheduling logic reads.
 *
 * @module
 */
import type { Observable } from 'rxjs';
import { splitEvents } from '../events';
import type { Event } from '../wire';
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

/**
 * The streams of a driver: `events$`, its split by type (`splitEvents`), and the streams the
 * driver makes itself. One place for the real driver and the marble driver to build them.
 *
 * @example
 * ```ts
 * const streams: DriverStreams = driverStreams(events.asObservable(), {
 *   registered$, reregistered$, disconnected$, errors$, state$,
 * });
 * ```
 */
export function driverStreams(
  events$: Observable<Event>,
  own: Pick<
    DriverStreams,
    'registered$' | 'reregistered$' | 'disconnected$' | 'errors$' | 'state$'
  >,
): DriverStreams {
  const split = splitEvents(events$);
  return {
    events$,
    ...own,
    offers$: split.offers$,
    offerRescinded$: split.offerRescinded$,
    statusUpdates$: split.statusUpdates$,
    frameworkMessages$: split.frameworkMessages$,
    slaveLost$: split.slaveLost$,
    executorLost$: split.executorLost$,
    inverseOffers$: split.inverseOffers$,
    inverseOfferRescinded$: split.inverseOfferRescinded$,
    operationStatusUpdates$: split.operationStatusUpdates$,
    heartbeats$: split.heartbeats$,
  };
}

/**
 * The stream fields of a driver, set once from {@link driverStreams}: the base of the real
 * driver and of the marble driver, so that neither lists the sixteen streams itself.
 *
 * @example
 * ```ts
 * class MyDriver extends DriverStreamFields {
 *   constructor() {
 *     const subjects = new DriverSubjects(undefined);
 *     super(subjects.streams());
 *   }
 * }
 * ```
 */
export abstract class DriverStreamFields implements DriverStreams {
  declare readonly events$: DriverStreams['events$'];
  declare readonly registered$: DriverStreams['registered$'];
  declare readonly reregistered$: DriverStreams['reregistered$'];
  declare readonly disconnected$: DriverStreams['disconnected$'];
  declare readonly errors$: DriverStreams['errors$'];
  declare readonly state$: DriverStreams['state$'];
  declare readonly offers$: DriverStreams['offers$'];
  declare readonly offerRescinded$: DriverStreams['offerRescinded$'];
  declare readonly statusUpdates$: DriverStreams['statusUpdates$'];
  declare readonly frameworkMessages$: DriverStreams['frameworkMessages$'];
  declare readonly slaveLost$: DriverStreams['slaveLost$'];
  declare readonly executorLost$: DriverStreams['executorLost$'];
  declare readonly inverseOffers$: DriverStreams['inverseOffers$'];
  declare readonly inverseOfferRescinded$: DriverStreams['inverseOfferRescinded$'];
  declare readonly operationStatusUpdates$: DriverStreams['operationStatusUpdates$'];
  declare readonly heartbeats$: DriverStreams['heartbeats$'];

  protected constructor(streams: DriverStreams) {
    Object.assign(this, streams);
  }
}
