/**
 * The timers of the task side, all on the master's `SchedulerLike`, so that `stop()` can
 * cancel every one and virtual time can drive them.
 *
 * @module
 */
import { type SchedulerAction, type SchedulerLike, type Unsubscribable } from 'rxjs';
import { guarded } from './guarded';

/**
 * One pending timer of a {@link TimerSet}: `unsubscribe()` cancels it (a fired or cancelled
 * timer ignores it).
 *
 * @example
 * ```ts
 * const retry: SimTimer = timers.schedule('status update retry', () => resend(), 10_000);
 * retry.unsubscribe();
 * ```
 */
export type SimTimer = Unsubscribable;

/** A timer that is already over (the set was closed). */
const OVER: SimTimer = { unsubscribe: () => undefined };

/**
 * A set of pending timers on one scheduler. Work runs guarded (an error never escapes into
 * the scheduler); a cancelled or fired timer leaves the set.
 *
 * Every task schedules a handful of timers (its launch, its start, its end, a retry for each
 * status update, most of them cancelled by the acknowledgement), so a timer is one small
 * object and one scheduled action that carries it as its state: no closure or subscription
 * of its own.
 *
 * @example
 * ```ts
 * const timers = new TimerSet(asyncScheduler);
 * const t = timers.schedule('retry', () => retry(), 10_000);
 * t.unsubscribe(); // or timers.cancelAll()
 * ```
 */
export class TimerSet {
  /** Pending timers, in the order they were scheduled. */
  private readonly live = new Set<Timer>();
  private closed = false;

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Runs `work` after `delayMs` (at least 0); does nothing once {@link cancelAll} ran. */
  schedule(what: string, work: () => void, delayMs: number): SimTimer {
    if (this.closed) return OVER;
    const timer = new Timer(this.live, what, work);
    const delay = Math.max(0, Number.isFinite(delayMs) ? delayMs : 0);
    // always through the scheduler, even the real-clock one: a TestScheduler's run mode
    // puts `asyncScheduler` itself on virtual time
    timer.action = this.scheduler.schedule(fireAction, delay, timer);
    // a virtual scheduler may have run it already (no delay)
    if (!timer.done) this.live.add(timer);
    return timer;
  }

  /** Cancels every pending timer; later `schedule` calls are ignored. */
  cancelAll(): void {
    this.closed = true;
    for (const timer of [...this.live]) timer.unsubscribe();
    this.live.clear();
  }
}

class Timer implements SimTimer {
  done = false;
  action: Unsubscribable | undefined;

  constructor(
    private readonly live: Set<Timer>,
    private readonly what: string,
    private readonly work: () => void,
  ) {}

  fire(): void {
    if (this.done) return;
    this.done = true;
    this.live.delete(this);
    guarded(this.what, this.work);
  }

  /** What a task's timer shows when the task is printed as JSON. */
  toJSON(): { readonly timer: string; readonly done: boolean } {
    return { timer: this.what, done: this.done };
  }

  unsubscribe(): void {
    if (this.done) return;
    this.done = true;
    this.live.delete(this);
    this.action?.unsubscribe();
  }
}

function fireAction(this: SchedulerAction<Timer>, timer?: Timer): void {
  timer?.fire();
}
