/**
 * Fault injection over HTTP: the admin endpoint `/__rxmesos/faults` of a simulated master.
 */
import { request } from 'undici';
import { SimulatedMaster } from '../../src/testing';
import { post } from '../helpers/raw-client';
import { framework, sleep, type TestFramework } from './sim-cluster-helpers';
import { commandTask, launch, nextUpdate, subscribeFramework } from './sim-tasks-harness';

interface AdminAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly json: Record<string, unknown>;
}

async function admin(
  url: string,
  path: string,
  body?: unknown,
  method: 'GET' | 'POST' | 'PUT' = body === undefined ? 'GET' : 'POST',
): Promise<AdminAnswer> {
  const res = await request(`${url}/__rxmesos/${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  expect(res.headers['content-type']).toBe('application/json');
  return {
    status: res.statusCode,
    headers: res.headers,
    json: (await res.body.json()) as Record<string, unknown>,
  };
}

const fault = (url: string, name: string, body: unknown = {}): Promise<AdminAnswer> =>
  admin(url, `faults/${name}`, body);

describe('the admin endpoint of a simulated master', () => {
  let master: SimulatedMaster;
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await master.stop();
  });
  beforeEach(async () => {
    master = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 0.1,
      agents: [{ cpus: 2, mem: 1024 }],
      allocationIntervalMs: 50,
      taskScript: () => ({ runSeconds: 60, state: 'TASK_FINISHED' }),
    });
  });

  async function fw(): Promise<TestFramework> {
    const f = await framework(master.url, { failover_timeout: 60 });
    open.push(f);
    return f;
  }

  it('GET /__rxmesos/faults lists every fault of a single master with its body', async () => {
    const a = await admin(master.url, 'faults');
    expect(a.status).toBe(200);
    const faults = a.json['faults'] as readonly {
      name: string;
      method: string;
      path: string;
      body: Record<string, string>;
    }[];
    expect(faults.map((f) => f.name)).toEqual([
      'cut-stream',
      'stop-heartbeats',
      'start-heartbeats',
      'hold-events',
      'release-events',
      'fail-calls',
      'add-agent',
      'remove-agent',
      'mark-agent-gone',
      'partition-agent',
      'heal-agent',
      'rescind-offer',
      'duplicate-update',
      'schedule-maintenance',
      'cancel-maintenance',
      'restart',
      'step-down',
      'become-leader',
    ]);
    const cut = faults[0]!;
    expect(cut).toMatchObject({ method: 'POST', path: '/__rxmesos/faults/cut-stream' });
    expect(Object.keys(cut.body)).toEqual(['frameworkId', 'midRecord?']);
  });

  it('wrong requests: 404 for an unknown fault, 405 for a wrong method, 400 for a bad body', async () => {
    expect(await fault(master.url, 'explode')).toMatchObject({ status: 404 });
    expect(await admin(master.url, 'nothing-here')).toMatchObject({ status: 404 });
    const get = await admin(master.url, 'faults/cut-stream', undefined, 'GET');
    expect([get.status, get.headers['allow']]).toEqual([405, 'POST']);
    const put = await admin(master.url, 'faults', '{}', 'PUT');
    expect([put.status, put.headers['allow']]).toEqual([405, 'GET']);
    for (const [body, message] of [
      ['{', /^the body is not valid JSON/],
      ['[1]', /^the body must be a JSON object$/],
      [{}, /^"frameworkId" is required/],
      [{ frameworkId: 7 }, /^"frameworkId" must be a non-empty string$/],
      [{ frameworkId: 'x', midRecord: 'yes' }, /^"midRecord" must be true or false$/],
      [{ frameworkId: 'x', frameworkID: 'x' }, /^unknown field "frameworkID"$/],
    ] as const) {
      const a = await fault(master.url, 'cut-stream', body);
      expect(a.status).toBe(400);
      expect(a.json['fault']).toBe('cut-stream');
      expect(a.json['error']).toMatch(message);
    }
    const unknown = await fault(master.url, 'cut-stream', { frameworkId: 'nobody' });
    expect(unknown).toMatchObject({
      status: 400,
      json: { error: 'framework nobody has no open subscription stream' },
    });
  });

  it('cut-stream (midRecord), stop-heartbeats, start-heartbeats', async () => {
    const f = await fw();
    expect(await fault(master.url, 'stop-heartbeats', { frameworkId: f.id })).toMatchObject({
      status: 200,
      json: { fault: 'stop-heartbeats' },
    });
    await sleep(150);
    const mark = f.s.events.length;
    await sleep(300);
    expect(f.s.events.slice(mark).filter((e) => e.type === 'HEARTBEAT')).toEqual([]);
    expect((await fault(master.url, 'start-heartbeats', { frameworkId: f.id })).status).toBe(200);
    await f.next('HEARTBEAT', 1000);
    const cut = await fault(master.url, 'cut-stream', { frameworkId: f.id, midRecord: true });
    expect(cut).toMatchObject({ status: 200, json: { fault: 'cut-stream' } });
    expect(await f.s.ended).toMatch(/^(error|framing)/);
    expect(master.core.framework(f.id)?.connected).toBe(false);
  });

  it('hold-events and release-events; hold-events with ms releases by itself', async () => {
    const f = await fw();
    const [offer] = await f.offers();
    expect((await fault(master.url, 'hold-events', { frameworkId: f.id })).status).toBe(200);
    const mark = f.s.events.length;
    expect(await fault(master.url, 'rescind-offer', { offerId: offer!.id.value })).toMatchObject({
      status: 200,
      json: { fault: 'rescind-offer' },
    });
    await sleep(300);
    expect(f.s.events.length).toBe(mark);
    expect((await fault(master.url, 'release-events', { frameworkId: f.id })).status).toBe(200);
    await f.next('RESCIND', 1000);
    const [next] = await f.offers();
    const started = Date.now();
    expect((await fault(master.url, 'hold-events', { frameworkId: f.id, ms: 300 })).status).toBe(
      200,
    );
    expect((await fault(master.url, 'rescind-offer', { offerId: next!.id.value })).status).toBe(
      200,
    );
    await f.next('RESCIND', 2000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(await fault(master.url, 'rescind-offer', { offerId: next!.id.value })).toMatchObject({
      status: 400,
      json: { error: `offer ${next!.id.value} is not outstanding` },
    });
  });

  it('fail-calls answers the next calls with the status', async () => {
    const f = await fw();
    expect(await fault(master.url, 'fail-calls', { count: 2, status: 429 })).toMatchObject({
      status: 200,
      json: { fault: 'fail-calls', count: 2, status: 429 },
    });
    expect((await f.call({ type: 'REVIVE' })).status).toBe(429);
    expect((await f.call({ type: 'REVIVE' })).status).toBe(429);
    expect((await f.call({ type: 'REVIVE' })).status).toBe(202);
    expect((await fault(master.url, 'fail-calls', { count: 1 })).json['status']).toBe(503);
    expect((await f.call({ type: 'REVIVE' })).status).toBe(503);
    expect((await fault(master.url, 'fail-calls', { count: 1, status: 500 })).json).toEqual({
      fault: 'fail-calls',
      error: '"status" must be 503 or 429',
    });
    expect((await fault(master.url, 'fail-calls', { count: 0 })).status).toBe(400);
  });

  it('add-agent, partition-agent, heal-agent, mark-agent-gone, remove-agent', async () => {
    const f = await fw();
    await f.offers();
    const added = await fault(master.url, 'add-agent', {
      cpus: 1,
      mem: 256,
      hostname: 'extra.sim.local',
      ports: [[31000, 31009]],
    });
    expect(added.status).toBe(200);
    const agentId = added.json['agentId'] as string;
    const offers = await f.offers();
    expect(offers.find((o) => o.agent_id.value === agentId)?.hostname).toBe('extra.sim.local');
    expect((await fault(master.url, 'partition-agent', { agentId })).status).toBe(200);
    expect((await f.next('FAILURE')).failure.agent_id?.value).toBe(agentId);
    expect(await fault(master.url, 'partition-agent', { agentId })).toMatchObject({
      status: 400,
      json: { error: `agent ${agentId} is unknown or not reachable` },
    });
    expect((await fault(master.url, 'heal-agent', { agentId })).status).toBe(200);
    expect((await fault(master.url, 'mark-agent-gone', { agentId })).status).toBe(200);
    expect((await fault(master.url, 'remove-agent', { agentId })).status).toBe(400);
    const [first] = master.core.cluster.agents();
    expect((await fault(master.url, 'remove-agent', { agentId: first!.id })).status).toBe(200);
    expect(master.core.cluster.agents()).toEqual([]);
    expect((await fault(master.url, 'add-agent', { cpus: -1 })).status).toBe(400);
    expect((await fault(master.url, 'add-agent', { ports: [[2, 1]] })).status).toBe(400);
  });

  it('schedule-maintenance and cancel-maintenance', async () => {
    const f = await fw();
    const [offer] = await f.offers();
    const agentIds = [offer!.agent_id.value];
    const start = Math.floor(Date.now() / 1000) + 3600;
    expect(
      (await fault(master.url, 'schedule-maintenance', { agentIds, start, duration: 600 })).status,
    ).toBe(200);
    await f.next('INVERSE_OFFERS');
    expect((await fault(master.url, 'cancel-maintenance', { agentIds })).status).toBe(200);
    await f.next('RESCIND_INVERSE_OFFER');
    expect((await fault(master.url, 'cancel-maintenance', { agentIds: [] })).status).toBe(400);
  });

  it('duplicate-update sends the last update of a task again', async () => {
    const sub = await subscribeFramework(master);
    open.push(sub.s);
    launch(master, sub, { task: commandTask('t1', 'sleep 60') });
    const starting = await nextUpdate(sub, 't1', 'TASK_STARTING');
    expect(
      (await fault(master.url, 'duplicate-update', { taskId: 't1', frameworkId: sub.id })).status,
    ).toBe(200);
    expect(await nextUpdate(sub, 't1')).toEqual(starting);
    expect(await fault(master.url, 'duplicate-update', { taskId: 'nope' })).toMatchObject({
      status: 400,
      json: { error: 'task nope is unknown or has sent no update yet' },
    });
  });

  it('restart answers the new master id and forgets the frameworks', async () => {
    const f = await fw();
    const before = master.masterId;
    const a = await fault(master.url, 'restart');
    expect(a.status).toBe(200);
    expect(a.json['masterId']).not.toBe(before);
    expect(a.json['masterId']).toBe(master.masterId);
    expect(await f.s.ended).toMatch(/^(error|framing)/);
    expect(master.core.framework(f.id)).toBeUndefined();
    const chosen = await fault(master.url, 'restart', {
      masterId: '0d1c4a6e-5b1f-4f36-9d59-2f8a0c3e7b21',
    });
    expect(chosen.json['masterId']).toBe('0d1c4a6e-5b1f-4f36-9d59-2f8a0c3e7b21');
  });

  it('step-down makes the master a standby (307, or 503 without a leader); become-leader undoes it', async () => {
    expect((await fault(master.url, 'step-down', { host: 'leader.example' })).status).toBe(400);
    expect(
      (await fault(master.url, 'step-down', { host: 'leader.example', port: 5050 })).status,
    ).toBe(200);
    const redirected = await post(master.url, {
      type: 'SUBSCRIBE',
      subscribe: { framework_info: { user: 'u', name: 'n' } },
    });
    expect([redirected.status, redirected.headers['location']]).toEqual([
      307,
      '//leader.example:5050/api/v1/scheduler',
    ]);
    // the admin endpoint still answers on a standby
    expect((await fault(master.url, 'step-down')).status).toBe(200);
    const none = await post(master.url, '', { method: 'GET', path: '/redirect', contentType: '' });
    expect([none.status, none.text]).toEqual([503, 'No leader elected']);
    expect((await fault(master.url, 'become-leader')).status).toBe(200);
    await fw();
  });
});
