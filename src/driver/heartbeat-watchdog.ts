/**
 * The heartbeat watchdog: a subscription stream silent for too long is dead.
 *
 * @module
 */
import {
  asyncScheduler,
  Observable,
  type OperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';

/**
 * One sign of life of the event stream: a record arrived. `intervalMs` changes the heartbeat
 * interval from then on (SUBSCRIBED announces it).
 *
 * @example
 * ```ts
 * const any: WatchdogTick = {};
 * const subscribed: WatchdogTick = { intervalMs: 15_000 };
 * ```
 */
export interface WatchdogTick {
  /** The heartbeat interval the master announced, in milliseconds. */
  readonly intervalMs?: number;
}

/**
 * The watchdog fired: nothing arrived for `silentMs` milliseconds while the app was idle.
 *
 * @example
 * ```ts
 * const fired: WatchdogTimeout = { silentMs: 75_000 };
 * ```
 */
export interface WatchdogTimeout {
  readonly silentMs: number;
}

/**
 * Options of {@link heartbeatWatchdog}.
 *
 * @example
 * ```ts
 * const options: HeartbeatWatchdogOptions = { intervalMs: 15_000, factor: 5, scheduler: asyncScheduler };
 * ```
 */
export interface HeartbeatWatchdogOptions {
  /** The heartbeat interval assumed until a tick gives one, in milliseconds. */
  readonly intervalMs: number;
  /** How many silent intervals make the stream dead. Default 5 (spec §3). */
  readonly factor?: number;
  /** Where the timer runs. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Whether the application is busy with an event: while the latest value is `true` the
   * watchdog is suspended (the driver does not read the stream then, so silence is not the
   * master's fault); when it turns `false` a full period starts again.
   */
  readonly busy$?: Observable<boolean>;
}

/**
 * Watches a stream of {@link WatchdogTick}s (one per record read) and emits one
 * {@link WatchdogTimeout} and completes when `factor × interval` milliseconds pass without a
 * tick while the application is not busy. The period starts at subscription (the wait for
 * SUBSCRIBED is watched too) and starts over at every tick and whenever `busy$` turns false.
 * Completes without emitting when the ticks complete; errors when they (or `busy$`) error.
 *
 * @example
 * ```ts
 * const ticks = new Subject<WatchdogTick>();
 * ticks.pipe(heartbeatWatchdog({ intervalMs: 15_000 })).subscribe(({ silentMs }) => {
 *   abort.abort(); // no record for 75 s: close the subscription and subscribe again
 * });
 * ticks.next({ intervalMs: 15_000 }); // SUBSCRIBED arrived
 * ticks.next({}); // any later record
 * ```
 * Spec: docs/protocol.md §3.
 */
export function heartbeatWatchdog(
  options: HeartbeatWatchdogOptions,
): OperatorFunction<WatchdogTick, WatchdogTimeout> {
  const factor = options.factor ?? 5;
  const scheduler = options.scheduler ?? asyncScheduler;
  return (ticks$) =>
    new Observable<WatchdogTimeout>((subscriber) => {
      const now = clockOf(scheduler);
      let intervalMs = options.intervalMs;
      let busy = false;
      let timer: Subscription | undefined;
      /** When the current period started: at the last tick, or when the app turned idle. */
      let since = now();
      // Records and the app's busy spells only note the time: the one timer, when it runs,
      // compares with the latest of them and waits again for the rest of the period. No timer
      // is made or cancelled per record or per event.
      const wake = (): void => {
        timer = undefined;
        // while busy, nothing is pending: turning idle starts a full period and a timer
        if (busy || subscriber.closed) return;
        const silentMs = factor * intervalMs;
        const left = since + silentMs - now();
        if (left > 0) {
          timer = scheduler.schedule(wake, left);
          return;
        }
        subscriber.next({ silentMs });
        subscriber.complete();
      };
      const startPeriod = (): void => {
        since = now();
        if (timer === undefined && !busy && !subscriber.closed) {
          timer = scheduler.schedule(wake, factor * intervalMs);
        }
      };
      const busySub = options.busy$?.subscribe({
        next: (b) => {
          if (b === busy) return;
          busy = b;
          if (!b) startPeriod();
        },
        error: (e: unknown) => {
          subscriber.error(e);
        },
      });
      startPeriod();
      const tickSub = ticks$.subscribe({
        next: (tick) => {
          if (tick.intervalMs !== undefined && tick.intervalMs !== intervalMs) {
            // a shorter interval must not wait for a timer set for the longer one
            intervalMs = tick.intervalMs;
            timer?.unsubscribe();
            timer = undefined;
          }
          startPeriod();
        },
        error: (e: unknown) => {
          subscriber.error(e);
        },
        complete: () => {
          subscriber.complete();
        },
      });
      return () => {
        timer?.unsubscribe();
        busySub?.unsubscribe();
        tickSub.unsubscribe();
      };
    });
}

/**
 * The clock the watchdog measures silence with: the scheduler's own (virtual time in tests),
 * except for RxJS's real-time schedulers, whose clock is the wall clock (`Date.now`), which can
 * jump: a monotonic clock stands in for it. (Inside `TestScheduler.run` those schedulers keep
 * virtual time, far from the wall clock, and their clock is kept.)
 */
function clockOf(scheduler: SchedulerLike): () => number {
  const wallClock =
    scheduler.now === asyncScheduler.now && Math.abs(scheduler.now() - Date.now()) < 60_000;
  if (wallClock) return () => performance.now();
  return () => scheduler.now();
}
