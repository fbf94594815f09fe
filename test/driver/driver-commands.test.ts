/**
 * Commands across disconnections, and the two ways to stop: every command gets an outcome
 * (accepted after the re-subscription, QUEUE_TIMEOUT, QUEUE_FULL), none is lost or sent
 * twice; `stop()` tears the framework down, `stop({ failover: true })` leaves it to its
 * failover timeout, as `GET /state` shows.
 */
import { launchTasks, requestResources, reviveOffers, suppressOffers } from '../../src/calls';
import type { SchedulerDriver } from '../../src/driver';
import { SimulatedMaster } from '../../src/testing';
import type { Offer } from '../../src/wire';
import {
  CONTENT_TYPES,
  eventually,
  fence,
  frameworkInfo,
  getState,
  liveDriver,
  next,
  smallTask,
  spyCallTypes,
  testOptions,
} from './driver-harness';

describe.each(CONTENT_TYPES)('driver: commands across disconnections (%s)', (ct) => {
  const live = liveDriver();

  function startMaster(): Promise<SimulatedMaster> {
    return live.startMaster({ heartbeatIntervalSeconds: 0.2, agents: [] });
  }

  /** A subscribed driver, then a master without a leader: SUBSCRIBE gets 503 until it leads. */
  async function disconnectedDriver(
    m: SimulatedMaster,
    extra: Parameters<typeof testOptions>[3] = {},
  ): Promise<SchedulerDriver> {
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('queue'), extra));
    d.start();
    await next(d.registered$);
    await fence(d);
    const disconnected = next(d.disconnected$);
    m.stepDown(undefined);
    await disconnected;
    await next(d.state$, (s) => s.type === 'backingOff' && /503/.test(s.reason));
    return d;
  }

  it('commands sent while disconnected wait, then go out in order after the re-subscription', async () => {
    const m = await startMaster();
    const calls = spyCallTypes(m.core);
    const d = await disconnectedDriver(m);
    const before = calls().length;
    const outcomes = Promise.all([
      d.send(suppressOffers()),
      d.send(reviveOffers()),
      d.send(requestResources([])),
    ]);
    expect(d.metrics().commandsQueued).toBe(3);
    const reregistered = next(d.reregistered$);
    m.becomeLeader();
    await reregistered;
    expect((await outcomes).map((o) => o._tag)).toEqual(['Right', 'Right', 'Right']);
    // the implicit reconciliation after SUBSCRIBED first, then the commands, each once
    expect(calls().slice(before)).toEqual(['RECONCILE', 'SUPPRESS', 'REVIVE', 'REQUEST']);
    expect(d.metrics().commandsQueued).toBe(0);
  });

  it('a command that waits longer than commandTimeoutMs fails with QUEUE_TIMEOUT and is never sent', async () => {
    const m = await startMaster();
    const calls = spyCallTypes(m.core);
    const d = await disconnectedDriver(m, { commandTimeoutMs: 150 });
    const sentAt = Date.now();
    const outcome = await d.send(suppressOffers());
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(140);
    expect(outcome._tag === 'Left' && [outcome.left.code, outcome.left.retryable]).toEqual([
      'QUEUE_TIMEOUT',
      true,
    ]);
    const reregistered = next(d.reregistered$);
    m.becomeLeader();
    await reregistered;
    await fence(d);
    expect(calls()).not.toContain('SUPPRESS');
  });

  it('beyond maxQueuedCommands a command fails at once with QUEUE_FULL; a launch then yields TASK_DROPPED', async () => {
    const m = await startMaster();
    const d = await disconnectedDriver(m, { maxQueuedCommands: 2 });
    const first = d.send(suppressOffers());
    const second = d.send(reviveOffers());
    const full = await d.send(requestResources([]));
    expect(full._tag === 'Left' && full.left.code).toBe('QUEUE_FULL');
    const offer: Offer = {
      id: { value: 'gone-offer' },
      framework_id: d.frameworkId ?? { value: '' },
      agent_id: { value: 'agent' },
      hostname: 'h',
    };
    const dropped = next(d.statusUpdates$);
    const launch = await d.send(launchTasks(offer.id, [smallTask(offer, 'q1')]));
    expect(launch._tag === 'Left' && launch.left.code).toBe('QUEUE_FULL');
    const status = await dropped;
    // the framework is not PARTITION_AWARE: TASK_LOST, as the classic driver reports
    expect([status.task_id.value, status.state, status.uuid]).toEqual([
      'q1',
      'TASK_LOST',
      undefined,
    ]);
    m.becomeLeader();
    expect((await first)._tag).toBe('Right');
    expect((await second)._tag).toBe('Right');
  });

  it('a command sent on a subscription the master just dropped is refused (403), then sent again on the new one', async () => {
    const m = await startMaster();
    const calls = spyCallTypes(m.core);
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('stale')));
    d.start();
    const reg = await next(d.registered$);
    await fence(d);
    const before = calls().length;
    const reregistered = next(d.reregistered$);
    // the master sees the stream cut before the driver does: the call goes out on the old stream id
    expect(m.cutStream(reg.frameworkId.value)).toBe(true);
    const outcome = await d.send(suppressOffers());
    expect(outcome._tag).toBe('Right');
    await reregistered;
    expect(
      calls()
        .slice(before)
        .filter((t) => t === 'SUPPRESS'),
    ).toHaveLength(1);
  });

  it('commands in the queue when the driver aborts fail with NOT_RUNNING', async () => {
    const m = await startMaster();
    const d = await disconnectedDriver(m);
    const waiting = d.send(suppressOffers());
    d.abort();
    const outcome = await waiting;
    expect(outcome._tag === 'Left' && outcome.left.code).toBe('NOT_RUNNING');
    expect(d.metrics().commandsQueued).toBe(0);
  });
});

describe.each(CONTENT_TYPES)('driver: stop() and stop({ failover: true }) in /state (%s)', (ct) => {
  const live = liveDriver();

  async function subscribed(): Promise<{ readonly m: SimulatedMaster; readonly id: string }> {
    const m = await live.startMaster({ heartbeatIntervalSeconds: 0.2, agents: [] });
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('stops')));
    d.start();
    const reg = await next(d.registered$);
    return { m, id: reg.frameworkId.value };
  }

  it('stop(): TEARDOWN, the framework is in completed_frameworks', async () => {
    const { m, id } = await subscribed();
    expect(await live.driver?.stop()).toBe('DRIVER_STOPPED');
    const state = await getState(m.url);
    expect(state.frameworks.map((f) => f.id)).not.toContain(id);
    expect(state.completed_frameworks.map((f) => f.id)).toContain(id);
  });

  it('stop({ failover: true }): no TEARDOWN, the framework stays in frameworks, inactive and disconnected', async () => {
    const { m, id } = await subscribed();
    expect(await live.driver?.stop({ failover: true })).toBe('DRIVER_STOPPED');
    // the master notices the closed connection a moment later
    await eventually(async () => {
      const fw = (await getState(m.url)).frameworks.find((f) => f.id === id);
      return fw !== undefined && !fw.connected;
    });
    const state = await getState(m.url);
    const fw = state.frameworks.find((f) => f.id === id);
    expect([fw?.active, fw?.connected]).toEqual([false, false]);
    expect(state.completed_frameworks.map((f) => f.id)).not.toContain(id);

    // another instance takes over with the same id
    const again = live.createDriver(
      testOptions(m.url, ct, frameworkInfo('stops', { id: { value: id } })),
    );
    again.start();
    expect((await next(again.registered$)).frameworkId.value).toBe(id);
  });

  it('stop() while disconnected: the TEARDOWN waits for the re-subscription, then the framework is completed', async () => {
    const { m, id } = await subscribed();
    const d = live.driver as SchedulerDriver;
    const disconnected = next(d.disconnected$);
    m.stepDown(undefined);
    await disconnected;
    const stopped = d.stop();
    m.becomeLeader();
    expect(await stopped).toBe('DRIVER_STOPPED');
    const state = await getState(m.url);
    expect(state.completed_frameworks.map((f) => f.id)).toContain(id);
    expect(state.frameworks.map((f) => f.id)).not.toContain(id);
  });
});
