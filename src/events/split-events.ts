/**
 * One stream per kind of event, derived from the stream of every event: the classic
 * `Scheduler` callbacks as Observables.
 *
 * @module
 */
import { filter, map, type Observable } from 'rxjs';
import type {
  AgentID,
  Event,
  ExecutorID,
  InverseOffer,
  Offer,
  OfferID,
  OperationStatus,
  TaskStatus,
} from '../wire';

/**
 * The event of one type, narrowed from the union by its `type`, so that its payload field is
 * known to be there.
 *
 * @example
 * ```ts
 * function onUpdate(event: EventOf<'UPDATE'>): void {
 *   console.log(event.update.status.task_id.value, event.update.status.state);
 * }
 * ```
 * Spec: docs/protocol.md §6.
 */
export type EventOf<T extends Event['type']> = Extract<Event, { readonly type: T }>;

/**
 * A message from an executor (`MESSAGE`, classic `frameworkMessage`): the agent and executor
 * it came from, and its bytes as base64 text.
 *
 * @example
 * ```ts
 * splitEvents(events$).frameworkMessages$.subscribe((m: FrameworkMessage) => {
 *   console.log(m.executor_id.value, Buffer.from(m.data, 'base64').toString('utf8'));
 * });
 * ```
 * Spec: docs/protocol.md §6, §10.
 */
export interface FrameworkMessage {
  readonly agent_id: AgentID;
  readonly executor_id: ExecutorID;
  /** The bytes, as base64 text (decode with `Buffer.from(data, 'base64')`). */
  readonly data: string;
}

/**
 * An executor that exited (`FAILURE` with an executor id, classic `executorLost`), with the
 * agent it ran on and its wait status.
 *
 * @example
 * ```ts
 * splitEvents(events$).executorLost$.subscribe(({ executor_id, status }: ExecutorLost) => {
 *   const exited = status !== undefined && status >= 0 && (status & 0x7f) === 0;
 *   const how = exited ? `exit code ${(status >> 8) & 0xff}` : 'no exit code';
 *   console.log(executor_id.value, how);
 * });
 * ```
 * Spec: docs/protocol.md §6, §10.
 */
export interface ExecutorLost {
  readonly agent_id: AgentID;
  readonly executor_id: ExecutorID;
  /** The raw wait status (exit code = `(status >> 8) & 0xff` when `(status & 0x7f) === 0`), or -1. */
  readonly status: number | undefined;
}

/**
 * The typed streams {@link splitEvents} makes: one per kind of event, named after the classic
 * callbacks (`offers$` for `resourceOffers`, `slaveLost$` for `slaveLost` …).
 *
 * @example
 * ```ts
 * const streams: EventStreams = splitEvents(events$);
 * streams.slaveLost$.subscribe((agentId) => console.log('agent lost', agentId.value));
 * streams.masterErrors$.subscribe((message) => console.error('master:', message));
 * ```
 * Spec: docs/protocol.md §6, §10.
 */
export interface EventStreams {
  readonly subscribed$: Observable<EventOf<'SUBSCRIBED'>['subscribed']>;
  readonly offers$: Observable<readonly Offer[]>;
  readonly offerRescinded$: Observable<OfferID>;
  readonly statusUpdates$: Observable<TaskStatus>;
  readonly frameworkMessages$: Observable<FrameworkMessage>;
  readonly slaveLost$: Observable<AgentID>;
  readonly executorLost$: Observable<ExecutorLost>;
  /** `ERROR` events' messages. */
  readonly masterErrors$: Observable<string>;
  readonly inverseOffers$: Observable<readonly InverseOffer[]>;
  readonly inverseOfferRescinded$: Observable<OfferID>;
  readonly operationStatusUpdates$: Observable<OperationStatus>;
  readonly heartbeats$: Observable<EventOf<'HEARTBEAT'>>;
}

function ofType<T extends Event['type']>(
  type: T,
): (source: Observable<Event>) => Observable<EventOf<T>> {
  return filter((e: Event): e is EventOf<T> => e.type === type);
}

/**
 * Splits a stream of events into one stream per kind, named after the classic callbacks.
 * Each output is a plain derivation of `events$`: hot when `events$` is hot, completing with it.
 *
 * @example
 * ```ts
 * const { offers$, statusUpdates$ } = splitEvents(events$);
 * statusUpdates$.subscribe((s) => console.log(s.task_id.value, s.state));
 * ```
 * Spec: docs/protocol.md §6, §10.
 */
export function splitEvents(events$: Observable<Event>): EventStreams {
  return {
    subscribed$: events$.pipe(
      ofType('SUBSCRIBED'),
      map((e) => e.subscribed),
    ),
    offers$: events$.pipe(
      ofType('OFFERS'),
      map((e) => e.offers.offers ?? []),
    ),
    offerRescinded$: events$.pipe(
      ofType('RESCIND'),
      map((e) => e.rescind.offer_id),
    ),
    statusUpdates$: events$.pipe(
      ofType('UPDATE'),
      map((e) => e.update.status),
    ),
    frameworkMessages$: events$.pipe(
      ofType('MESSAGE'),
      map((e) => ({
        agent_id: e.message.agent_id,
        executor_id: e.message.executor_id,
        data: e.message.data,
      })),
    ),
    slaveLost$: events$.pipe(
      ofType('FAILURE'),
      filter((e) => e.failure.executor_id === undefined && e.failure.agent_id !== undefined),
      map((e) => e.failure.agent_id as AgentID),
    ),
    executorLost$: events$.pipe(
      ofType('FAILURE'),
      filter((e) => e.failure.executor_id !== undefined && e.failure.agent_id !== undefined),
      map((e) => ({
        agent_id: e.failure.agent_id as AgentID,
        executor_id: e.failure.executor_id as ExecutorID,
        status: e.failure.status,
      })),
    ),
    masterErrors$: events$.pipe(
      ofType('ERROR'),
      map((e) => e.error.message),
    ),
    inverseOffers$: events$.pipe(
      ofType('INVERSE_OFFERS'),
      map((e) => e.inverse_offers.inverse_offers ?? []),
    ),
    inverseOfferRescinded$: events$.pipe(
      ofType('RESCIND_INVERSE_OFFER'),
      map((e) => e.rescind_inverse_offer.inverse_offer_id),
    ),
    operationStatusUpdates$: events$.pipe(
      ofType('UPDATE_OPERATION_STATUS'),
      map((e) => e.update_operation_status.status),
    ),
    heartbeats$: events$.pipe(ofType('HEARTBEAT')),
  };
}
