/**
 * Conformance of the simulated master's subscription streams with a real master, over raw
 * HTTP: SUBSCRIBED then heartbeats, refused subscriptions (200, one ERROR, end), a second
 * subscription failing the first over, the failover timeout, TEARDOWN.
 */
/* eslint-disable @typescript-eslint/no-deprecated -- the deprecated FrameworkInfo.role is what several refusals are about */
import { SimulatedMaster, type SimOptions } from '../../src/testing';
import type { Call, Event, FrameworkInfo } from '../../src/wire';
import { post, subscribe, subscribeCall, type RawSubscription } from '../helpers/raw-client';
import {
  CONTENT_TYPES,
  callBody,
  errorMessage,
  expectEmpty,
  expectText,
  subscribeFramework,
} from '../helpers/sim-conformance';

type Subscribe = Extract<Call, { readonly type: 'SUBSCRIBE' }>;

interface StateFramework {
  readonly id: string;
  readonly user: string;
  readonly active: boolean;
  readonly unregistered_time: number;
}

interface State {
  readonly frameworks: readonly StateFramework[];
  readonly completed_frameworks: readonly StateFramework[];
}

async function state(url: string): Promise<State> {
  const a = await post(url, '', { method: 'GET', contentType: '', path: '/state' });
  return JSON.parse(a.text) as State;
}

const MULTI_ROLE = [{ type: 'MULTI_ROLE' as const }];

const rackExists = {
  groups: [
    {
      attribute_constraints: [{ selector: { attribute_name: 'rack' }, predicate: { exists: {} } }],
    },
  ],
};

/** Refused subscriptions: FrameworkInfo fields (or a whole call) and the ERROR message. */
const REFUSALS: readonly (readonly [string, Partial<FrameworkInfo> | Subscribe, string])[] = [
  [
    'roles without MULTI_ROLE',
    { roles: ['a'] },
    "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable",
  ],
  [
    'role with MULTI_ROLE',
    { role: 'a', roles: ['a'], capabilities: MULTI_ROLE },
    "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable",
  ],
  [
    'duplicate roles',
    { roles: ['a', 'b', 'a'], capabilities: MULTI_ROLE },
    "'FrameworkInfo.roles' contains duplicate items: { a }",
  ],
  [
    'an invalid role among the roles',
    { roles: ['ok', 'a b'], capabilities: MULTI_ROLE },
    "'FrameworkInfo.roles' contains invalid role: Role component 'a b' is invalid because it contains backspace or whitespace",
  ],
  [
    'a role starting with a slash',
    { role: '/a' },
    "'FrameworkInfo.role' is not a valid role: Role '/a' cannot start with a slash",
  ],
  [
    'an empty role',
    { role: '' },
    "'FrameworkInfo.role' is not a valid role: Role names cannot be the empty string",
  ],
  [
    'a role with a .. component',
    { role: 'a/../b' },
    "'FrameworkInfo.role' is not a valid role: Role 'a/../b' cannot include '..' as a component",
  ],
  [
    'a role component starting with a dash',
    { role: 'team/-x' },
    "'FrameworkInfo.role' is not a valid role: Role component '-x' is invalid because it starts with a dash",
  ],
  [
    'a framework id with a slash',
    subscribeCall('id', {}, 'a/b'),
    "'a/b' contains invalid characters",
  ],
  ['a framework id ..', subscribeCall('id', {}, '..'), "'..' is disallowed"],
  [
    'offer filters without quantities',
    { offer_filters: { '*': { min_allocatable_resources: { quantities: [{}] } } } },
    'Resource quantities must contain at least one quantity',
  ],
  [
    'a negative offer filter quantity',
    {
      offer_filters: {
        '*': {
          min_allocatable_resources: { quantities: [{ quantities: { cpus: { value: -1 } } }] },
        },
      },
    },
    "Invalid resource quantity for 'cpus': Negative values not supported",
  ],
  [
    'a failover timeout beyond 64-bit nanoseconds',
    { failover_timeout: 1e10 },
    'The framework failover_timeout (1e+10) is invalid',
  ],
  [
    'suppressed roles that are not the framework roles',
    {
      type: 'SUBSCRIBE',
      subscribe: {
        framework_info: { user: 'u', name: 'n', roles: ['a'], capabilities: MULTI_ROLE },
        suppressed_roles: ['z', 'a', 'b'],
      },
    },
    'Suppressed roles { b, z } are not contained in the set of roles',
  ],
  [
    'offer constraints for a role that is not the framework role',
    {
      type: 'SUBSCRIBE',
      subscribe: {
        framework_info: { user: 'u', name: 'n' },
        offer_constraints: { role_constraints: { other: rackExists } },
      },
    },
    "Offer constraints specify `role_constraints` for a role 'other'not contained in the set of roles",
  ],
];

function isCall(x: Partial<FrameworkInfo> | Subscribe): x is Subscribe {
  return 'type' in x;
}

describe.each(CONTENT_TYPES)('subscription streams, %s', (ct) => {
  const masters: SimulatedMaster[] = [];
  const subs: RawSubscription[] = [];

  async function start(options: SimOptions = {}): Promise<SimulatedMaster> {
    const m = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 0.3,
      agents: [],
      ...options,
    });
    masters.push(m);
    return m;
  }

  async function open(m: SimulatedMaster, call: Subscribe): Promise<RawSubscription> {
    const s = await subscribe(m.url, call, { contentType: ct, accept: ct });
    subs.push(s);
    return s;
  }

  /** Expects the one ERROR of a refused subscription, then the end of the stream. */
  async function expectRefused(s: RawSubscription, message: string): Promise<void> {
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe(ct);
    expect(s.streamId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await s.ended).toBe('end');
    expect(s.events.map(errorMessage)).toEqual([message]);
  }

  afterEach(async () => {
    for (const s of subs.splice(0)) await s.close();
    for (const m of masters.splice(0)) await m.stop();
  });

  it('SUBSCRIBED first, a HEARTBEAT right after it, then one per interval', async () => {
    const m = await start();
    const s = await open(m, subscribeCall('beats'));
    const times: number[] = [];
    const events: Event[] = [];
    for (let i = 0; i < 5; i++) {
      events.push(await s.next());
      times.push(Date.now());
    }
    expect(events.map((e) => e.type)).toEqual([
      'SUBSCRIBED',
      'HEARTBEAT',
      'HEARTBEAT',
      'HEARTBEAT',
      'HEARTBEAT',
    ]);
    const [subscribed] = events;
    if (subscribed?.type !== 'SUBSCRIBED') throw new Error('no SUBSCRIBED');
    expect(subscribed.subscribed.framework_id.value).toBe(`${m.core.ids.masterId}-0000`);
    expect(subscribed.subscribed.heartbeat_interval_seconds).toBe(0.3);
    expect(subscribed.subscribed.master_info).toMatchObject({
      id: m.core.ids.masterId,
      port: m.port,
      address: { ip: '127.0.0.1', port: m.port },
    });
    const at = (i: number): number => times[i] ?? 0;
    expect(at(1) - at(0)).toBeLessThan(150);
    for (let i = 2; i < times.length; i++) {
      expect(at(i) - at(i - 1)).toBeGreaterThanOrEqual(240);
      expect(at(i) - at(i - 1)).toBeLessThan(1500);
    }
  });

  it.each(REFUSALS)('refuses %s: 200, one ERROR, the end', async (_what, fields, message) => {
    const m = await start();
    const call = isCall(fields) ? fields : subscribeCall('refused', fields);
    await expectRefused(await open(m, call), message);
    expect((await state(m.url)).frameworks).toEqual([]);
  });

  it('refuses offer constraints that are not valid (an empty group list)', async () => {
    const m = await start();
    const call: Subscribe = {
      type: 'SUBSCRIBE',
      subscribe: {
        framework_info: { user: 'u', name: 'n' },
        offer_constraints: { role_constraints: { '*': { groups: [] } } },
      },
    };
    const s = await open(m, call);
    expect(await s.ended).toBe('end');
    expect(s.events).toHaveLength(1);
    expect(errorMessage(s.events[0] ?? { type: 'HEARTBEAT' })).toMatch(
      /^Offer constraints are not valid: /,
    );
  });

  it("refuses roles outside the master's --roles; '*' is always allowed", async () => {
    const m = await start({ roles: ['ops'] });
    await expectRefused(
      await open(m, subscribeCall('r', { role: 'dev' })),
      "Roles { dev } are not present in the master's --roles",
    );
    await expectRefused(
      await open(m, subscribeCall('r', { roles: ['ops', 'x', 'b'], capabilities: MULTI_ROLE })),
      "Roles { b, x } are not present in the master's --roles",
    );
    for (const extra of [{}, { role: 'ops' }, { roles: ['ops', '*'], capabilities: MULTI_ROLE }]) {
      const s = await open(m, subscribeCall('r', extra));
      expect((await s.next()).type).toBe('SUBSCRIBED');
    }
  });

  it('refuses a changed principal on re-subscription (also a principal dropped)', async () => {
    const m = await start();
    const first = await subscribeFramework(m.url, ct, { principal: 'p1', failover_timeout: 60 });
    subs.push(first.sub);
    for (const principal of [{ principal: 'p2' }, {}]) {
      await expectRefused(
        await open(m, subscribeCall('again', { failover_timeout: 60, ...principal }, first.id)),
        "Changing framework's principal is not allowed.",
      );
    }
    // the refused attempts left the first subscription alone
    expect((await first.sub.next((e) => e.type === 'HEARTBEAT')).type).toBe('HEARTBEAT');
  });

  it('a second SUBSCRIBE fails the first over: ERROR on the old stream, SUBSCRIBED on the new', async () => {
    const m = await start();
    const first = await subscribeFramework(m.url, ct, { failover_timeout: 60, checkpoint: true });
    subs.push(first.sub);
    // user and checkpoint cannot change on re-subscription: they keep their values
    const second = await subscribeFramework(
      m.url,
      ct,
      { failover_timeout: 60, checkpoint: false, user: 'someone-else', name: 'renamed' },
      first.id,
    );
    subs.push(second.sub);
    expect(second.id).toBe(first.id);
    expect(second.streamId).not.toBe(first.streamId);
    expect(await first.sub.ended).toBe('end');
    expect(first.sub.events.filter((e) => e.type === 'ERROR').map(errorMessage)).toEqual([
      'Framework failed over',
    ]);
    expect(first.sub.events[first.sub.events.length - 1]?.type).toBe('ERROR');
    const fw = (await state(m.url)).frameworks.find((f) => f.id === first.id);
    expect(fw).toMatchObject({ user: 'tester', active: true });
    expect((await second.sub.next((e) => e.type === 'HEARTBEAT')).type).toBe('HEARTBEAT');
  });

  it('the failover timeout removes a disconnected framework; its id is refused afterwards', async () => {
    const m = await start();
    const f = await subscribeFramework(m.url, ct, { failover_timeout: 0.3 });
    await f.sub.close();
    const revive = callBody({ type: 'REVIVE', framework_id: { value: f.id } }, ct);
    let answer = await post(m.url, revive, { contentType: ct, streamId: f.streamId });
    for (let i = 0; i < 100 && answer.status === 202; i++) {
      await new Promise((r) => setTimeout(r, 10));
      answer = await post(m.url, revive, { contentType: ct, streamId: f.streamId });
    }
    expectText(answer, 403, 'Framework is not subscribed');
    await new Promise((r) => setTimeout(r, 500));
    const after = await state(m.url);
    expect(after.frameworks).toEqual([]);
    expect(after.completed_frameworks).toMatchObject([{ id: f.id, active: false }]);
    expect(after.completed_frameworks[0]?.unregistered_time).toBeGreaterThan(0);
    expectText(
      await post(m.url, revive, { contentType: ct, streamId: f.streamId }),
      400,
      'Framework cannot be found',
    );
    await expectRefused(
      await open(m, subscribeCall('back', {}, f.id)),
      'Framework has been removed',
    );
  });

  it('re-subscribing within the failover timeout keeps the framework', async () => {
    const m = await start();
    const f = await subscribeFramework(m.url, ct, { failover_timeout: 0.4 });
    await f.sub.close();
    await new Promise((r) => setTimeout(r, 100));
    const again = await subscribeFramework(m.url, ct, { failover_timeout: 0.4 }, f.id);
    subs.push(again.sub);
    expect(again.id).toBe(f.id);
    await new Promise((r) => setTimeout(r, 600));
    expect((await state(m.url)).frameworks.map((x) => x.id)).toEqual([f.id]);
    const revive = callBody({ type: 'REVIVE', framework_id: { value: f.id } }, ct);
    expectEmpty(await post(m.url, revive, { contentType: ct, streamId: again.streamId }), 202);
  });

  it('without a failover timeout the framework is removed as soon as its stream closes', async () => {
    const m = await start();
    const f = await subscribeFramework(m.url, ct);
    await f.sub.close();
    for (let i = 0; i < 100 && (await state(m.url)).frameworks.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await state(m.url)).completed_frameworks.map((x) => x.id)).toEqual([f.id]);
  });

  it('TEARDOWN: 202, the stream ends without an ERROR, the id is refused afterwards', async () => {
    const m = await start();
    const f = await subscribeFramework(m.url, ct, { failover_timeout: 60 });
    subs.push(f.sub);
    const teardown = callBody({ type: 'TEARDOWN', framework_id: { value: f.id } }, ct);
    expectEmpty(await post(m.url, teardown, { contentType: ct, streamId: f.streamId }), 202);
    expect(await f.sub.ended).toBe('end');
    expect(f.sub.events.filter((e) => e.type !== 'HEARTBEAT').map((e) => e.type)).toEqual([
      'SUBSCRIBED',
    ]);
    expectText(
      await post(m.url, teardown, { contentType: ct, streamId: f.streamId }),
      400,
      'Framework cannot be found',
    );
    await expectRefused(
      await open(m, subscribeCall('back', { failover_timeout: 60 }, f.id)),
      'Framework has been removed',
    );
    // the FrameworkInfo checks come before the removed id
    await expectRefused(
      await open(m, subscribeCall('back', { roles: ['x'] }, f.id)),
      "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable",
    );
  });

  it('a framework id this master never saw is accepted (recovered after a master failover)', async () => {
    const m = await start();
    const id = `${m.core.ids.masterId}-0042`;
    const f = await subscribeFramework(m.url, ct, { failover_timeout: 60 }, id);
    subs.push(f.sub);
    expect(f.id).toBe(id);
  });
});
