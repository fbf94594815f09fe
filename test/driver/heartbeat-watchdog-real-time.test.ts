import { Subject, type Subscription } from 'rxjs';
import { heartbeatWatchdog, type WatchdogTick } from '../../src/driver';

/**
 * The watchdog on real timers (the marble tests cover it in virtual time): silence is
 * measured from the last record, and on a monotonic clock, so that jumps of the wall clock
 * (NTP corrections, a suspended laptop's clock catching up) neither kill a live stream nor
 * keep a dead one alive.
 */
describe('heartbeatWatchdog() on real timers', () => {
  const intervalMs = 10;
  const silentMs = 5 * intervalMs;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let sub: Subscription | undefined;
  const realDateNow = Date.now;

  afterEach(() => {
    if (ticker !== undefined) clearInterval(ticker);
    sub?.unsubscribe();
    Date.now = realDateNow;
  });

  const watch = (
    ticks: Subject<WatchdogTick>,
  ): { readonly fired: Promise<number>; readonly count: () => number } => {
    let count = 0;
    const fired = new Promise<number>((resolve) => {
      sub = ticks.pipe(heartbeatWatchdog({ intervalMs })).subscribe(() => {
        count++;
        resolve(performance.now());
      });
    });
    return { fired, count: () => count };
  };

  it('stays quiet while records arrive, then fires a full period after the last one', async () => {
    const ticks = new Subject<WatchdogTick>();
    const { fired, count } = watch(ticks);
    ticker = setInterval(() => {
      ticks.next({});
    }, intervalMs / 2);
    await new Promise((r) => setTimeout(r, 4 * silentMs));
    expect(count()).toBe(0);
    clearInterval(ticker);
    ticks.next({});
    const lastTick = performance.now();
    const at = await fired;
    // timers may round to the millisecond; never a whole millisecond early
    expect(at - lastTick).toBeGreaterThan(silentMs - 1);
    expect(count()).toBe(1);
  });

  it('forward jumps of the wall clock do not make a live stream look dead', async () => {
    const ticks = new Subject<WatchdogTick>();
    const { count } = watch(ticks);
    // the wall clock leaps an hour after every record
    let offset = 0;
    Date.now = () => realDateNow() + offset;
    ticker = setInterval(() => {
      ticks.next({});
      offset += 3_600_000;
    }, intervalMs / 2);
    await new Promise((r) => setTimeout(r, 4 * silentMs));
    expect(count()).toBe(0);
  });

  it('a backward jump of the wall clock does not keep a dead stream alive', async () => {
    const ticks = new Subject<WatchdogTick>();
    const { fired } = watch(ticks);
    ticks.next({});
    const lastTick = performance.now();
    const jumped = realDateNow() - 3_600_000;
    Date.now = () => jumped;
    const at = await fired;
    expect(at - lastTick).toBeGreaterThan(silentMs - 1);
    expect(at - lastTick).toBeLessThan(60_000);
  });
});
