/**
 * Several simulated masters with one leader that moves: redirects, master failover, recovered
 * frameworks, tasks that keep running, and the group's admin endpoint.
 */
import { request } from 'undici';
import { SimulatedMasterGroup } from '../../src/testing';
import type { Event } from '../../src/wire';
import { post, subscribe, subscribeCall } from '../helpers/raw-client';
import { framework, scalar, total, type TestFramework } from './sim-cluster-helpers';
import { alive, eventually } from './sim-tasks-harness';

const SUBSCRIBE = subscribeCall('group-test');

describe('SimulatedMasterGroup', () => {
  let group: SimulatedMasterGroup | undefined;
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await group?.stop();
    group = undefined;
  });

  async function start(
    options: Parameters<typeof SimulatedMasterGroup.start>[0] = {},
  ): Promise<SimulatedMasterGroup> {
    group = await SimulatedMasterGroup.start({
      agents: [{ cpus: 2, mem: 1024 }],
      allocationIntervalMs: 50,
      ...options,
    });
    return group;
  }

  async function fw(url: string, frameworkId?: string): Promise<TestFramework> {
    const f = await framework(url, { failover_timeout: 60 }, { frameworkId });
    open.push(f);
    return f;
  }

  function subscribedOf(f: TestFramework): Extract<Event, { type: 'SUBSCRIBED' }>['subscribed'] {
    const first = f.s.events[0];
    if (first?.type !== 'SUBSCRIBED') throw new Error('no SUBSCRIBED');
    return first.subscribed;
  }

  it('standbys answer 307 to the leader, /redirect names it, the leader serves', async () => {
    const g = await start({ masters: 3 });
    expect(g.masters).toHaveLength(3);
    expect(g.urls).toEqual(g.masters.map((m) => m.url));
    expect(new Set(g.urls).size).toBe(3);
    expect([g.leaderIndex, g.leader]).toEqual([0, g.masters[0]]);
    expect(g.masters.map((m) => m.isLeader)).toEqual([true, false, false]);
    const leaderPort = g.masters[0]!.port;
    const redirected = await post(g.masters[1]!.url, SUBSCRIBE);
    expect([redirected.status, redirected.headers['location']]).toEqual([
      307,
      `//127.0.0.1:${leaderPort}/api/v1/scheduler`,
    ]);
    const where = await post(g.masters[2]!.url, '', {
      method: 'GET',
      path: '/redirect',
      contentType: '',
    });
    expect([where.status, where.headers['location']]).toEqual([307, `//127.0.0.1:${leaderPort}`]);
    const state = await post(g.masters[2]!.url, '', {
      method: 'GET',
      path: '/state',
      contentType: '',
    });
    expect(state.status).toBe(307);
    const f = await fw(g.leader.url);
    const info = subscribedOf(f).master_info;
    expect([info?.id, info?.port]).toEqual([g.masterId, leaderPort]);
  });

  it('explicit ports and a first leader other than 0', async () => {
    const probe = await start({ masters: 2 });
    const ports = probe.masters.map((m) => m.port);
    await probe.stop();
    group = undefined;
    const g = await start({ masters: 2, ports: [ports[1]!, ports[0]!], initialLeader: 1 });
    expect(g.masters.map((m) => m.port)).toEqual([ports[1], ports[0]]);
    expect(g.leaderIndex).toBe(1);
    const redirected = await post(g.masters[0]!.url, SUBSCRIBE);
    expect(redirected.headers['location']).toBe(`//127.0.0.1:${ports[0]}/api/v1/scheduler`);
    await expect(SimulatedMasterGroup.start({ masters: 0 })).rejects.toThrow(RangeError);
    await expect(SimulatedMasterGroup.start({ masters: 2, initialLeader: 2 })).rejects.toThrow(
      RangeError,
    );
    await expect(SimulatedMasterGroup.start({ masters: 2, ports: [0] })).rejects.toThrow(
      RangeError,
    );
  });

  it('moveLeader: streams break, the new leader accepts the old id (recovered), the task keeps running', async () => {
    const g = await start({ masters: 3, exec: true, statusUpdateRetryMs: 60_000 });
    const f = await fw(g.leader.url);
    const oldMasterId = g.masterId;
    const [offer] = await f.offers();
    const accepted = await f.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer!.id],
        operations: [
          {
            type: 'LAUNCH',
            launch: {
              task_infos: [
                {
                  name: 'sleeper',
                  task_id: { value: 'sleeper' },
                  agent_id: offer!.agent_id,
                  resources: [scalar('cpus', 0.5), scalar('mem', 64)],
                  command: { value: 'sleep 30' },
                },
              ],
            },
          },
        ],
      },
    });
    expect(accepted.status).toBe(202);
    let pid = -1;
    for (;;) {
      const status = await f.update();
      if (status.uuid !== undefined && status.agent_id !== undefined) {
        await f.call({
          type: 'ACKNOWLEDGE',
          acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
        });
      }
      if (status.state === 'TASK_RUNNING') {
        pid = status.container_status?.executor_pid ?? -1;
        break;
      }
    }
    expect(alive(pid)).toBe(true);

    g.moveLeader(1);
    expect(g.leaderIndex).toBe(1);
    expect(g.masters.map((m) => m.isLeader)).toEqual([false, true, false]);
    expect(await f.s.ended).toMatch(/^(error|framing)/);
    const newPort = g.masters[1]!.port;
    for (const standby of [g.masters[0]!, g.masters[2]!]) {
      const r = await post(standby.url, SUBSCRIBE);
      expect(r.headers['location']).toBe(`//127.0.0.1:${newPort}/api/v1/scheduler`);
    }
    const stale = await f.call({ type: 'REVIVE' }); // at the old leader, now a standby
    expect(stale.status).toBe(307);

    const back = await fw(g.leader.url, f.id);
    expect(back.id).toBe(f.id);
    const info = subscribedOf(back).master_info;
    expect(info?.id).not.toBe(oldMasterId);
    expect([info?.id, info?.port]).toEqual([g.masterId, newPort]);
    expect(alive(pid)).toBe(true);
    // the task is known: its resources stay in use, and reconciliation answers RUNNING
    const offers = await back.offers();
    expect(total(offers[0]?.resources, 'cpus')).toBe(1.5);
    expect((await back.call({ type: 'RECONCILE', reconcile: {} })).status).toBe(202);
    const reconciled = await back.s.next(
      (e) => e.type === 'UPDATE' && e.update.status.reason === 'REASON_RECONCILIATION',
    );
    expect(reconciled).toMatchObject({
      update: { status: { task_id: { value: 'sleeper' }, state: 'TASK_RUNNING' } },
    });

    await g.stop();
    group = undefined;
    await eventually(() => !alive(pid));
  });

  it('moving to the leader itself is a restart; a bad index is a RangeError', async () => {
    const g = await start({ masters: 2 });
    const f = await fw(g.leader.url);
    const before = g.masterId;
    g.moveLeader(0);
    expect(g.leaderIndex).toBe(0);
    expect(g.masterId).not.toBe(before);
    expect(await f.s.ended).toMatch(/^(error|framing)/);
    expect(() => {
      g.moveLeader(2);
    }).toThrow(RangeError);
    expect(() => {
      g.moveLeader(-1);
    }).toThrow(RangeError);
    expect(() => {
      g.masters[1]!.stepDown(undefined);
    }).toThrow(/moveLeader/);
    expect(() => {
      g.masters[0]!.becomeLeader();
    }).toThrow(/moveLeader/);
    expect(() => g.masters[1]!.restart()).toThrow(/standby/);
    expect(g.masters[0]!.restart()).toBe(g.masterId);
  });

  it('failNextCalls applies to the leader: a newly elected master answering 503 for a while', async () => {
    const g = await start({ masters: 2 });
    g.moveLeader(1);
    g.failNextCalls(2);
    const first = await post(g.leader.url, SUBSCRIBE);
    const second = await post(g.leader.url, SUBSCRIBE);
    expect([first.status, second.status]).toEqual([503, 503]);
    const s = await subscribe(g.leader.url, SUBSCRIBE);
    open.push(s);
    expect((await s.next()).type).toBe('SUBSCRIBED');
  });

  it('the admin endpoint of every master drives the group, with move-leader instead of step-down', async () => {
    const g = await start({ masters: 3 });
    const f = await fw(g.leader.url);
    const list = await request(`${g.masters[2]!.url}/__rxmesos/faults`);
    const names = ((await list.body.json()) as { faults: { name: string }[] }).faults.map(
      (x) => x.name,
    );
    expect(names).toContain('move-leader');
    expect(names).toContain('cut-stream');
    expect(names).not.toContain('step-down');
    expect(names).not.toContain('become-leader');
    const move = await request(`${g.masters[2]!.url}/__rxmesos/faults/move-leader`, {
      method: 'POST',
      body: '{"to":2}',
    });
    expect([move.statusCode, await move.body.json()]).toEqual([
      200,
      { fault: 'move-leader', to: 2 },
    ]);
    expect(g.leaderIndex).toBe(2);
    expect(await f.s.ended).toMatch(/^(error|framing)/);
    const bad = await request(`${g.masters[0]!.url}/__rxmesos/faults/move-leader`, {
      method: 'POST',
      body: '{"to":3}',
    });
    expect([bad.statusCode, await bad.body.json()]).toEqual([
      400,
      { fault: 'move-leader', error: 'no master at index 3: the group has 3 (0-based)' },
    ]);
    // stream faults act on the leader's frameworks, whichever master is asked
    const back = await fw(g.leader.url, f.id);
    const cut = await request(`${g.masters[0]!.url}/__rxmesos/faults/cut-stream`, {
      method: 'POST',
      body: JSON.stringify({ frameworkId: back.id }),
    });
    expect(cut.statusCode).toBe(200);
    await cut.body.dump();
    expect(await back.s.ended).toMatch(/^(error|framing)/);
  });
});
