/**
 * The driver's lifetime: its classic status, and the waits that must end when it ends.
 *
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import type { DriverStatus } from './driver-status';

/**
 * Whether the driver runs, and the waits (a backoff, the handlers of an event) that end early
 * when it stops or aborts. `join()` resolves through {@link DriverLifetime.finished}.
 *
 * @example
 * ```ts
 * const lifetime = new DriverLifetime(asyncScheduler);
 * lifetime.begin(); // true: DRIVER_RUNNING
 * const backoff = lifetime.sleep(5_000);
 * lifetime.end('DRIVER_ABORTED'); // true: the sleep resolves now
 * await backoff;
 * lifetime.finish('DRIVER_ABORTED'); // join() may resolve
 * ```
 * Spec: docs/protocol.md §10.
 */
export class DriverLifetime {
  private statusValue: DriverStatus = 'DRIVER_NOT_STARTED';
  /** Waits that must end when the driver ends. */
  private readonly wakers = new Set<() => void>();
  private resolveFinished: (status: DriverStatus) => void = () => undefined;
  /** Resolves with the final status once {@link finish} is called. */
  readonly finished: Promise<DriverStatus>;

  constructor(private readonly scheduler: SchedulerLike) {
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  get status(): DriverStatus {
    return this.statusValue;
  }

  get running(): boolean {
    return this.statusValue === 'DRIVER_RUNNING';
  }

  /** Whether the driver stopped or aborted already. */
  get ended(): boolean {
    return this.statusValue === 'DRIVER_STOPPED' || this.statusValue === 'DRIVER_ABORTED';
  }

  /** Starts running; false when the driver was started before. */
  begin(): boolean {
    if (this.statusValue !== 'DRIVER_NOT_STARTED') return false;
    this.statusValue = 'DRIVER_RUNNING';
    return true;
  }

  /** Takes the final status and ends every wait; false when the driver had ended already. */
  end(status: DriverStatus): boolean {
    if (this.ended) return false;
    this.statusValue = status;
    for (const wake of [...this.wakers]) wake();
    return true;
  }

  /** The driver is done, the event being handled included: `finished` resolves. */
  finish(status: DriverStatus): void {
    this.resolveFinished(status);
  }

  /** Waits `ms` on the scheduler, or until the driver ends. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wakers.delete(wake);
        timer.unsubscribe();
        resolve();
      };
      this.wakers.add(wake);
      const timer = this.scheduler.schedule(wake, ms);
    });
  }

  /**
   * Resolves when `work` settles or the driver ends, whichever comes first: a handler that
   * never completes must not keep stop() or abort() waiting. (Not `Promise.race` with a
   * promise of the end: each race would leave a reaction on it for the driver's lifetime.)
   */
  untilEnded(work: Promise<void>): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wakers.delete(wake);
        resolve();
      };
      this.wakers.add(wake);
      work.then(wake, wake);
    });
  }
}
