/**
 * The event dispatcher: events are delivered one at a time, and the next one only after the
 * handlers of the current one are done, asynchronous work included.
 *
 * @module
 */
import {
  concat,
  defer,
  EMPTY,
  from,
  ignoreElements,
  lastValueFrom,
  tap,
  catchError,
  type Observable,
  type ObservableInput,
  type Subscription,
} from 'rxjs';
import type { Command } from '../calls';
import type { Event } from '../wire';
import { DriverError } from './driver-error';

/**
 * What the dispatcher works with: where events go, what follows their handlers, where the
 * handlers' commands go and where their failures are reported.
 *
 * @example
 * ```ts
 * const events = new Subject<Event>();
 * const parts: EventDispatcherParts = {
 *   emit: (event) => events.next(event),
 *   handled: () => undefined,
 *   send: (command) => void driver.send(command),
 *   failed: (error) => console.error(error.code, error.subject),
 * };
 * ```
 */
export interface EventDispatcherParts {
  /** Delivers an event to the streams; the handlers subscribed to them run inside this call. */
  readonly emit: (event: Event) => void;
  /**
   * Runs `fn`, which delivers an event and starts its handlers' work: the commands sent
   * meanwhile go out together (the command bus's `hold`). Optional: by default, `fn()`.
   */
  readonly hold?: (fn: () => void) => void;
  /** Runs once the handlers of an event are done (the automatic acknowledgement). */
  readonly handled: (event: Event) => void;
  /** Sends a command a handler returned; its outcome is the bus's business. */
  readonly send: (command: Command) => void;
  /** A handler threw, or its Observable errored: `HANDLER_FAILED` with the value as subject. */
  readonly failed: (error: DriverError) => void;
}

/**
 * Delivers events one at a time: `enqueue` queues an event behind those not yet done, and
 * `handle` registers a handler whose work the dispatcher waits for. Handlers that return
 * nothing or an array of commands (the common cases) run without building any Observable.
 *
 * @example
 * ```ts
 * const dispatcher = new EventDispatcher(parts);
 * dispatcher.handle(offers$, (offers) => offers.map((o) => declineOffer(o.id)));
 * await dispatcher.enqueue(offersEvent); // resolves once the handlers are done
 * ```
 * Spec: docs/protocol.md §6, §10.
 */
export class EventDispatcher {
  /** Work of the handlers of the event being delivered. */
  private currentWork: Observable<never>[] | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly parts: EventDispatcherParts) {}

  /** Resolves once every event queued so far is done. */
  get idle(): Promise<void> {
    return this.tail;
  }

  /** Queues an event; resolves once its handlers are done. */
  enqueue(event: Event): Promise<void> {
    this.tail = this.tail.then(() => this.dispatchOne(event));
    return this.tail;
  }

  private async dispatchOne(event: Event): Promise<void> {
    const work: Observable<never>[] = [];
    let rest: Promise<undefined> | undefined;
    const deliver = (): void => {
      this.currentWork = work;
      try {
        this.parts.emit(event);
      } finally {
        this.currentWork = undefined;
      }
      // what handlers returning Observables or Promises send at once is held too
      if (work.length > 0) rest = lastValueFrom(concat(...work), { defaultValue: undefined });
    };
    if (this.parts.hold === undefined) deliver();
    else this.parts.hold(deliver);
    if (rest !== undefined) await rest;
    this.parts.handled(event);
  }

  /**
   * Subscribes `handler` to `source$`: the commands it returns for a value are sent in order,
   * and the event that carried the value is done only when the handler's work is.
   */
  handle<T>(
    source$: Observable<T>,
    handler: (value: T) => ObservableInput<Command> | undefined,
  ): Subscription {
    return source$.subscribe((value) => {
      const work = this.currentWork;
      if (work !== undefined && work.length > 0) {
        // an earlier handler of this event is still at work: this one waits for it
        work.push(defer(() => this.runHandler(handler, value) ?? EMPTY));
        return;
      }
      const rest = this.runHandler(handler, value);
      if (rest === undefined) return;
      if (work !== undefined) work.push(rest);
      else rest.subscribe();
    });
  }

  /**
   * Calls a handler and sends what it returned. Nothing, or an array of commands (the common
   * cases), is done at once and gives undefined; a Promise or an Observable gives the work
   * still to do, which sends its commands as they come and completes when the handler's work
   * is over. A handler that throws or errors is reported.
   */
  private runHandler<T>(
    handler: (value: T) => ObservableInput<Command> | undefined,
    value: T,
  ): Observable<never> | undefined {
    const failed = (e: unknown): void => {
      this.parts.failed(
        new DriverError(
          'HANDLER_FAILED',
          `a handler failed: ${e instanceof Error ? e.message : String(e)}`,
          { subject: value, cause: e },
        ),
      );
    };
    let out: ObservableInput<Command> | undefined;
    try {
      out = handler(value);
    } catch (e) {
      failed(e);
      return undefined;
    }
    if (out === undefined) return undefined;
    if (Array.isArray(out)) {
      for (const command of out as readonly Command[]) this.parts.send(command);
      return undefined;
    }
    return from(out).pipe(
      tap((command) => {
        this.parts.send(command);
      }),
      ignoreElements(),
      catchError((e: unknown) => {
        failed(e);
        return EMPTY;
      }),
    );
  }
}
