/**
 * The timers of the task side, all on the master's `SchedulerLike`, so that `stop()` can
 * cancel every one and virtual time can drive them.
 *
 * @module
 */
import { Subscription, type SchedulerLike } from 'rxjs';
import { guarded } from './guarded';

/**
 * A set of pending timers on one scheduler. Work runs guarded (an error never escapes into
 * the scheduler); a cancelled or fired timer leaves the set.
 *
 * @example
 * ```ts
 * const timers = new TimerSet(asyncScheduler);
 * const t = timers.schedule('retry', () => retry(), 10_000);
 * t.unsubscribe(); // or timers.cancelAll()
 * ```
 */
export class TimerSet {
  private readonly live = new Set<Subscription>();
  private closed = false;

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Runs `work` after `delayMs` (at least 0); does nothing once {@link cancelAll} ran. */
  schedule(what: string, work: () => void, delayMs: number): Subscription {
    if (this.closed) return Subscription.EMPTY;
    const state: { sub?: Subscription; fired: boolean } = { fired: false };
    const sub = this.scheduler.schedule(
      () => {
        state.fired = true;
        if (state.sub !== undefined) this.live.delete(state.sub);
        if (!this.closed) guarded(what, work);
      },
      Math.max(0, Number.isFinite(delayMs) ? delayMs : 0),
    );
    state.sub = sub;
    if (!state.fired && !this.closed) {
      this.live.add(sub);
      sub.add(() => this.live.delete(sub));
    }
    return sub;
  }

  /** Cancels every pending timer; later `schedule` calls are ignored. */
  cancelAll(): void {
    this.closed = true;
    for (const sub of [...this.live]) sub.unsubscribe();
    this.live.clear();
  }
}
