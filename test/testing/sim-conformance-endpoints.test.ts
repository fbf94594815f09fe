/**
 * Conformance of the simulated master's other endpoints with a real master: `/redirect`,
 * `/health`, `/state` (compared with a capture of a real 1.12 master's `/state`), unknown
 * paths, and the scheduler API under `/master/api/v1/scheduler`; and the `Accept`
 * negotiation of SUBSCRIBE.
 */
import { SimulatedMaster, type SimOptions } from '../../src/testing';
import type { ContentType } from '../../src/wire';
import { exactJson, fixtureBytes } from '../helpers/fixtures';
import { post, subscribe, subscribeCall, type RawSubscription } from '../helpers/raw-client';
import {
  CONTENT_TYPES,
  callBody,
  expectEmpty,
  expectText,
  subscribeFramework,
} from '../helpers/sim-conformance';

const get = (url: string, path: string): ReturnType<typeof post> =>
  post(url, '', { method: 'GET', contentType: '', path });

interface RealState {
  readonly completed_frameworks: readonly Record<string, unknown>[];
}

/** The `/state` of a real Mesos 1.12 master (one agent, one finished framework). */
const REAL = exactJson(fixtureBytes('real/master-state.json')) as Record<string, unknown> &
  RealState;

describe('other endpoints of the simulated master', () => {
  const masters: SimulatedMaster[] = [];
  const subs: RawSubscription[] = [];

  async function start(options: SimOptions = {}): Promise<SimulatedMaster> {
    const m = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 0.5,
      agents: [],
      ...options,
    });
    masters.push(m);
    return m;
  }

  afterEach(async () => {
    for (const s of subs.splice(0)) await s.close();
    for (const m of masters.splice(0)) await m.stop();
  });

  it('GET /redirect on the leader: 307 to itself, without path or query, without a body', async () => {
    const m = await start();
    for (const path of ['/redirect', '/master/redirect', '/redirect?to=somewhere']) {
      const a = await get(m.url, path);
      expectEmpty(a, 307);
      expect(a.headers.location).toBe(`//127.0.0.1:${m.port}`);
    }
  });

  it('GET /redirect needs no authentication', async () => {
    const m = await start({ credentials: { principal: 'p', secret: 's' } });
    expectEmpty(await get(m.url, '/redirect'), 307);
  });

  it('below /redirect/: 404, no redirect loop', async () => {
    const m = await start();
    expectText(await get(m.url, '/redirect/again'), 404, '404 Not Found.');
  });

  it('a standby redirects /redirect to the leader, or answers 503 without one', async () => {
    const leader = await start();
    const standby = await start();
    standby.stepDown({ host: 'leader.example', port: leader.port });
    const a = await get(standby.url, '/redirect');
    expectEmpty(a, 307);
    expect(a.headers.location).toBe(`//leader.example:${leader.port}`);
    standby.stepDown(undefined);
    expectText(await get(standby.url, '/redirect'), 503, 'No leader elected');
    standby.becomeLeader();
    expect((await get(standby.url, '/redirect')).headers.location).toBe(
      `//127.0.0.1:${standby.port}`,
    );
  });

  it('GET /health: 200 without a body, on a standby too', async () => {
    const m = await start();
    expectEmpty(await get(m.url, '/health'), 200);
    m.stepDown(undefined);
    expectEmpty(await get(m.url, '/master/health'), 200);
  });

  it('an unknown path: 404', async () => {
    const m = await start();
    expectText(await get(m.url, '/api/v1/nothing-here'), 404, '404 Not Found.');
  });

  it('GET /state has the top-level keys of a real master', async () => {
    const m = await start();
    const a = await get(m.url, '/state');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.headers['content-length']).toBe(String(Buffer.byteLength(a.text)));
    const sim = JSON.parse(a.text) as Record<string, unknown>;
    expect(Object.keys(sim).sort()).toEqual(Object.keys(REAL).sort());
    expect(sim).toMatchObject({
      id: m.core.ids.masterId,
      pid: `master@127.0.0.1:${m.port}`,
      leader: `master@127.0.0.1:${m.port}`,
      leader_info: { id: m.core.ids.masterId, port: m.port },
      frameworks: [],
      completed_frameworks: [],
    });
  });

  it('GET /state: framework entries with the keys of a real master, active and completed', async () => {
    const m = await start();
    const realKeys = Object.keys(REAL.completed_frameworks[0] ?? {}).sort();
    const f = await subscribeFramework(m.url, 'application/json', {
      failover_timeout: 60,
      checkpoint: true,
      capabilities: [{ type: 'PARTITION_AWARE' }],
    });
    subs.push(f.sub);
    const before = JSON.parse((await get(m.url, '/state')).text) as {
      frameworks: Record<string, unknown>[];
    };
    const active = before.frameworks[0] ?? {};
    expect(Object.keys(active).sort()).toEqual(realKeys);
    expect(active).toMatchObject({
      id: f.id,
      name: 'conformance',
      user: 'tester',
      role: '*',
      active: true,
      connected: true,
      failover_timeout: 60,
      checkpoint: true,
      capabilities: ['PARTITION_AWARE'],
    });
    const teardown = callBody(
      { type: 'TEARDOWN', framework_id: { value: f.id } },
      'application/json',
    );
    expectEmpty(await post(m.url, teardown, { streamId: f.streamId }), 202);
    const after = JSON.parse((await get(m.url, '/state')).text) as {
      frameworks: unknown[];
      completed_frameworks: Record<string, unknown>[];
    };
    expect(after.frameworks).toEqual([]);
    const completed = after.completed_frameworks[0] ?? {};
    expect(Object.keys(completed).sort()).toEqual(realKeys);
    expect(completed).toMatchObject({ id: f.id, active: false, connected: false });
    expect(completed['unregistered_time']).toEqual(expect.any(Number));
  });

  it('GET /state: a MULTI_ROLE framework has roles instead of role, and its principal', async () => {
    const m = await start();
    const f = await subscribeFramework(m.url, 'application/json', {
      roles: ['a', 'b'],
      capabilities: [{ type: 'MULTI_ROLE' }],
      principal: 'me',
    });
    subs.push(f.sub);
    const fw = (
      JSON.parse((await get(m.url, '/state')).text) as { frameworks: Record<string, unknown>[] }
    ).frameworks[0];
    expect(fw).toMatchObject({ roles: ['a', 'b'], principal: 'me' });
    expect(fw).not.toHaveProperty('role');
  });

  it('GET /state on a standby: 307 to the leader with the path', async () => {
    const leader = await start();
    const standby = await start();
    standby.stepDown({ host: '127.0.0.1', port: leader.port });
    const a = await get(standby.url, '/state');
    expectEmpty(a, 307);
    expect(a.headers.location).toBe(`//127.0.0.1:${leader.port}/state`);
  });

  it.each(CONTENT_TYPES)('the scheduler API under /master/api/v1/scheduler (%s)', async (ct) => {
    const m = await start();
    const path = '/master/api/v1/scheduler';
    const s = await subscribe(m.url, subscribeCall('prefixed'), { contentType: ct, path });
    subs.push(s);
    const first = await s.next();
    if (first.type !== 'SUBSCRIBED') throw new Error(first.type);
    const id = first.subscribed.framework_id.value;
    const revive = callBody({ type: 'REVIVE', framework_id: { value: id } }, ct);
    expectEmpty(await post(m.url, revive, { contentType: ct, path, streamId: s.streamId }), 202);
  });
});

describe.each(CONTENT_TYPES)('Accept negotiation of SUBSCRIBE (request in %s)', (ct) => {
  let master: SimulatedMaster;
  const subs: RawSubscription[] = [];

  beforeEach(async () => {
    master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 0.5, agents: [] });
  });

  afterEach(async () => {
    for (const s of subs.splice(0)) await s.close();
    await master.stop();
  });

  const JSON_TYPE: ContentType = 'application/json';
  const PROTOBUF: ContentType = 'application/x-protobuf';

  it.each<[string, string | undefined, ContentType | undefined]>([
    ['no Accept header', undefined, JSON_TYPE],
    ['*/*', '*/*', JSON_TYPE],
    ['both, protobuf first', 'application/x-protobuf, application/json', JSON_TYPE],
    [
      'both, with JSON preferred less',
      'application/x-protobuf;q=1, application/json;q=0.1',
      JSON_TYPE,
    ],
    ['protobuf alone', 'application/x-protobuf', PROTOBUF],
    ['protobuf in capitals', 'APPLICATION/X-PROTOBUF', PROTOBUF],
    ['application/*', 'application/*', JSON_TYPE],
    ['JSON refused with q=0', 'application/json;q=0, application/x-protobuf', PROTOBUF],
    ['JSON refused, protobuf through */*', 'application/json;q=0.0, */*', PROTOBUF],
    ['a q with spaces around', 'application/json ; q = 0 , application/x-protobuf', PROTOBUF],
    ['a parameter Q (not q)', 'application/json;Q=0', JSON_TYPE],
    ['two q values (malformed: acceptable)', 'application/json;q=0;q=0', JSON_TYPE],
    ['another type, and protobuf', 'text/html, application/x-protobuf;q=0.5', PROTOBUF],
    ['JSON refused alone', 'application/json;q=0', undefined],
    ['application/* refused', 'application/*;q=0', undefined],
    ['*/* refused', '*/*;q=0', undefined],
    ['a q that is not a number', 'application/json;q=high', undefined],
    ['text/html', 'text/html', undefined],
    ['an empty Accept header', '', undefined],
  ])('%s', async (_what, accept, expected) => {
    const options =
      accept === undefined ? { contentType: ct, omitAccept: true } : { contentType: ct, accept };
    if (expected === undefined) {
      const a = await post(master.url, callBody(subscribeCall('accept'), ct), {
        contentType: ct,
        ...(accept === undefined ? {} : { accept }),
      });
      expectText(
        a,
        406,
        "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'",
      );
      return;
    }
    const s = await subscribe(master.url, subscribeCall('accept'), options);
    subs.push(s);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe(expected);
    // the records decode in the announced type
    expect((await s.next()).type).toBe('SUBSCRIBED');
    expect((await s.next()).type).toBe('HEARTBEAT');
  });
});
