/**
 * The driver when the leading master changes: a standby's 307 names the new leader, which the
 * driver follows and keeps for its calls; a master restarting in place (a failover) forgets
 * the framework, which re-subscribes with its id and learns its running tasks from the
 * implicit reconciliation.
 */
import type { MasterDetector } from '../../src/detector';
import type { DriverState } from '../../src/driver';
import { SimulatedMasterGroup } from '../../src/testing';
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
  spySubscribes,
  stateLine,
  testOptions,
} from './driver-harness';

type Subscribed = Extract<DriverState, { readonly type: 'subscribed' }>;

function subscribedStates(states: readonly DriverState[]): readonly Subscribed[] {
  return states.filter((s): s is Subscribed => s.type === 'subscribed');
}

describe.each(CONTENT_TYPES)('driver: the leader moves (%s)', (ct) => {
  const live = liveDriver('failover');
  let group: SimulatedMasterGroup | undefined;
  // runs after the driver's (hooks run in the order they are declared)
  afterEach(async () => {
    await group?.stop();
    group = undefined;
  });

  it('follows a 307 to the new leader, keeps it for its calls, and re-subscribes there with the same id', async () => {
    const g = await SimulatedMasterGroup.start({
      masters: 3,
      heartbeatIntervalSeconds: 0.2,
      agents: [],
    });
    group = g;
    const subscribes = spySubscribes(g.core);
    const d = live.createDriver(testOptions(g.urls, ct, frameworkInfo('follower')));
    const states = record(d.state$);
    d.start();
    const reg = await next(d.registered$);
    const id = reg.frameworkId.value;
    expect(reg.masterInfo?.port).toBe(g.masters[0]?.port);
    const reregistered = next(d.reregistered$);
    const disconnected = next(d.disconnected$);

    // master 0 steps down for master 2: the driver tries master 1 next, a standby answering 307
    g.moveLeader(2);
    const reason = await disconnected;
    expect(reason).toMatch(/^event stream failed: /); // a failing master drops its connections
    const info = await reregistered;
    const leader = g.masters[2];
    expect([info?.id, info?.port]).toEqual([g.masterId, leader?.port]);
    expect(d.frameworkId).toEqual(reg.frameworkId);

    const after = states.slice(states.findIndex((s) => s.type === 'subscribed') + 1);
    expect(after.map(stateLine)).toEqual([
      `disconnected: ${reason}`,
      `backingOff: ${reason}`,
      'detecting',
      'connecting',
      'subscribing',
      `disconnected: not the leading master; the leader is ${leader?.url}`,
      `backingOff: not the leading master; the leader is ${leader?.url}`,
      'detecting',
      'connecting',
      'subscribing',
      'subscribed',
    ]);
    // the leader the standby named is tried at once
    expect(after.flatMap((s) => (s.type === 'backingOff' ? [s.delayMs] : []))).toEqual([4, 0]);
    const tried = after.flatMap((s) => (s.type === 'subscribing' ? [s.master] : []));
    expect(tried).toEqual([g.urls[1], leader?.url]);
    expect(subscribedStates(states).map((s) => s.master)).toEqual([g.urls[0], leader?.url]);
    expect(subscribes().map((c) => c.framework_id?.value)).toEqual([undefined, id]);
    expect(subscribes()[1]?.subscribe.framework_info.id?.value).toBe(id);

    // calls go to the new leader: a standby would answer 307
    await fence(d);
    expect(g.core.framework(id)?.connected).toBe(true);

    // and when the new leader's stream breaks, the driver comes back to it
    const again = next(d.reregistered$);
    expect(g.cutStream(id)).toBe(true);
    expect((await again)?.port).toBe(leader?.port);
    expect(subscribedStates(states).at(-1)?.master).toBe(leader?.url);
    await fence(d);
  });

  it('a static list whose first master is a standby: 307, then subscribed at the leader', async () => {
    const g = await SimulatedMasterGroup.start({
      masters: 3,
      initialLeader: 1,
      heartbeatIntervalSeconds: 0.2,
      agents: [],
    });
    group = g;
    const d = live.createDriver(testOptions(g.urls, ct, frameworkInfo('standby-first')));
    const states = record(d.state$);
    d.start();
    const reg = await next(d.registered$);
    expect(reg.masterInfo?.port).toBe(g.masters[1]?.port);
    expect(states.flatMap((s) => (s.type === 'subscribing' ? [s.master] : []))).toEqual([
      g.urls[0],
      g.urls[1],
    ]);
    // the leader a standby named is tried at once, without backoff
    expect(states.flatMap((s) => (s.type === 'backingOff' ? [[s.delayMs, s.reason]] : []))).toEqual(
      [[0, `not the leading master; the leader is ${g.urls[1]}`]],
    );
    await fence(d);
  });

  it('a master restart: re-subscribes with the same id, reregistered$, and the implicit reconciliation answers for the running tasks (never acknowledged)', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const subscribes = spySubscribes(m.core);
    const acks = spyAcknowledgements(m.core);
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('restart')));
    launchOnFirstOffer(d, ['r1', 'r2']);
    const running = nextValues(d.statusUpdates$, 2, (s) => s.state === 'TASK_RUNNING');
    d.start();
    const reg = await next(d.registered$);
    const id = reg.frameworkId.value;
    expect((await running).map((s) => s.task_id.value).sort()).toEqual(['r1', 'r2']);
    await fence(d); // the acknowledgements of STARTING and RUNNING were handled
    const acked = acks().length;
    expect(acked).toBe(4);

    const answers = nextValues(d.statusUpdates$, 2, (s) => s.reason === 'REASON_RECONCILIATION');
    const reregistered = next(d.reregistered$);
    const newMasterId = m.restart();
    const info = await reregistered;
    expect(info?.id).toBe(newMasterId);
    expect(d.frameworkId).toEqual(reg.frameworkId);
    expect(
      subscribes().map((c) => [c.framework_id?.value, c.subscribe.framework_info.id?.value]),
    ).toEqual([
      [undefined, undefined],
      [id, id],
    ]);
    const statuses = await answers;
    expect(
      statuses
        .map((s) => [s.task_id.value, s.state, s.source, s.uuid])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['r1', 'TASK_RUNNING', 'SOURCE_MASTER', undefined],
      ['r2', 'TASK_RUNNING', 'SOURCE_MASTER', undefined],
    ]);
    await fence(d);
    expect(acks()).toHaveLength(acked);
  });

  it('a detector that fails: the reason on state$, backoff, then it is asked again', async () => {
    const m = await live.startMaster({ heartbeatIntervalSeconds: 0.2, agents: [] });
    let asked = 0;
    const detector: MasterDetector = {
      next: () => {
        asked++;
        return asked === 1
          ? Promise.reject(new Error('no ZooKeeper quorum'))
          : Promise.resolve(m.url);
      },
      close: () => undefined,
    };
    const d = live.createDriver(testOptions(detector, ct, frameworkInfo('detector')));
    const states = record(d.state$);
    d.start();
    await next(d.registered$);
    expect(states.map(stateLine)).toEqual([
      'disconnected: not started',
      'detecting',
      'disconnected: cannot connect: no ZooKeeper quorum',
      'backingOff: cannot connect: no ZooKeeper quorum',
      'detecting',
      'connecting',
      'subscribing',
      'subscribed',
    ]);
    expect(asked).toBe(2);
  });
});
