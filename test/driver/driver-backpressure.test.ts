/**
 * A slow consumer: while a handler works on an event the driver reads nothing more from the
 * stream (TCP holds the rest back at the master), so its memory stays bounded; the heartbeat
 * watchdog waits for the application instead of declaring the master dead; and once the
 * handler is done every event arrives, in order, and duplicates are not acknowledged again.
 */
import { from, ignoreElements, NEVER } from 'rxjs';
import {
  CONTENT_TYPES,
  fence,
  frameworkInfo,
  launchOnFirstOffer,
  liveDriver,
  next,
  nextValues,
  oneAgentMaster,
  record,
  spyAcknowledgements,
  testOptions,
} from './driver-harness';

/** Events the master writes while the handler is busy: megabytes, far beyond any buffer. */
const DUPLICATES = 10_000;

describe.each(CONTENT_TYPES)('driver: backpressure (%s)', (ct) => {
  const live = liveDriver('failover');

  it('a handler that takes long: reading pauses, the backlog stays bounded, the watchdog waits, nothing is lost', async () => {
    const m = await live.startMaster(
      oneAgentMaster({ heartbeatIntervalSeconds: 0.1 }), // the watchdog fires after 500 ms of silence
    );
    const acks = spyAcknowledgements(m.core);
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('slow')));
    launchOnFirstOffer(d, ['b1']);
    const running = next(d.statusUpdates$, (s) => s.state === 'TASK_RUNNING');
    d.start();
    const status = await running;
    await fence(d);

    // the next update blocks its handler until the test lets it go
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let blocked = false;
    d.handle(d.statusUpdates$, () => {
      if (blocked) return undefined;
      blocked = true;
      return from(gate).pipe(ignoreElements());
    });
    const disconnections = record(d.disconnected$);
    const all = nextValues(d.statusUpdates$, DUPLICATES, (s) => s.uuid === status.uuid);
    const firstSeen = next(d.statusUpdates$, (s) => s.uuid === status.uuid);
    expect(m.duplicateLastUpdate('b1')).toBe(true);
    await firstSeen; // the handler is busy from now on
    const before = d.metrics();
    // in batches, so that the master (in this process) never holds the event loop for long
    for (let i = 1; i < DUPLICATES; i++) {
      m.duplicateLastUpdate('b1');
      if (i % 500 === 0) await new Promise((r) => setImmediate(r));
    }
    // Proving that nothing more is read takes time: two watchdog periods.
    await new Promise((r) => setTimeout(r, 1000));
    const during = d.metrics();
    // at most about one chunk (64 KiB) read ahead, and nothing handled
    expect(during.bytesRead - before.bytesRead).toBeLessThan(256 * 1024);
    expect(during.eventsRead - during.eventsHandled).toBeLessThan(1000);
    expect(during.eventsHandled).toBe(before.eventsHandled);
    // the watchdog waited for the application
    expect(disconnections).toEqual([]);

    release();
    const seen = await all;
    expect(seen).toHaveLength(DUPLICATES);
    expect(disconnections).toEqual([]);
    expect(d.metrics().subscriptions).toBe(1);
    expect(d.metrics().eventsHandled).toBeGreaterThanOrEqual(before.eventsHandled + DUPLICATES);
    await fence(d);
    expect(acks().filter((a) => a.uuid === status.uuid)).toHaveLength(1);
  }, 20_000);
});

describe('driver: a handler that never completes', () => {
  const live = liveDriver();

  it('a handler that never completes: stop() still returns, and the work is not waited for', async () => {
    const m = await live.startMaster({ heartbeatIntervalSeconds: 0.1, agents: [] });
    const d = live.createDriver(testOptions(m.url, 'application/json', frameworkInfo('stuck')));
    d.handle(d.heartbeats$, () => NEVER);
    const disconnections = record(d.disconnected$);
    d.start();
    await next(d.heartbeats$);
    // two watchdog periods pass: the application is busy, the master is not declared dead
    await new Promise((r) => setTimeout(r, 1000));
    expect(disconnections).toEqual([]);
    expect(d.metrics().eventsRead - d.metrics().eventsHandled).toBeGreaterThan(0);
    expect(await d.stop({ failover: true })).toBe('DRIVER_STOPPED');
  });
});
