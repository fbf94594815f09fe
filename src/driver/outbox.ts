/**
 * The command bus's queue: commands in the order they were sent, waiting for a subscription,
 * each with its deadline.
 *
 * @module
 */
import type { SchedulerLike, Subscription } from 'rxjs';
import type { Command } from '../calls';
import type { CommandError, CommandOutcome } from './scheduler-driver';

/**
 * A command on its way to the master, with what the command bus needs to know about it.
 *
 * @example
 * ```ts
 * const p: Pending = {
 *   seq: 0, command: reviveOffers(), resolve: () => undefined, deadline: Date.now() + 60_000,
 *   attempts: 0, timer: undefined, lastError: undefined,
 * };
 * ```
 */
export interface Pending {
  /** Order of submission: retries go back in this order. */
  readonly seq: number;
  readonly command: Command;
  readonly resolve: (outcome: CommandOutcome) => void;
  /** When the command must have been accepted, on the driver's scheduler clock (ms). */
  readonly deadline: number;
  /** Tries so far. */
  attempts: number;
  /** The deadline timer while waiting. */
  timer: Subscription | undefined;
  /** Why the last try failed, if it did. */
  lastError: CommandError | undefined;
}

/**
 * An ordered queue of pending commands: `take` gives the oldest, `putBack` returns one in its
 * original order (a retry does not overtake commands sent before it). Each command gets its
 * deadline (`timeoutMs` after it was made, on the scheduler's clock) when it is made, and
 * `wait` arms the timer that takes it out of the queue when that passes.
 *
 * @example
 * ```ts
 * const box = new Outbox(1000, asyncScheduler, 60_000);
 * const pending = box.pending(reviveOffers(), (outcome) => console.log(outcome._tag));
 * box.add(pending);
 * box.wait(pending, (expired) => console.log('timed out', expired.command.type));
 * const next = box.take();
 * ```
 */
export class Outbox {
  private readonly items: Pending[] = [];
  private seq = 0;

  constructor(
    readonly capacity: number,
    private readonly scheduler: SchedulerLike,
    private readonly timeoutMs: number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Whether another command fits. */
  get full(): boolean {
    return this.items.length >= this.capacity;
  }

  /**
   * A pending command with its deadline, ordered after every one made before it, or with
   * `first`, before every one (a RECONCILE right after SUBSCRIBED); not in the queue yet.
   */
  pending(command: Command, resolve: (outcome: CommandOutcome) => void, first = false): Pending {
    const n = this.seq++;
    return {
      seq: first ? -1 - n : n,
      command,
      resolve,
      deadline: this.scheduler.now() + this.timeoutMs,
      attempts: 0,
      timer: undefined,
      lastError: undefined,
    };
  }

  add(p: Pending): void {
    this.items.push(p);
  }

  /** Puts a command back where its sequence number says. */
  putBack(p: Pending): void {
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1]?.seq ?? -Infinity) > p.seq) i--;
    this.items.splice(i, 0, p);
  }

  /** Arms the deadline of a waiting command: if it is still waiting then, out and `expired`. */
  wait(p: Pending, expired: (p: Pending) => void): void {
    p.timer?.unsubscribe();
    p.timer = this.scheduler.schedule(
      () => {
        if (this.remove(p)) expired(p);
      },
      Math.max(0, p.deadline - this.scheduler.now()),
    );
  }

  take(): Pending | undefined {
    return this.items.shift();
  }

  /** The command `take` would give, left in the queue. */
  peek(): Pending | undefined {
    return this.items[0];
  }

  remove(p: Pending): boolean {
    const i = this.items.indexOf(p);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** Removes and returns every pending command. */
  drain(): Pending[] {
    return this.items.splice(0);
  }
}
