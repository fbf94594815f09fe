import { heartbeatWatchdog, type WatchdogTick } from '../../src/driver/heartbeat-watchdog';
import { testScheduler } from '../helpers';

/**
 * The heartbeat watchdog in virtual time. One frame is 1 ms; the heartbeat interval is 2 ms
 * and the factor 5, so the stream is dead after 10 silent frames (spec §3: 5 × the
 * interval SUBSCRIBED announced).
 */
describe('heartbeatWatchdog() with marbles', () => {
  const ticks: Readonly<Record<string, WatchdogTick>> = {
    a: {}, //                 any record
    s: { intervalMs: 1 }, //  SUBSCRIBED announcing a 1 ms interval (dead after 5 frames)
    l: { intervalMs: 4 }, //  SUBSCRIBED announcing a 4 ms interval (dead after 20 frames)
  };
  const fired = (silentMs: number): { readonly t: { readonly silentMs: number } } => ({
    t: { silentMs },
  });
  const busy = { t: true, f: false } as const;

  it('never-ending silence: fires once after factor × interval, then completes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('-', ticks);
      const watched = ticks$.pipe(heartbeatWatchdog({ intervalMs: 2, factor: 5 }));
      expectObservable(watched).toBe('----------(t|)', fired(10));
    });
  });

  it('one record restarts the period', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('---a', ticks);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2 }))).toBe(
        '-------------(t|)',
        fired(10),
      );
    });
  });

  it('many records, each within the period, keep the stream alive', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('-a--------a--------a', ticks);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2 }))).toBe(
        '-----------------------------(t|)',
        fired(10),
      );
    });
  });

  it('the interval SUBSCRIBED announces replaces the assumed one, shorter or longer', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const short$ = cold<WatchdogTick>('--s', ticks);
      expectObservable(short$.pipe(heartbeatWatchdog({ intervalMs: 2 }))).toBe(
        '-------(t|)',
        fired(5),
      );
      const long$ = cold<WatchdogTick>('--l--a', ticks);
      expectObservable(long$.pipe(heartbeatWatchdog({ intervalMs: 2 }))).toBe(
        '-------------------------(t|)',
        fired(20),
      );
    });
  });

  it('another factor', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('-', ticks);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2, factor: 2 }))).toBe(
        '----(t|)',
        fired(4),
      );
    });
  });

  it('empty: ticks that complete at once end the watch without firing', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('|', ticks);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2 }))).toBe('|');
    });
  });

  it('ticks that complete (the stream ended) stop the timer', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('-a-a-|', ticks);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2 }))).toBe('-----|');
    });
  });

  it('an error of the ticks is passed on and stops the timer', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('--a-#', ticks, new Error('socket reset'));
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2 }))).toBe(
        '----#',
        undefined,
        new Error('socket reset'),
      );
    });
  });

  it('early unsubscribe: no emission, and the ticks are unsubscribed too', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const ticks$ = cold<WatchdogTick>('-a-a-a-a-a-a-a', ticks);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2 })), '^---!').toBe('-----');
      expectSubscriptions(ticks$.subscriptions).toBe('^---!');
    });
  });

  it('is suspended while the application is busy, and starts a full period when it is idle again', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('-', ticks);
      // busy from frame 2 to frame 30: without busy it would fire at 10
      const busy$ = hot<boolean>('f-t---------------------------f', busy);
      const expected = '----------------------------------------(t|)';
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2, busy$ }))).toBe(
        expected,
        fired(10),
      );
    });
  });

  it('busy from the start: nothing fires until idle', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('-', ticks);
      const busy$ = hot<boolean>('t--------------f', busy);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2, busy$ }))).toBe(
        '-------------------------(t|)',
        fired(10),
      );
    });
  });

  it('records that arrive while busy do not start the timer; repeated idle values do not restart it', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('---a-a', ticks);
      const busy$ = hot<boolean>('t-------f--f--f', busy);
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2, busy$ }))).toBe(
        '------------------(t|)',
        fired(10),
      );
    });
  });

  it('a failing busy signal (the handler side threw) errors the watchdog', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const ticks$ = cold<WatchdogTick>('-a', ticks);
      const busy$ = hot<boolean>('f--#', busy, new Error('handler bookkeeping failed'));
      expectObservable(ticks$.pipe(heartbeatWatchdog({ intervalMs: 2, busy$ }))).toBe(
        '---#',
        undefined,
        new Error('handler bookkeeping failed'),
      );
    });
  });
});
