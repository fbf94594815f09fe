/**
 * The machinery behind {@link marbleDriver}.
 *
 * @module
 */
import { right } from 'fp-ts/Either';
import {
  asyncScheduler,
  catchError,
  concat,
  concatMap,
  defer,
  EMPTY,
  firstValueFrom,
  from,
  ignoreElements,
  map,
  of,
  ReplaySubject,
  Subscription,
  tap,
  timer,
  type Observable,
  type ObservableInput,
} from 'rxjs';
import type { RunHelpers } from 'rxjs/testing';
import { left } from 'fp-ts/Either';
import { acknowledgeStatusUpdate, reconcileTasks, type Command } from '../../calls';
import {
  DriverError,
  DriverStreamFields,
  DriverSubjects,
  type CommandError,
  type CommandOutcome,
  type DriverStatus,
} from '../../driver';
import type { EventOf } from '../../events';
import type { Event, FrameworkID, TaskStatus } from '../../wire';
import type { MarbleEvent } from './disconnect';
import type { MarbleDriver, MarbleDriverOptions, RecordedCommand } from './marble-driver';
import { parseMarbleSteps } from './marble-syntax';

/** What waits to be delivered, in order. */
type Item =
  | { readonly kind: 'event'; readonly event: Event }
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'end' };

/** The master the marble driver pretends to be subscribed at (shown on `state$`). */
const MASTER_URL = 'http://mesos-master-1.example.internal:5050';

function checkMarbles(events: string, values: Readonly<Record<string, MarbleEvent>>): void {
  for (const step of parseMarbleSteps(events)) {
    if (step.kind === 'error')
      throw new SyntaxError(
        `'#' in '${events}': the driver's streams never fail; end with '|' (the driver stopped) or an ERROR event`,
      );
    if (step.kind === 'value' && values[step.key] === undefined)
      throw new SyntaxError(`no event for '${step.key}' in '${events}'`);
  }
}

/**
 * The marble driver's implementation; make one with `marbleDriver`.
 *
 * @example
 * ```ts
 * const driver = new MarbleDriverCore(helpers, '-o', { o: offers() }, {});
 * ```
 */
export class MarbleDriverCore extends DriverStreamFields implements MarbleDriver {
  readonly commands$: Observable<Command>;
  readonly recorded: RecordedCommand[] = [];

  private readonly subjects: DriverSubjects;
  private readonly commandsSubject = new ReplaySubject<Command>();
  private readonly queue: Item[] = [];
  /** The handlers of the delivered event are still working. */
  private busy = false;
  private draining = false;
  /** Work of the handlers of the event being delivered. */
  private currentWork: Observable<never>[] | undefined;
  private readonly running = new Subscription();
  private acked = new Set<string>();
  private statusValue: DriverStatus = 'DRIVER_RUNNING';
  private frameworkIdValue: FrameworkID | undefined;
  private subscribedNow = false;
  private streams = 0;

  constructor(
    readonly helpers: RunHelpers,
    events: string,
    values: Readonly<Record<string, MarbleEvent>>,
    private readonly options: MarbleDriverOptions,
  ) {
    checkMarbles(events, values);
    const subjects = new DriverSubjects(undefined, { type: 'subscribing', master: MASTER_URL });
    super(subjects.streams());
    this.subjects = subjects;
    this.commands$ = this.commandsSubject.asObservable();
    // hot: its events of frame 0 come after what the test subscribed to in run() (expectObservable)
    this.running.add(
      helpers.hot(events, values).subscribe({
        next: (v) => {
          this.enqueue(
            v.type === 'DISCONNECT'
              ? { kind: 'lost', reason: v.reason }
              : { kind: 'event', event: v },
          );
        },
        complete: () => {
          this.enqueue({ kind: 'end' });
        },
      }),
    );
  }

  get status(): DriverStatus {
    return this.statusValue;
  }

  get frameworkId(): FrameworkID | undefined {
    return this.frameworkIdValue;
  }

  abort(): DriverStatus {
    this.finish('DRIVER_ABORTED', 'aborted');
    return this.statusValue;
  }

  // ---- delivering events, one at a time ----

  private enqueue(item: Item): void {
    this.queue.push(item);
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let item = this.next(); item !== undefined; item = this.next()) this.deliver(item);
    } finally {
      this.draining = false;
    }
  }

  private next(): Item | undefined {
    return this.busy || this.statusValue !== 'DRIVER_RUNNING' ? undefined : this.queue.shift();
  }

  private deliver(item: Item): void {
    if (item.kind === 'end') this.finish('DRIVER_STOPPED', 'stopped');
    else if (item.kind === 'lost') this.lose(item.reason);
    else this.deliverEvent(item.event);
  }

  private deliverEvent(event: Event): void {
    if (event.type === 'SUBSCRIBED') this.subscribed(event);
    if (event.type === 'ERROR')
      this.subjects.errors.next(
        new DriverError('MASTER_ERROR', event.error.message, { subject: event }),
      );
    const work: Observable<never>[] = [];
    this.currentWork = work;
    try {
      this.subjects.events.next(event);
    } finally {
      this.currentWork = undefined;
    }
    this.busy = true;
    const done = (): void => {
      if (event.type === 'UPDATE' && (this.options.acknowledgements ?? 'auto') === 'auto')
        this.autoAck(event.update.status);
      if (event.type === 'ERROR')
        this.finish('DRIVER_ABORTED', `ERROR from the master: ${event.error.message}`);
      this.busy = false;
      this.drain();
    };
    if (work.length === 0) done();
    else this.running.add(concat(...work).subscribe({ complete: done }));
  }

  private subscribed(event: EventOf<'SUBSCRIBED'>): void {
    if (this.subscribedNow) this.lose('the master closed the event stream');
    const fid = event.subscribed.framework_id;
    this.subscribedNow = true;
    this.frameworkIdValue = fid;
    this.acked = new Set();
    this.streams++;
    this.subjects.state.next({
      type: 'subscribed',
      master: MASTER_URL,
      frameworkId: fid,
      streamId: `marble-stream-${this.streams}`,
      heartbeatIntervalSeconds: event.subscribed.heartbeat_interval_seconds,
    });
    if (this.options.reconcileOnSubscribe === true) this.sendReporting(reconcileTasks([]));
    // the first SUBSCRIBED registers, every later one re-registers
    if (this.streams > 1) this.subjects.reregistered.next(event.subscribed.master_info);
    else
      this.subjects.registered.next({ frameworkId: fid, masterInfo: event.subscribed.master_info });
  }

  /** The subscription is lost: `disconnected$`, as the real driver reports it (only once subscribed). */
  private lose(reason: string): void {
    this.subjects.state.next({ type: 'disconnected', reason });
    if (!this.subscribedNow) return;
    this.subscribedNow = false;
    this.subjects.disconnected.next(reason);
  }

  private autoAck(status: TaskStatus): void {
    const ack = acknowledgeStatusUpdate(status);
    if (ack._tag === 'Left') return;
    const uuid = ack.right.acknowledge.uuid;
    if (this.acked.has(uuid)) return;
    const acked = this.acked;
    acked.add(uuid);
    this.running.add(
      this.transmit(ack.right).subscribe((outcome) => {
        if (outcome._tag === 'Left') {
          acked.delete(uuid);
          this.subjects.errors.next(
            new DriverError('COMMAND_FAILED', `acknowledgement failed: ${outcome.left.message}`, {
              subject: status,
              cause: outcome.left,
            }),
          );
        }
      }),
    );
  }

  private finish(status: DriverStatus, reason: string): void {
    if (this.statusValue !== 'DRIVER_RUNNING') return;
    this.statusValue = status;
    this.queue.length = 0;
    this.running.unsubscribe();
    this.subjects.end(reason);
    this.subjects.complete();
    this.commandsSubject.complete();
  }

  // ---- handlers and commands ----

  handle<T>(
    source$: Observable<T>,
    handler: (value: T) => ObservableInput<Command> | undefined,
  ): Subscription {
    return source$.subscribe((value) => {
      const work$ = defer(() => {
        const out = handler(value);
        return out === undefined ? EMPTY : from(out);
      }).pipe(
        tap((command) => {
          this.sendReporting(command);
        }),
        ignoreElements(),
        catchError((e: unknown) => {
          this.subjects.errors.next(
            new DriverError(
              'HANDLER_FAILED',
              `a handler failed: ${e instanceof Error ? e.message : String(e)}`,
              { subject: value, cause: e },
            ),
          );
          if (this.options.onHandlerError === 'abort') this.abort();
          return EMPTY;
        }),
      );
      if (this.currentWork !== undefined) this.currentWork.push(work$);
      else this.running.add(work$.subscribe());
    });
  }

  dispatch(commands$: ObservableInput<Command>): Subscription {
    return from(commands$)
      .pipe(
        concatMap((command) =>
          this.transmit(command).pipe(map((outcome) => ({ command, outcome }))),
        ),
        tap(({ command, outcome }) => {
          if (outcome._tag === 'Left') this.reportFailure(command, outcome.left);
        }),
      )
      .subscribe();
  }

  send(command: Command): Promise<CommandOutcome> {
    return firstValueFrom(this.transmit(command));
  }

  private sendReporting(command: Command): void {
    this.running.add(
      this.transmit(command).subscribe((outcome) => {
        if (outcome._tag === 'Left') this.reportFailure(command, outcome.left);
      }),
    );
  }

  /** A command that failed, on `errors$` as the real driver reports it. */
  private reportFailure(command: Command, e: CommandError): void {
    if (this.subjects.errors.closed) return;
    this.subjects.errors.next(
      e instanceof DriverError
        ? e
        : new DriverError('COMMAND_FAILED', e.message, { subject: command, cause: e }),
    );
  }

  /**
   * Records the command as sent now and answers it after its latency; a stopped driver
   * answers `NOT_RUNNING` at once and records nothing.
   */
  private transmit(command: Command): Observable<CommandOutcome> {
    if (this.statusValue !== 'DRIVER_RUNNING') {
      return of(
        left(
          new DriverError('NOT_RUNNING', `the driver is ${this.statusValue}`, {
            subject: command,
          }),
        ),
      );
    }
    this.recorded.push({ frame: asyncScheduler.now(), command });
    this.commandsSubject.next(command);
    const outcome: CommandOutcome =
      this.options.outcome?.(command) ??
      right({ status: command.type === 'UPDATE_FRAMEWORK' ? 200 : 202 });
    const latency = this.options.latency;
    const frames = typeof latency === 'function' ? latency(command) : (latency ?? 0);
    return frames > 0 ? timer(frames).pipe(map(() => outcome)) : of(outcome);
  }
}
