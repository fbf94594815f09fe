/**
 * The command bus: commands go to the master in the order they were sent, wait for a
 * subscription when there is none, and are retried until their deadline.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { SchedulerLike, Subscription } from 'rxjs';
import { declineOffer, toCall, type Command, type CommandOf } from '../calls';
import type { TransportError } from '../transport';
import { encodeCall, type ContentType, type Event, type OfferID } from '../wire';
import { backoffDelay, type BackoffOptions } from './backoff';
import { DriverError } from './driver-error';
import type { DriverLifetime } from './driver-lifetime';
import { droppedLaunchUpdates, type DropReason } from './dropped-launch';
import { joinDeclines, joinsDecline } from './joined-declines';
import { useOffers } from './offer-check';
import { Outbox, type Pending } from './outbox';
import type { OutstandingOffers } from './outstanding-offers';
import type { CommandAccepted, CommandError, CommandOutcome } from './scheduler-driver';
import type { Session } from './session';
import { isStaleSubscription } from './stale-subscription';
import type { SuppressedRoles } from './suppressed-roles';

/**
 * What the bus works with: its limits and clock, the driver's state, and where the events the
 * driver makes itself (dropped launches) and the failures go.
 *
 * @example
 * ```ts
 * const parts: CommandBusParts = {
 *   scheduler: asyncScheduler, contentType: 'application/json', capacity: 1000, timeoutMs: 60_000,
 *   backoff: undefined, random: undefined, partitionAware: true, lifetime,
 *   offers: new OutstandingOffers(), suppressed: new SuppressedRoles(framework, []),
 *   session: () => loop.session,
 *   driverSend: (command) => driver.send(command),
 *   resubscribe: (reason) => loop.resubscribe(reason),
 *   inject: (event) => void dispatcher.enqueue(event),
 *   report: (error) => errors$.next(error),
 * };
 * ```
 */
export interface CommandBusParts {
  readonly scheduler: SchedulerLike;
  readonly contentType: ContentType;
  /** How many commands may wait (`maxQueuedCommands`). */
  readonly capacity: number;
  /** How long a command may take, retries and waiting included (`commandTimeoutMs`). */
  readonly timeoutMs: number;
  /** The backoff of calls the master answered 503 or 429. */
  readonly backoff: BackoffOptions | undefined;
  readonly random: (() => number) | undefined;
  /** Whether dropped launches are TASK_DROPPED (else TASK_LOST). */
  readonly partitionAware: boolean;
  readonly lifetime: DriverLifetime;
  /** Offers an ACCEPT or DECLINE uses when it goes out. */
  readonly offers: OutstandingOffers;
  /** Kept up to date from every command sent, for the next SUBSCRIBE. */
  readonly suppressed: SuppressedRoles;
  /** The subscription calls go on, if any. */
  readonly session: () => Session | undefined;
  /**
   * The driver's public `send`: the commands the driver sends itself go through it, as the
   * application's do, so that whatever wraps or watches it sees them all.
   */
  readonly driverSend: (command: Command) => Promise<CommandOutcome>;
  /** Ends the current subscription: the master no longer knows it. */
  readonly resubscribe: (reason: string) => void;
  /** Delivers an event the driver makes itself, in order with the master's. */
  readonly inject: (event: Event) => void;
  readonly report: (error: DriverError) => void;
}

/**
 * Sends commands in order, stamped with the framework id, on the current session; while there
 * is none they wait (bounded, with a deadline) for the next SUBSCRIBED. Every command gets
 * exactly one outcome. A command sent while subscribed goes out at once, without a timer.
 *
 * @example
 * ```ts
 * const bus = new CommandBus(parts);
 * const outcome = await bus.send(reviveOffers());
 * // after each SUBSCRIBED:
 * bus.resetBackoff();
 * bus.pump();
 * ```
 * Spec: docs/protocol.md §1.4, §5, §7.
 */
export class CommandBus {
  private readonly outbox: Outbox;
  /** Calls wait until then (scheduler time) after the master answered 503 or 429. */
  private pumpPausedUntil = 0;
  private pumpTimer: Subscription | undefined;
  /** Backoff rounds of calls since the last accepted one. */
  private callFailures = 0;
  private inFlightCount = 0;
  /** Nesting depth of `hold`: while above 0, `send` queues without pumping. */
  private holding = 0;

  constructor(private readonly parts: CommandBusParts) {
    this.outbox = new Outbox(parts.capacity, parts.scheduler, parts.timeoutMs);
  }

  /** Commands waiting for a subscription or a retry. */
  get queued(): number {
    return this.outbox.size;
  }

  /** Commands sent and not answered yet. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Sends one command; resolves with its outcome, never rejects. */
  send(command: Command): Promise<CommandOutcome> {
    if (!this.parts.lifetime.running) {
      return Promise.resolve(
        left(
          new DriverError('NOT_RUNNING', `the driver is ${this.parts.lifetime.status}`, {
            subject: command,
          }),
        ),
      );
    }
    if (this.outbox.full) {
      return Promise.resolve(
        left(
          this.dropped(
            command,
            new DriverError(
              'QUEUE_FULL',
              `more than ${this.outbox.capacity} commands are waiting`,
              { subject: command },
            ),
          ),
        ),
      );
    }
    return new Promise((resolve) => {
      const p = this.outbox.pending(command, resolve);
      this.parts.suppressed.track(command);
      this.outbox.add(p);
      // a command that goes out at once needs no deadline timer
      if (this.pauseMs() !== 0) this.outbox.wait(p, this.expired);
      if (this.holding === 0) this.pump();
    });
  }

  /**
   * Runs `fn`, holding back the commands it sends until it returns, then sends them all:
   * adjacent DECLINEs with the same filters go out as one call (the handlers of one event
   * declining its offers one by one make one DECLINE). Order and outcomes are as without it.
   */
  hold(fn: () => void): void {
    this.holding++;
    try {
      fn();
    } finally {
      this.holding--;
      if (this.holding === 0 && this.outbox.size > 0) this.pump();
    }
  }

  /**
   * Sends a command through the driver's `send` and reports a failed outcome on `errors$`
   * (`COMMAND_FAILED` unless it is a driver error already). `first` puts it before every
   * waiting command instead (the first RECONCILE after SUBSCRIBED); the caller pumps then.
   */
  async sendReporting(command: Command, first = false): Promise<CommandOutcome> {
    const outcome = await (first ? this.sendFirst(command) : this.parts.driverSend(command));
    if (outcome._tag === 'Left') {
      const e = outcome.left;
      this.parts.report(
        e instanceof DriverError
          ? e
          : new DriverError('COMMAND_FAILED', e.message, { subject: command, cause: e }),
      );
    }
    return outcome;
  }

  /** A new subscription: calls no longer back off. */
  resetBackoff(): void {
    this.callFailures = 0;
    this.pumpPausedUntil = 0;
  }

  /** The driver ends: no more timers; every waiting command fails with `NOT_RUNNING`. */
  stop(reason: string): void {
    this.pumpTimer?.unsubscribe();
    this.pumpTimer = undefined;
    for (const p of this.outbox.drain())
      this.fail(p, new DriverError('NOT_RUNNING', `the driver ${reason}`, { subject: p.command }));
  }

  /** Sends every waiting command on the current session, unless calls are backing off. */
  pump(): void {
    const session = this.parts.session();
    const pause = this.pauseMs();
    if (session === undefined || pause === undefined) return;
    if (pause > 0) {
      this.pumpTimer ??= this.parts.scheduler.schedule(() => {
        this.pumpTimer = undefined;
        this.pump();
      }, pause);
      return;
    }
    const declines: OfferID[] = [];
    for (let p = this.outbox.take(); p !== undefined; p = this.outbox.take()) {
      if (!this.ready(p, declines)) continue;
      const group = [p];
      for (let next = this.outbox.peek(); next !== undefined; next = this.outbox.peek()) {
        if (!joinsDecline(p.command, next.command)) break;
        this.outbox.take();
        if (this.ready(next, declines)) group.push(next);
      }
      const command =
        group.length === 1
          ? p.command
          : joinDeclines(group.map((g) => g.command as CommandOf<'DECLINE'>));
      const body = encodeCall(toCall(command, session.frameworkId), this.parts.contentType);
      if (body._tag === 'Left') {
        for (const g of group)
          this.fail(
            g,
            new DriverError('COMMAND_FAILED', `invalid command: ${body.left.message}`, {
              subject: g.command,
              cause: body.left,
            }),
          );
        continue;
      }
      this.inFlightCount += group.length;
      void session.transport.call(body.right, session.streamId).then((r) => {
        this.inFlightCount -= group.length;
        this.settle(group, r, session);
      });
    }
    // the outstanding offers of a refused ACCEPT go back, as the master would return them
    if (declines.length > 0) void this.sendReporting(declineOffer(declines, { refuse_seconds: 0 }));
  }

  /**
   * A command taken from the queue to be sent now: its deadline timer is off, its first try
   * uses its offers (false if that refused it) and its tries are counted.
   */
  private ready(p: Pending, declines: OfferID[]): boolean {
    p.timer?.unsubscribe();
    p.timer = undefined;
    if (p.attempts === 0 && !this.useOffers(p, declines)) return false;
    p.attempts++;
    return true;
  }

  private sendFirst(command: Command): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      const p = this.outbox.pending(command, resolve, true);
      this.outbox.putBack(p);
      this.outbox.wait(p, this.expired);
    });
  }

  /** A waiting command's deadline passed. */
  private readonly expired = (p: Pending): void => {
    this.fail(
      p,
      new DriverError('QUEUE_TIMEOUT', 'no subscription to send the command on in time', {
        subject: p.command,
        retryable: true,
        cause: p.lastError,
      }),
    );
  };

  /**
   * How long calls are held back (after 503/429), 0 when waiting commands would go out now,
   * undefined when they cannot go out at all (no subscription, or the driver stopped).
   */
  private pauseMs(): number | undefined {
    if (this.parts.session() === undefined || !this.parts.lifetime.running) return undefined;
    return Math.max(0, this.pumpPausedUntil - this.parts.scheduler.now());
  }

  /**
   * The first try of an ACCEPT or DECLINE uses its offers; an ACCEPT naming an offer that is
   * no longer outstanding fails here without being sent, and its other offers are added to
   * `declines`. Returns whether the command goes on.
   */
  private useOffers(p: Pending, declines: OfferID[]): boolean {
    const refused = useOffers(p.command, this.parts.offers);
    if (refused === undefined) return true;
    declines.push(...refused.declines);
    this.fail(p, refused.error, refused.why);
    for (const event of refused.events) this.parts.inject(event);
    return false;
  }

  /**
   * The master's answer to a call, for the commands it carried (several for joined
   * DECLINEs). Accepted: resolved. Refused: failed. A failure worth another try (503, 429, no
   * connection, timeout, a standby's 307, a subscription the master forgot) puts the commands
   * back in their places until their deadlines, all of them before the next pump, so that
   * joined commands go out joined again: after a backoff for 503 and 429, after the next
   * SUBSCRIBED when the subscription is gone.
   */
  private settle(
    group: readonly Pending[],
    r: Either<TransportError, { readonly status: number }>,
    session: Session,
  ): void {
    if (r._tag === 'Right') {
      this.callFailures = 0;
      for (const p of group)
        p.resolve(right<CommandError, CommandAccepted>({ status: r.right.status }));
      return;
    }
    const e = r.left;
    const stale = isStaleSubscription(e);
    const now = this.parts.scheduler.now();
    const retry = this.parts.lifetime.running && (e.retryable || stale);
    let waiting = 0;
    for (const p of group) {
      if (!retry || now >= p.deadline) {
        this.fail(p, e);
        continue;
      }
      p.lastError = e;
      this.outbox.putBack(p);
      this.outbox.wait(p, this.expired);
      waiting++;
    }
    if (waiting === 0) return;
    if (stale && this.parts.session() === session) {
      // the master no longer knows this subscription: subscribe again, then send
      this.parts.resubscribe(`the master no longer knows this subscription: ${e.message}`);
      return;
    }
    if (!stale && now >= this.pumpPausedUntil) {
      this.pumpPausedUntil =
        now + backoffDelay(this.callFailures, this.parts.backoff, this.parts.random);
      this.callFailures++;
    }
    this.pump();
  }

  private fail(p: Pending, error: CommandError, why?: DropReason): void {
    p.timer?.unsubscribe();
    p.timer = undefined;
    p.resolve(left(this.dropped(p.command, error, why)));
  }

  /**
   * A launch that cannot be delivered: its tasks get a TASK_DROPPED update (TASK_LOST for
   * frameworks without PARTITION_AWARE), as the classic driver reports TASK_LOST; the reason is
   * REASON_MASTER_DISCONNECTED unless `why` gives another. Returns the error.
   */
  private dropped(command: Command, error: CommandError, why?: DropReason): CommandError {
    if (command.type !== 'ACCEPT') return error;
    const updates = droppedLaunchUpdates(command, {
      partitionAware: this.parts.partitionAware,
      why: why ?? {
        reason: 'REASON_MASTER_DISCONNECTED',
        message: `the launch could not be delivered: ${error.message}`,
      },
      nowMs: this.parts.scheduler.now(),
    });
    for (const event of updates) this.parts.inject(event);
    return error;
  }
}
