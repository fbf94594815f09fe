/**
 * The marble driver: a stand-in for the reactive driver inside `TestScheduler.run`, fed by
 * event marbles, recording the commands it is given with their frames.
 *
 * @module
 */
import type { Observable } from 'rxjs';
import type { RunHelpers } from 'rxjs/testing';
import type { Command } from '../../calls';
import type { CommandOutcome, SchedulerDriver } from '../../driver';
import type { MarbleEvent } from './disconnect';
import type { DriverStreams } from '../../driver';
import { MarbleDriverCore } from './marble-driver-core';

/**
 * Options of {@link marbleDriver}.
 *
 * @example
 * ```ts
 * const options: MarbleDriverOptions = {
 *   latency: (c) => (c.type === 'ACCEPT' ? 5 : 1), // frames until the master answers
 *   acknowledgements: 'explicit',
 * };
 * ```
 */
export interface MarbleDriverOptions {
  /**
   * `auto` (default): an update with a uuid is acknowledged once the handlers of its event
   * are done, once per uuid and subscription, as the real driver does. `explicit`: never.
   */
  readonly acknowledgements?: 'auto' | 'explicit';
  /** Frames until the master answers a command (a number, or per command). Default 0. */
  readonly latency?: number | ((command: Command) => number);
  /** The master's answer to a command. Default accepted (202; 200 for UPDATE_FRAMEWORK). */
  readonly outcome?: (command: Command) => CommandOutcome;
  /** A handler that throws: report it on `errors$` and go on (default), or abort. */
  readonly onHandlerError?: 'continue' | 'abort';
  /**
   * Send the implicit `RECONCILE` after every `SUBSCRIBED`, as the real driver does by
   * default. Default `false` here, so that only the logic under test shows in the commands.
   */
  readonly reconcileOnSubscribe?: boolean;
}

/**
 * A command the marble driver was given, and the frame it went out at.
 *
 * @example
 * ```ts
 * const first: RecordedCommand | undefined = driver.recorded[0];
 * console.log(first?.frame, first?.command.type); // 3 'DECLINE'
 * ```
 */
export interface RecordedCommand {
  readonly frame: number;
  readonly command: Command;
}

/**
 * The marble driver: the streams, `handle`, `dispatch` and `send` of the real driver, played
 * from marbles in virtual time, and the commands it was given.
 *
 * @example
 * ```ts
 * const driver: MarbleDriver = marbleDriver(helpers, '-o', { o: offers({ cpus: 1 }) });
 * driver.dispatch(declineAll(driver));
 * expectCommands(driver, '-d', { d: declineOffer(marbleIds.offer(0)) });
 * ```
 */
export interface MarbleDriver
  extends
    DriverStreams,
    Pick<SchedulerDriver, 'send' | 'dispatch' | 'handle' | 'abort' | 'status' | 'frameworkId'> {
  /** Every command sent, when it goes out; replays the earlier ones to a new subscriber. */
  readonly commands$: Observable<Command>;
  /** Every command sent so far, with its frame. */
  readonly recorded: readonly RecordedCommand[];
  /** The helpers of the `TestScheduler.run` it plays in. */
  readonly helpers: RunHelpers;
}

/**
 * Makes a marble driver inside `TestScheduler.run`: the event marbles (one frame per
 * millisecond; `|` is the driver stopping) are played into the same typed streams the real
 * driver has (`events$`, `offers$`, `statusUpdates$` …; `registered$` on the first
 * `SUBSCRIBED`, `reregistered$` on later ones, `disconnected$` on a {@link disconnect}
 * marker). As in the real driver, an event is delivered only after the handlers of the one
 * before are done (`handle`), even if it arrived earlier, and an update with a uuid is
 * acknowledged once its handlers are done. `dispatch` sends a stream of commands one after
 * the other's answer. Every command sent is recorded with its frame (`commands$`,
 * `recorded`, {@link expectCommands}).
 *
 * Unlike the real driver, commands are not held back while there is no subscription: they go
 * out when sent. Use `ScriptedMaster` and `VirtualClock` to run the real driver in virtual
 * time instead.
 *
 * @example
 * ```ts
 * new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run((helpers) => {
 *   const u = update('web-1', 'TASK_RUNNING');
 *   const driver = marbleDriver(helpers, 's-u', { s: subscribed(), u });
 *   driver.handle(driver.statusUpdates$, () => helpers.cold('---|')); // 3 frames of work
 *   expectCommands(driver, '-----a', { a: acknowledgementOf(u) }); // acknowledged after it
 * });
 * ```
 * Spec: docs/protocol.md §8, §10.
 */
export function marbleDriver(
  helpers: RunHelpers,
  events: string,
  values: Readonly<Record<string, MarbleEvent>> = {},
  options: MarbleDriverOptions = {},
): MarbleDriver {
  return new MarbleDriverCore(helpers, events, values, options);
}
