import {
  asyncScheduler,
  concat,
  ignoreElements,
  map,
  of,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import {
  declineOffer,
  killTask,
  reviveOffers,
  suppressOffers,
  type Call,
  type Command,
  type Event,
} from '../../src';
import {
  acknowledgementOf,
  marbleDriver,
  offer,
  offers,
  subscribed,
  timeline,
  update,
  type DriverStreams,
  type MarbleDriver,
  type TimedValue,
} from '../../src/testing';
import { testScheduler, virtualDriver } from '../helpers';

/**
 * The marble driver keeps the real driver's promises: the same events and the same handlers
 * give the same commands at the same frames on both. Each scenario runs on the marble driver
 * in `TestScheduler.run` and on the real driver (a scripted master, a `VirtualClock`), and
 * both are compared with the expected timeline. 1 frame = 1 ms.
 */
describe('the marble driver and the real driver agree', () => {
  type Handlers = Pick<MarbleDriver, 'handle' | 'dispatch'> & DriverStreams;
  interface Scenario {
    readonly events: string;
    readonly values: Readonly<Record<string, Event>>;
    /** Frames the master takes to answer a command. */
    readonly latency: (command: Command) => number;
    /** Registers the logic, with its timers on `scheduler`. */
    readonly logic: (driver: Handlers, scheduler: SchedulerLike) => void;
  }

  const withoutFrameworkId = (call: Call): Command => {
    const { framework_id: _, ...command } = call;
    return command as Command;
  };

  function onMarbleDriver(s: Scenario): TimedValue<Command>[] {
    let seen: TimedValue<Command>[] = [];
    testScheduler().run((helpers) => {
      const driver = marbleDriver(helpers, s.events, s.values, { latency: s.latency });
      s.logic(driver, asyncScheduler); // asyncScheduler runs in virtual time inside run()
      helpers.flush();
      seen = driver.recorded.map((r) => ({ frame: r.frame, value: r.command }));
    });
    return seen;
  }

  async function onRealDriver(s: Scenario): Promise<TimedValue<Command>[]> {
    const { clock, master, driver } = virtualDriver(
      'parity',
      {
        subscriptions: [{ events: s.events, values: s.values }],
        answer: (call) => ({ afterMs: s.latency(withoutFrameworkId(call)) }),
      },
      { reconcileOnSubscribe: false },
    );
    driver.start(); // before it, the real driver refuses commands (NOT_RUNNING)
    s.logic(driver, clock.scheduler);
    await clock.advanceTo(100);
    driver.abort();
    await clock.settle();
    return master.calls
      .filter((c) => c.call.type !== 'SUBSCRIBE')
      .map((c) => ({ frame: c.frame, value: withoutFrameworkId(c.call) }));
  }

  const o1 = offer({ id: 'O1' });
  const o2 = offer({ id: 'O2' });
  const running = update('web-1', 'TASK_RUNNING');

  it('one callback at a time, and the acknowledgement after the asynchronous handler', async () => {
    const scenario: Scenario = {
      events: 's-abu',
      values: { s: subscribed(), a: offers(o1), b: offers(o2), u: running },
      latency: () => 0,
      logic: (driver, scheduler) => {
        // 3 frames per offer, then its decline; 2 frames per update
        driver.handle(driver.offers$, (list) =>
          timer(3, scheduler).pipe(map(() => declineOffer(list.map((o) => o.id)))),
        );
        driver.handle(driver.statusUpdates$, () => timer(2, scheduler).pipe(ignoreElements()));
      },
    };
    //                       s-abu        arrivals
    const expected = timeline('-----x--y-a', {
      x: declineOffer(o1.id), //   a delivered at 2, declined at 5
      y: declineOffer(o2.id), //   b waited until 5, declined at 8
      a: acknowledgementOf(running), // u waited until 8, worked until 10
    });
    expect(onMarbleDriver(scenario)).toEqual(expected);
    expect(await onRealDriver(scenario)).toEqual(expected);
  });

  it('dispatch: a slow command delays the next one', async () => {
    const scenario: Scenario = {
      events: 's',
      values: { s: subscribed() },
      latency: (c) => (c.type === 'REVIVE' ? 4 : 1),
      logic: (driver, scheduler) => {
        const commands$: Observable<Command> = concat(
          of(reviveOffers(), suppressOffers()),
          timer(1, scheduler).pipe(map(() => killTask({ value: 'web-1' }))),
        );
        driver.dispatch(commands$);
      },
    };
    const expected = timeline('r---sk', {
      r: reviveOffers(), //              answered at 4
      s: suppressOffers(), //            sent then, answered at 5
      k: killTask({ value: 'web-1' }), // emitted at 1, sent at 5
    });
    expect(onMarbleDriver(scenario)).toEqual(expected);
    expect(await onRealDriver(scenario)).toEqual(expected);
  });
});
