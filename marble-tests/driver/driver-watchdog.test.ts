import { ignoreElements, map, timer, type Observable } from 'rxjs';
import type { ContentType, DriverOptions, Event, SchedulerDriver } from '../../src';
import {
  heartbeat,
  offers,
  subscribed,
  timeline,
  type ScriptedMaster,
  type SubscribeAnswer,
  type TimedValue,
  type VirtualClock,
} from '../../src/testing';
import { virtualDrivers } from '../helpers';

/**
 * The heartbeat watchdog of the real driver, in virtual time: a scripted master plays the
 * event stream, the driver's timers run on the clock, and the frames (1 frame = 1 ms) of
 * what happens are compared with timelines. Spec §3: any record proves the stream alive;
 * after 5 heartbeat intervals (75 s for the 15 s masters announce) without one, the driver
 * closes the stream and subscribes again after a backoff.
 */
describe.each<ContentType>(['application/json', 'application/x-protobuf'])(
  'the heartbeat watchdog of the driver in virtual time (%s)',
  (contentType) => {
    const values: Readonly<Record<string, Event>> = {
      s: subscribed(), //                                 announces 15 s
      f: subscribed({ heartbeatIntervalSeconds: 2 }), //  announces 2 s
      h: heartbeat(),
      o: offers(),
    };
    const TIMEOUT = 'no event for 75000 ms (heartbeat timeout)';
    const types = { s: 'SUBSCRIBE', r: 'RECONCILE' };
    const justBelowOne = 1 - Number.EPSILON; // the longest jitter: backoffDelay(0) = 499 ms

    const virtualDriver = virtualDrivers();

    function start(
      subscriptions: readonly SubscribeAnswer[],
      options: Partial<DriverOptions> = {},
    ): {
      readonly clock: VirtualClock;
      readonly master: ScriptedMaster;
      readonly driver: SchedulerDriver;
      readonly calls: () => TimedValue<string>[];
      readonly lost: readonly TimedValue<string>[];
      readonly backoffs: () => TimedValue<number>[];
    } {
      const { clock, master, driver } = virtualDriver(
        'watchdog',
        { subscriptions },
        { contentType, random: () => justBelowOne, ...options },
      );
      const backoffs$: Observable<number> = driver.state$.pipe(
        map((s) => (s.type === 'backingOff' ? s.delayMs : -1)),
      );
      const backoffs = clock.record(backoffs$);
      const lost = clock.record(driver.disconnected$);
      driver.start();
      return {
        clock,
        master,
        driver,
        calls: () => master.calls.map((c) => ({ frame: c.frame, value: c.call.type })),
        lost,
        backoffs: () => backoffs.filter((b) => b.value >= 0),
      };
    }

    it('no record for 75 s → disconnected$ → SUBSCRIBE again after the backoff', async () => {
      const { clock, calls, lost, backoffs } = start([
        { events: '(sh) 14996ms h 14999ms h', values }, // records at 0, 15 000 and 30 000
        { events: 's', values },
      ]);
      await clock.advanceTo(120_000);
      // the last record at 30 s, the watchdog at 30 + 75 = 105 s, the backoff 499 ms
      expect(lost).toEqual(timeline('105s d', { d: TIMEOUT }));
      expect(backoffs()).toEqual(timeline('105s b', { b: 499 }));
      expect(calls()).toEqual(timeline('(sr) 105495ms (sr)', types)); // again at 105 499
    });

    it('the backoff waited is the one state$ announced', async () => {
      const { clock, calls, lost, backoffs } = start([
        { events: 's', values },
        { events: 's', values },
      ]);
      await clock.advanceTo(80_000);
      expect(lost).toEqual(timeline('75s d', { d: TIMEOUT }));
      expect(backoffs()).toEqual(timeline('75s b', { b: 499 }));
      expect(calls().filter((c) => c.value === 'SUBSCRIBE')).toEqual(
        timeline('s 75498ms s', { s: 'SUBSCRIBE' }),
      );
    });

    it('the interval SUBSCRIBED announces replaces the assumed 15 s: 2 s → dead after 10 s', async () => {
      const { clock, calls, lost } = start([
        { events: '(fh)', values },
        { events: 'f', values },
      ]);
      await clock.advanceTo(30_000);
      // dead at 10 s, subscribed again at 10.499 s, dead again at 20.499 s, and so on
      expect(lost).toEqual(
        timeline('10s a 10498ms b', {
          a: 'no event for 10000 ms (heartbeat timeout)',
          b: 'no event for 10000 ms (heartbeat timeout)',
        }),
      );
      expect(calls().slice(0, 4)).toEqual(timeline('(sr) 10495ms (sr)', types));
    });

    it('the wait for SUBSCRIBED is watched too, with the assumed interval', async () => {
      const { clock, calls, lost } = start([
        { events: '', values },
        { events: 's', values },
      ]);
      await clock.advanceTo(80_000);
      // no subscription was made, so nothing was lost: no disconnected$, but a new SUBSCRIBE
      expect(lost).toEqual([]);
      expect(calls()).toEqual(timeline('s 75498ms (sr)', types));
    });

    it('heartbeats keep the stream alive; the 75 s count from the last one', async () => {
      const beats = '(sh) 14996ms h 14999ms h 14999ms h 14999ms h 14999ms h 14999ms h';
      const { clock, calls, lost } = start([{ events: beats, values }]); // last at 90 s
      await clock.advanceTo(164_999);
      expect(lost).toEqual([]);
      await clock.advanceTo(170_000);
      expect(lost).toEqual(timeline('165s d', { d: TIMEOUT }));
      expect(calls().map((c) => c.value)).toEqual(['SUBSCRIBE', 'RECONCILE', 'SUBSCRIBE']);
    });

    it('is suspended while a handler works, and a full period starts when it is done', async () => {
      const run = start([{ events: '(so)', values }]);
      const busy = run.clock.record(run.driver.offers$.pipe(map(() => 'offers')));
      // the handler works 100 s of virtual time on the offers that came at 0
      run.driver.handle(run.driver.offers$, () =>
        timer(100_000, run.clock.scheduler).pipe(ignoreElements()),
      );
      await run.clock.advanceTo(174_999);
      expect(run.lost).toEqual([]);
      await run.clock.advanceTo(180_000);
      expect(busy).toEqual(timeline('o', { o: 'offers' }));
      expect(run.lost).toEqual(timeline('175s d', { d: TIMEOUT })); // 100 s + 75 s
    });

    it('heartbeatTimeoutFactor and defaultHeartbeatSeconds set the period', async () => {
      const { clock, lost, calls } = start(
        [
          { events: '', values },
          { events: 's', values },
        ],
        {
          heartbeatTimeoutFactor: 3,
          defaultHeartbeatSeconds: 5,
        },
      );
      await clock.advanceTo(20_000);
      expect(lost).toEqual([]);
      expect(calls()).toEqual(timeline('s 15498ms (sr)', types)); // 3 × 5 s, then 499 ms
    });
  },
);
