import { SimulatedMaster } from '../../src/testing';
import type { FrameworkInfo } from '../../src/wire';
import { framework, sleep, total, typesSince, type TestFramework } from './sim-cluster-helpers';

const AGENT = { cpus: 2, mem: 2048 };
const MULTI: Partial<FrameworkInfo> = { capabilities: [{ type: 'MULTI_ROLE' }] };

describe('simulated master: UPDATE_FRAMEWORK and offer constraints', () => {
  let master: SimulatedMaster;
  let fw: TestFramework;
  afterEach(async () => {
    await fw.close();
    await master.stop();
  });

  function update(info: Partial<FrameworkInfo>, extra: object = {}) {
    return fw.call({
      type: 'UPDATE_FRAMEWORK',
      update_framework: {
        framework_info: { user: 'tester', name: 'cluster-test', id: { value: fw.id }, ...info },
        ...extra,
      },
    });
  }

  it.each([
    [
      { capabilities: [], roles: ['a'] },
      {},
      "Supplied FrameworkInfo is not valid: 'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable",
    ],
    [
      { ...MULTI, roles: ['a', 'a'] },
      {},
      "Supplied FrameworkInfo is not valid: 'FrameworkInfo.roles' contains duplicate items: { a }",
    ],
    [
      { ...MULTI, roles: ['/a'] },
      {},
      "Supplied FrameworkInfo is not valid: 'FrameworkInfo.roles' contains invalid role: Role '/a' cannot start with a slash",
    ],
    [
      { user: 'other' },
      {},
      "FrameworkInfo update is not valid: Updating 'FrameworkInfo.user' is unsupported; attempted to update from 'tester' to 'other'",
    ],
    [
      { checkpoint: true },
      {},
      "FrameworkInfo update is not valid: Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from 'false' to 'true'",
    ],
    [
      { principal: 'p' },
      {},
      "FrameworkInfo update is not valid: Changing framework's principal is not allowed.",
    ],
    [
      { failover_timeout: 1e10 },
      {},
      'Supplied FrameworkInfo is not valid: The framework failover_timeout (1e+10) is invalid',
    ],
    [
      { ...MULTI, roles: ['a'] },
      { suppressed_roles: ['c', 'b', 'c'] },
      "'UpdateFramework' call is not valid: Suppressed roles { b, c } are not contained in the set of roles",
    ],
    [
      { ...MULTI, roles: ['a'] },
      { suppressed_roles: ['b'] },
      "'UpdateFramework' call is not valid: Suppressed roles { b } are not contained in the set of roles",
    ],
    [
      { ...MULTI, roles: ['a'] },
      { offer_constraints: { role_constraints: { a: { groups: [] } } } },
      "'UpdateFramework' call is not valid: Offer constraints are not valid: 'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role a",
    ],
  ])('%j %j → 400 %s', async (info, extra, body) => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    fw = await framework(master.url, { ...MULTI, roles: ['a'] });
    const answer = await update({ ...MULTI, roles: ['a'], ...info }, extra);
    expect([answer.status, answer.text]).toEqual([400, body]);
  });

  it('changes roles: offers for a removed role are rescinded, the new role is offered', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    fw = await framework(master.url, { ...MULTI, roles: ['a'] });
    const [offer] = await fw.offers();
    expect(offer!.allocation_info).toEqual({ role: 'a' });
    const answer = await update({ ...MULTI, roles: ['b'] });
    expect([answer.status, answer.text]).toEqual([200, '']);
    expect((await fw.next('RESCIND')).rescind.offer_id).toEqual(offer!.id);
    const [next] = await fw.offers(2000);
    expect(next!.allocation_info).toEqual({ role: 'b' });
    expect(master.core.framework(fw.id)!.roles).toEqual(['b']);
  });

  it('suppressed roles are replaced: leaving the set clears filters and offers resume', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    fw = await framework(master.url, { ...MULTI, roles: ['a'] }, { suppressed: ['a'] });
    await sleep(200);
    expect(fw.s.events.map((e) => e.type)).not.toContain('OFFERS');
    expect((await update({ ...MULTI, roles: ['a'] }, { suppressed_roles: [] })).status).toBe(200);
    await fw.offers(2000);
  });

  it('offer constraints keep agents whose attributes do not match away from the role', async () => {
    master = await SimulatedMaster.start({
      agents: [
        {
          ...AGENT,
          hostname: 'east-1',
          attributes: [{ name: 'zone', type: 'TEXT', text: { value: 'east' } }],
        },
        {
          ...AGENT,
          hostname: 'west-1',
          attributes: [{ name: 'zone', type: 'TEXT', text: { value: 'west' } }],
        },
        { ...AGENT, hostname: 'bare' },
      ],
      allocationIntervalMs: 50,
    });
    fw = await framework(
      master.url,
      { ...MULTI, roles: ['a'] },
      {
        constraints: {
          role_constraints: {
            a: {
              groups: [
                {
                  attribute_constraints: [
                    {
                      selector: { attribute_name: 'zone' },
                      predicate: { text_equals: { value: 'west' } },
                    },
                  ],
                },
                {
                  attribute_constraints: [
                    {
                      selector: { pseudoattribute_type: 'HOSTNAME' },
                      predicate: { text_matches: { regex: 'ba.*' } },
                    },
                  ],
                },
              ],
            },
          },
        },
      },
    );
    const offers = await fw.offers();
    await sleep(200);
    const all = fw.s.events.flatMap((e) => (e.type === 'OFFERS' ? (e.offers.offers ?? []) : []));
    expect(all.map((o) => o.hostname).sort()).toEqual(['bare', 'west-1']);
    expect(offers.length).toBeGreaterThan(0);
    const mark = fw.s.events.length;
    expect(
      (
        await update(
          { ...MULTI, roles: ['a'] },
          {
            offer_constraints: {
              role_constraints: {
                a: {
                  groups: [
                    {
                      attribute_constraints: [
                        { selector: { attribute_name: 'zone' }, predicate: { exists: {} } },
                      ],
                    },
                  ],
                },
              },
            },
          },
        )
      ).status,
    ).toBe(200);
    await fw.call({
      type: 'DECLINE',
      decline: { offer_ids: all.map((o) => o.id), filters: { refuse_seconds: 0 } },
    });
    await sleep(300);
    const later = fw.s.events
      .slice(mark)
      .flatMap((e) => (e.type === 'OFFERS' ? (e.offers.offers ?? []) : []));
    expect([...new Set(later.map((o) => o.hostname))].sort()).toEqual(['east-1', 'west-1']);
    expect(typesSince(fw.s, mark)).toContain('OFFERS');
    expect(total(later[0]!.resources, 'cpus')).toBe(2);
  });
});
