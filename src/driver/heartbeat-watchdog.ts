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
      let intervalMs = options.intervalMs;
      let busy = false;
      let timer: Subscription | undefined;
      const arm = (): void => {
        timer?.unsubscribe();
        timer = undefined;
        if (busy || subscriber.closed) return;
        const silentMs = factor * intervalMs;
        timer = scheduler.schedule(() => {
          subscriber.next({ silentMs });
          subscriber.complete();
        }, silentMs);
      };
      const busySub = options.busy$?.subscribe({
        next: (b) => {
          if (b === busy) return;
          busy = b;
          arm();
        },
        error: (e: unknown) => {
          subscriber.error(e);
        },
      });
      arm();
      const tickSub = ticks$.subscribe({
        next: (tick) => {
          if (tick.intervalMs !== undefined) intervalMs = tick.intervalMs;
          arm();
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
