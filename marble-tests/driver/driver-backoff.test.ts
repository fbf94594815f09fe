import { map } from 'rxjs';
import type { DriverOptions, Event } from '../../src';
import {
  httpError,
  subscribed,
  timeline,
  type SubscribeAnswer,
  type TimedValue,
  type VirtualClock,
} from '../../src/testing';
import { virtualDrivers } from '../helpers';

/**
 * The re-subscription backoff of the real driver, in virtual time (1 frame = 1 ms): after the
 * n-th failed try in a row (n from 0) the driver waits a random time in
 * `[0, min(maxMs, initialMs · 2^n)]` (full jitter; 500 ms and 15 s by default) before it
 * subscribes again, and starts over after a subscription that worked.
 */
describe('the re-subscription backoff of the driver in virtual time', () => {
  const values: Readonly<Record<string, Event>> = { s: subscribed() };
  const unavailable = httpError(503, { body: 'No leader elected' });
  const retries = (n: number): SubscribeAnswer[] => Array.from({ length: n }, () => unavailable);

  const virtualDriver = virtualDrivers();

  function start(
    subscriptions: readonly SubscribeAnswer[],
    options: Partial<DriverOptions>,
  ): {
    readonly clock: VirtualClock;
    /** SUBSCRIBE calls, with their frames. */
    readonly subscribes: () => TimedValue<string>[];
    /** What `state$` announced: `attempt:delayMs` of each backingOff. */
    readonly backoffs: () => TimedValue<string>[];
  } {
    const { clock, master, driver } = virtualDriver('backoff', { subscriptions }, options);
    const states = clock.record(
      driver.state$.pipe(map((s) => (s.type === 'backingOff' ? `${s.attempt}:${s.delayMs}` : ''))),
    );
    driver.start();
    return {
      clock,
      subscribes: () =>
        master.calls
          .filter((c) => c.call.type === 'SUBSCRIBE')
          .map((c) => ({ frame: c.frame, value: c.call.type })),
      backoffs: () => states.filter((s) => s.value !== ''),
    };
  }

  it('random = 0: every try again at once', async () => {
    const { clock, subscribes } = start([...retries(3), { events: 's', values }], {
      random: () => 0,
    });
    await clock.advanceTo(10);
    expect(subscribes()).toEqual(timeline('(ssss)', { s: 'SUBSCRIBE' }));
  });

  it('random ≈ 1: the longest waits, doubling from 499 ms up to the 15 s cap', async () => {
    const { clock, subscribes } = start([...retries(7), { events: 's', values }], {
      random: () => 1 - Number.EPSILON,
    });
    await clock.advanceTo(60_000);
    // waits: 499, 999, 1999, 3999, 7999, 14 999 (capped), 14 999
    const expected = 's 498ms s 998ms s 1998ms s 3998ms s 7998ms s 14998ms s 14998ms s';
    expect(subscribes()).toEqual(timeline(expected, { s: 'SUBSCRIBE' }));
  });

  it('initialMs and maxMs set the bounds', async () => {
    const { clock, subscribes } = start([...retries(4), { events: 's', values }], {
      random: () => 1 - Number.EPSILON,
      backoff: { initialMs: 100, maxMs: 300 },
    });
    await clock.advanceTo(10_000);
    // waits: 99, 199, 299 (capped), 299
    expect(subscribes()).toEqual(timeline('s 98ms s 198ms s 298ms s 298ms s', { s: 'SUBSCRIBE' }));
  });

  /** A small seeded generator (mulberry32), so that each seed gives the same run. */
  const seeded = (seed: number): (() => number) => {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };

  it.each([1, 7, 42, 2024, 65_537])(
    'seed %i: every wait is within [0, min(cap, base · 2^n)] and is the one state$ announced',
    async (seed) => {
      const failures = 12;
      const { clock, subscribes, backoffs } = start(
        [...retries(failures), { events: 's', values }],
        { random: seeded(seed) },
      );
      const done = await clock.runUntil(() => subscribes().length === failures + 1, 200_000);
      expect(done).toBe(true);
      const frames = subscribes().map((s) => s.frame);
      const waits = frames.slice(1).map((f, n) => f - (frames[n] as number));
      expect(waits).toHaveLength(failures);
      waits.forEach((wait, n) => {
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThanOrEqual(Math.min(15_000, 500 * 2 ** n));
      });
      // the driver waited what it said it would, attempt by attempt
      expect(backoffs().map((b) => b.value)).toEqual(waits.map((w, n) => `${n + 1}:${w}`));
      expect(backoffs().map((b) => b.frame)).toEqual(frames.slice(0, -1));
    },
  );

  it('the jitter is random: different seeds wait differently', async () => {
    const firstWaits = new Set<number>();
    for (const seed of [1, 7, 42, 2024, 65_537]) {
      const { clock, subscribes } = start([...retries(1), { events: 's', values }], {
        random: seeded(seed),
      });
      await clock.runUntil(() => subscribes().length === 2, 10_000);
      const [first, second] = subscribes();
      firstWaits.add((second?.frame ?? NaN) - (first?.frame ?? NaN));
    }
    expect(firstWaits.size).toBeGreaterThan(1);
  });

  it('after a subscription that worked, the backoff starts over', async () => {
    const { clock, subscribes, backoffs } = start(
      [{ events: 's 9999ms |', values }, ...retries(2), { events: 's', values }],
      { random: () => 1 - Number.EPSILON },
    );
    await clock.advanceTo(30_000);
    // the master closes the stream at 10 s: waits 499 (attempt 1 again), 999, 1999
    expect(subscribes()).toEqual(timeline('s 10498ms s 998ms s 1998ms s', { s: 'SUBSCRIBE' }));
    expect(backoffs().map((b) => b.value)).toEqual(['1:499', '2:999', '3:1999']);
  });
});
