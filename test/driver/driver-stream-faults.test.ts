/**
 * The driver against a simulated master whose subscription stream breaks, falls silent, or
 * whose calls are answered 503: it re-subscribes with the same framework id, with backoff,
 * and says why on `disconnected$` and `state$`.
 */
import type { DriverState } from '../../src/driver';
import { SimulatedMaster } from '../../src/testing';
import {
  CONTENT_TYPES,
  fence,
  frameworkInfo,
  liveDriver,
  next,
  record,
  spySubscribes,
  stateLine,
  testOptions,
} from './driver-harness';

describe.each(CONTENT_TYPES)('driver: stream faults (%s)', (ct) => {
  const live = liveDriver('failover');

  function startMaster(heartbeatIntervalSeconds = 0.2): Promise<SimulatedMaster> {
    return live.startMaster({ heartbeatIntervalSeconds, agents: [] });
  }

  it('a cut in the middle of a record: disconnected$ with the reason, SUBSCRIBE again with the same id twice, reregistered$', async () => {
    const m = await startMaster();
    const subscribes = spySubscribes(m.core);
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('cut')));
    const states = record(d.state$);
    d.start();
    const reg = await next(d.registered$);
    const id = reg.frameworkId.value;
    const disconnected = next(d.disconnected$);
    const reregistered = next(d.reregistered$);

    expect(m.cutStream(id, { midRecord: true })).toBe(true);
    const reason = await disconnected;
    expect(reason).toMatch(/^event stream (failed|ended inside a record)/);
    const info = await reregistered;
    expect(info?.id).toBe(m.masterId);
    expect(d.frameworkId).toEqual(reg.frameworkId);
    expect(m.core.framework(id)?.connected).toBe(true);

    // first SUBSCRIBE without any id, the second with the id at the top level and in framework_info
    const calls = subscribes();
    expect(calls.map((c) => [c.framework_id?.value, c.subscribe.framework_info.id?.value])).toEqual(
      [
        [undefined, undefined],
        [id, id],
      ],
    );
    // the moves of the state machine, with the reason of the disconnection on each
    const subscribedAt = states.findIndex((s) => s.type === 'subscribed');
    expect(states.slice(subscribedAt).map(stateLine)).toEqual([
      'subscribed',
      `disconnected: ${reason}`,
      `backingOff: ${reason}`,
      'detecting',
      'connecting',
      'subscribing',
      'subscribed',
    ]);
    const last = states.at(-1) as Extract<DriverState, { type: 'subscribed' }>;
    const first = states[subscribedAt] as Extract<DriverState, { type: 'subscribed' }>;
    expect(last.frameworkId).toEqual(reg.frameworkId);
    expect(last.streamId).not.toBe(first.streamId);
    // and the new stream carries calls
    await fence(d);
  });

  it('heartbeats stop: the watchdog fires after 5 × the interval SUBSCRIBED announced, and the driver re-subscribes', async () => {
    // SUBSCRIBED announces 0.1 s: the watchdog fires after 500 ms (the default of 15 s would take 75 s)
    const m = await startMaster(0.1);
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('silent')));
    d.start();
    const reg = await next(d.registered$);
    const lastEventAt: number[] = [];
    d.events$.subscribe(() => lastEventAt.push(Date.now()));
    await next(d.heartbeats$);
    const disconnected = next(d.disconnected$);
    const reregistered = next(d.reregistered$);

    expect(m.stopHeartbeats(reg.frameworkId.value)).toBe(true);
    const reason = await disconnected;
    const silence = Date.now() - (lastEventAt.at(-1) ?? 0);
    expect(reason).toBe('no event for 500 ms (heartbeat timeout)');
    expect(silence).toBeGreaterThanOrEqual(480);
    await reregistered;
    // the new stream has heartbeats again
    await next(d.heartbeats$);
    expect(d.frameworkId).toEqual(reg.frameworkId);
  });

  it.each([
    [503, 'master unavailable (503: Service Unavailable)'],
    [429, 'rate limited by the master (429)'],
  ] as const)(
    'a %i storm on SUBSCRIBE: ten retries with growing backoff, then subscribed',
    async (status, text) => {
      const m = await startMaster();
      m.failNextCalls(10, status);
      const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('storm')));
      const states = record(d.state$);
      const startedAt = Date.now();
      d.start();
      await next(d.registered$);
      const elapsed = Date.now() - startedAt;

      const backoffs = states.filter(
        (s): s is Extract<DriverState, { type: 'backingOff' }> => s.type === 'backingOff',
      );
      // full jitter with random() = 0.5: half of min(40, 8·2^k)
      expect(backoffs.map((s) => [s.attempt, s.delayMs])).toEqual([
        [1, 4],
        [2, 8],
        [3, 16],
        [4, 20],
        [5, 20],
        [6, 20],
        [7, 20],
        [8, 20],
        [9, 20],
        [10, 20],
      ]);
      expect(new Set(backoffs.map((s) => s.reason))).toEqual(new Set([text]));
      expect(elapsed).toBeGreaterThanOrEqual(4 + 8 + 16 + 7 * 20);
      expect(states.at(-1)?.type).toBe('subscribed');
    },
  );

  it('a 503 storm on calls: the command is retried with backoff until the master takes it', async () => {
    const m = await startMaster();
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('calls-storm')));
    d.start();
    await next(d.registered$);
    await fence(d); // the reconciliation after SUBSCRIBED is answered: nothing else is in flight
    m.failNextCalls(10, 503);
    const startedAt = Date.now();
    await fence(d); // accepted on the 11th try
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(4 + 8 + 16 + 20 * 6);
  });
});
