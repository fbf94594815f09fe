/**
 * The agent's status update stream of one task (the task status update manager): updates
 * are forwarded one at a time, the one in flight is re-sent with backoff until the
 * framework acknowledges it, and later updates of the task wait behind it (spec §8).
 *
 * @module
 */
import type { TaskStatus } from '../../../wire';
import { sameUuid } from './status-uuid';
import type { SimTimer, TimerSet } from './timer-set';

/** Retries of an unacknowledged update stop growing at this interval (agent constant). */
const STATUS_UPDATE_RETRY_INTERVAL_MAX_MS = 10 * 60 * 1000;

/**
 * What a {@link StatusUpdateStream} needs around it.
 *
 * @example
 * ```ts
 * const options: StatusUpdateStreamOptions = { timers, firstRetryMs: 10_000, forward: (s) => send(s) };
 * ```
 */
export interface StatusUpdateStreamOptions {
  readonly timers: TimerSet;
  /** The first retry delay; it doubles after each retry up to 10 minutes. */
  readonly firstRetryMs: number;
  /** Sends one update toward the master (first attempt and every retry). */
  readonly forward: (status: TaskStatus) => void;
}

/**
 * The pending updates of one task, front first.
 *
 * @example
 * ```ts
 * const stream = new StatusUpdateStream({ timers, firstRetryMs: 10_000, forward: send });
 * stream.push(starting); // forwarded now, retried after 10 s, 20 s, 40 s … until acknowledged
 * stream.push(running);  // waits
 * stream.acknowledge(starting.uuid!); // true: `running` is forwarded now
 * ```
 */
export class StatusUpdateStream {
  private readonly pending: TaskStatus[] = [];
  private retry: SimTimer | undefined;
  private closed = false;

  constructor(private readonly options: StatusUpdateStreamOptions) {}

  /** The update in flight (forwarded, not yet acknowledged). */
  get front(): TaskStatus | undefined {
    return this.pending[0];
  }

  /** Whether nothing waits for an acknowledgement. */
  get idle(): boolean {
    return this.pending.length === 0;
  }

  /** Queues an update; it is forwarded at once when nothing else is in flight. */
  push(status: TaskStatus): void {
    if (this.closed) return;
    this.pending.push(status);
    if (this.pending.length === 1) this.forwardFront(this.options.firstRetryMs);
  }

  /**
   * Handles an acknowledgement: when `uuid` is the update in flight it leaves the stream and
   * the next one is forwarded. Returns the acknowledged update, or `undefined` when the uuid
   * is not the one in flight (the agent ignores it).
   */
  acknowledge(uuid: string): TaskStatus | undefined {
    const front = this.pending[0];
    if (this.closed || front === undefined || !sameUuid(front.uuid, uuid)) return undefined;
    this.pending.shift();
    this.cancelRetry();
    if (this.pending.length > 0) this.forwardFront(this.options.firstRetryMs);
    return front;
  }

  /** Forwards the update in flight again now and restarts its backoff (framework re-subscribed). */
  resume(): void {
    if (!this.closed && this.pending.length > 0) this.forwardFront(this.options.firstRetryMs);
  }

  /** Drops every pending update and stops retrying (framework or agent gone, master stopped). */
  close(): void {
    this.closed = true;
    this.cancelRetry();
    this.pending.length = 0;
  }

  private forwardFront(delayMs: number): void {
    const front = this.pending[0];
    if (front === undefined) return;
    this.cancelRetry();
    this.retry = this.options.timers.schedule(
      'status update retry',
      () => {
        this.retry = undefined;
        this.forwardFront(Math.min(delayMs * 2, STATUS_UPDATE_RETRY_INTERVAL_MAX_MS));
      },
      delayMs,
    );
    this.options.forward(front);
  }

  private cancelRetry(): void {
    this.retry?.unsubscribe();
    this.retry = undefined;
  }
}
