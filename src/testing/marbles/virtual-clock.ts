/**
 * Virtual time for code that awaits promises: the real driver in a test.
 *
 * @module
 */
import { VirtualTimeScheduler, type Observable } from 'rxjs';
import type { TimedValue } from './timeline';

/**
 * Options of {@link VirtualClock}.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ maxSteps: 1_000_000 });
 * ```
 */
export interface VirtualClockOptions {
  /** How many timers one call may run before it gives up (a timer loop). Default 100 000. */
  readonly maxSteps?: number;
}

/** Lets every promise reaction that is due run: one turn of the event loop. */
const settle = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/**
 * A virtual clock for code that mixes timers and promises, such as the driver (its loop
 * awaits the transport, its timers run on `options.scheduler`). `TestScheduler.run` cannot
 * drive it: it runs every timer in one synchronous flush, and no promise settles in between.
 * The clock runs one timer at a time, in time order, and lets the promises settle after each
 * (one turn of the event loop) before it looks at the next, so async code sees time pass as
 * it would, only without waiting. One frame is one millisecond; time only moves when the
 * test says so.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const master = new ScriptedMaster({ scheduler: clock.scheduler, subscriptions: [{ events: 's', values: { s: subscribed() } }] });
 * const driver = createDriver({ master: 'http://m1:5050', framework, scheduler: clock.scheduler, connect: master.connect });
 * const lost = clock.record(driver.disconnected$);
 * driver.start();
 * await clock.advanceTo(80_000); // 80 s of virtual time, in milliseconds of real time
 * expect(lost).toEqual(timeline('75s d', { d: 'no event for 75000 ms (heartbeat timeout)' }));
 * ```
 */
export class VirtualClock {
  /** Give this to the code under test (`createDriver({ scheduler })`, `timer(n, scheduler)` …). */
  readonly scheduler = new VirtualTimeScheduler();
  private readonly maxSteps: number;

  constructor(options: VirtualClockOptions = {}) {
    this.maxSteps = options.maxSteps ?? 100_000;
  }

  /** The current virtual time, in milliseconds from the start. */
  now(): number {
    return this.scheduler.now();
  }

  /**
   * Lets the promises that are due settle, without moving time.
   *
   * @example
   * ```ts
   * driver.start();
   * await clock.settle(); // the driver has connected and sent SUBSCRIBE
   * ```
   */
  settle(): Promise<void> {
    return settle();
  }

  /**
   * Runs every timer due up to `frame` (inclusive), one at a time with the promises settled
   * in between, then sets the time to `frame`.
   *
   * @example
   * ```ts
   * await clock.advanceTo(75_000);
   * ```
   */
  async advanceTo(frame: number): Promise<void> {
    if (frame < this.now()) throw new RangeError(`cannot go back from ${this.now()} to ${frame}`);
    await this.runWhile(() => true, frame);
    this.scheduler.frame = frame;
  }

  /**
   * {@link advanceTo} `ms` from now.
   *
   * @example
   * ```ts
   * await clock.advanceBy(15_000);
   * ```
   */
  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.now() + ms);
  }

  /**
   * Runs timers one at a time (promises settled in between) until `done()` holds, for at most
   * `withinMs` of virtual time; resolves with whether it holds. Time stops where `done()`
   * became true, or at the limit.
   *
   * @example
   * ```ts
   * const subscribes = () => master.calls.filter((c) => c.call.type === 'SUBSCRIBE').length;
   * await clock.runUntil(() => subscribes() === 3, 60_000);
   * ```
   */
  async runUntil(done: () => boolean, withinMs: number): Promise<boolean> {
    const limit = this.now() + withinMs;
    if (await this.runWhile(() => !done(), limit)) return true;
    this.scheduler.frame = limit;
    return done();
  }

  /**
   * Records every value of `source$` with the virtual time it came at, from now on; compare
   * the list with a {@link timeline}.
   *
   * @example
   * ```ts
   * const states = clock.record(driver.state$.pipe(map((s) => s.type)));
   * ```
   */
  record<T>(source$: Observable<T>): readonly TimedValue<T>[] {
    const seen: TimedValue<T>[] = [];
    source$.subscribe((value) => {
      seen.push({ frame: this.now(), value });
    });
    return seen;
  }

  /**
   * Runs the due timers up to `limit` while `go()` holds; true when it stopped because `go()`
   * turned false.
   */
  private async runWhile(go: () => boolean, limit: number): Promise<boolean> {
    await settle();
    for (let steps = 0; go(); steps++) {
      const action = this.scheduler.actions[0];
      if (action === undefined || action.delay > limit) return false;
      if (steps >= this.maxSteps)
        throw new Error(`more than ${this.maxSteps} timers before frame ${limit}: a timer loop?`);
      this.scheduler.actions.shift();
      this.scheduler.frame = action.delay;
      const failure: unknown = action.execute(action.state, action.delay);
      if (failure instanceof Error) throw failure;
      if (failure !== undefined) throw new Error('a timer failed', { cause: failure });
      await settle();
    }
    return true;
  }
}
