/**
 * The subjects behind the driver's own streams, and the order in which they end.
 *
 * @module
 */
import { BehaviorSubject, Subject } from 'rxjs';
import type { Event, MasterInfo } from '../wire';
import type { DriverError } from './driver-error';
import type { DriverLogger } from './driver-options';
import type { DriverState } from './driver-state';
import { driverStreams, type DriverStreams } from './driver-streams';
import type { Registered } from './scheduler-driver';

/**
 * The hot subjects of `events$`, `registered$`, `reregistered$`, `disconnected$`, `errors$`
 * and `state$`. `state$` ends first, when the driver ends; the others once the event being
 * handled then is done.
 *
 * @example
 * ```ts
 * const subjects = new DriverSubjects(undefined);
 * const state$ = subjects.state.asObservable(); // a new subscriber gets the current state
 * subjects.setState({ type: 'detecting' });
 * subjects.end('aborted'); // state$: stopped, then complete
 * subjects.complete(); // every other stream completes
 * ```
 */
export class DriverSubjects {
  readonly events = new Subject<Event>();
  readonly registered = new Subject<Registered>();
  readonly reregistered = new Subject<MasterInfo | undefined>();
  readonly disconnected = new Subject<string>();
  readonly errors = new Subject<DriverError>();
  readonly state: BehaviorSubject<DriverState>;

  constructor(
    private readonly logger: DriverLogger | undefined,
    initial: DriverState = { type: 'disconnected', reason: 'not started' },
  ) {
    this.state = new BehaviorSubject<DriverState>(initial);
  }

  /** The driver's streams, built on these subjects. */
  streams(): DriverStreams {
    return driverStreams(this.events.asObservable(), {
      registered$: this.registered.asObservable(),
      reregistered$: this.reregistered.asObservable(),
      disconnected$: this.disconnected.asObservable(),
      errors$: this.errors.asObservable(),
      state$: this.state.asObservable(),
    });
  }

  /** A move of the state machine, also logged (a function of its own, to pass around). */
  readonly setState = (state: DriverState): void => {
    this.state.next(state);
    this.logger?.debug('driver state', { state: state.type });
  };

  /** An error on `errors$` (a function of its own, to pass around). */
  readonly report = (error: DriverError): void => {
    this.errors.next(error);
  };

  /** The driver ended: `state$` says `stopped` with the reason, and completes. */
  end(reason: string): void {
    this.setState({ type: 'stopped', reason });
    this.state.complete();
  }

  /** Every stream but `state$` completes. */
  complete(): void {
    this.events.complete();
    this.registered.complete();
    this.reregistered.complete();
    this.disconnected.complete();
    this.errors.complete();
  }
}
