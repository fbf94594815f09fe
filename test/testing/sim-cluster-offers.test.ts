/* eslint-disable @typescript-eslint/no-deprecated -- offers for frameworks without RESERVATION_REFINEMENT carry `role` */
import { SimulatedMaster } from '../../src/testing';
import { framework, scalar, sleep, total, typesSince } from './sim-cluster-helpers';

const AGENT = { cpus: 4, mem: 4096, disk: 1000, ports: [[31000, 31009]] as [number, number][] };

describe('simulated master: offers', () => {
  let master: SimulatedMaster;
  afterEach(async () => {
    await master.stop();
  });

  it.each(['application/json', 'application/x-protobuf'])(
    '%s: a plain framework gets the whole agent in the pre-refinement format, without allocation_info',
    async (contentType) => {
      master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
      const fw = await framework(master.url, {}, { contentType });
      const [offer, ...more] = await fw.offers();
      expect(more).toEqual([]);
      const agent = master.core.cluster.agents()[0]!;
      expect(offer).toMatchObject({
        framework_id: { value: fw.id },
        agent_id: { value: agent.id },
        hostname: 'agent-0.sim.local',
        url: {
          scheme: 'http',
          address: { hostname: 'agent-0.sim.local', ip: '127.0.0.1', port: 5051 },
          path: '/slave(1)',
        },
      });
      expect(offer!.id.value).toMatch(new RegExp(`^${master.core.ids.masterId}-O\\d+$`));
      expect(offer!.allocation_info).toBeUndefined();
      expect(
        offer!.resources!.every((r) => r.allocation_info === undefined && r.role === '*'),
      ).toBe(true);
      expect(total(offer!.resources, 'cpus')).toBe(4);
      expect(total(offer!.resources, 'mem')).toBe(4096);
      const ports = offer!.resources!.find((r) => r.name === 'ports');
      expect(ports?.ranges?.range).toEqual([{ begin: '31000', end: '31009' }]);
      await fw.close();
    },
  );

  it('a MULTI_ROLE framework with RESERVATION_REFINEMENT gets allocation_info and the reservations stack', async () => {
    master = await SimulatedMaster.start({
      agents: [{ ...AGENT, resources: [scalar('cpus', 2, { role: 'web' })] }],
      allocationIntervalMs: 50,
    });
    const fw = await framework(master.url, {
      roles: ['web'],
      capabilities: [{ type: 'MULTI_ROLE' }, { type: 'RESERVATION_REFINEMENT' }],
    });
    const [offer] = await fw.offers();
    expect(offer!.allocation_info).toEqual({ role: 'web' });
    expect(
      offer!.resources!.every((r) => r.allocation_info?.role === 'web' && r.role === undefined),
    ).toBe(true);
    const reserved = offer!.resources!.filter((r) => r.reservations !== undefined);
    expect(reserved).toEqual([
      {
        name: 'cpus',
        type: 'SCALAR',
        scalar: { value: 2 },
        allocation_info: { role: 'web' },
        reservations: [{ type: 'STATIC', role: 'web' }],
      },
    ]);
    expect(total(offer!.resources, 'cpus')).toBe(6);
    await fw.close();
  });

  it('static reservations go only to their role; GPU agents only to GPU_RESOURCES frameworks', async () => {
    master = await SimulatedMaster.start({
      agents: [
        { cpus: 1, mem: 512, resources: [scalar('cpus', 2, { role: 'db' })] },
        { cpus: 8, mem: 8192, gpus: 1 },
      ],
      allocationIntervalMs: 50,
    });
    const fw = await framework(master.url);
    const offers = await fw.offers();
    expect(offers).toHaveLength(1);
    expect(total(offers[0]!.resources, 'cpus')).toBe(1);
    const gpu = await framework(master.url, {
      name: 'gpu',
      capabilities: [{ type: 'GPU_RESOURCES' }],
    });
    const gpuOffers = await gpu.offers();
    expect(gpuOffers.map((o) => total(o.resources, 'gpus'))).toEqual([1]);
    await fw.close();
    await gpu.close();
  });

  it('DECLINE filters the agent for refuse_seconds (default 5 s); REVIVE clears the filter', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    const fw = await framework(master.url);
    const [offer] = await fw.offers();
    expect((await fw.call({ type: 'DECLINE', decline: { offer_ids: [offer!.id] } })).status).toBe(
      202,
    );
    const mark = fw.s.events.length;
    await sleep(400);
    expect(typesSince(fw.s, mark)).not.toContain('OFFERS');
    expect((await fw.call({ type: 'REVIVE' })).status).toBe(202);
    const [again] = await fw.offers(2000);
    expect(again!.id.value).not.toBe(offer!.id.value);
    await fw.close();
  });

  it('a short refuse_seconds lets the offer come back; 0 brings it back at once', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    const fw = await framework(master.url);
    const [first] = await fw.offers();
    const declinedAt = Date.now();
    await fw.call({
      type: 'DECLINE',
      decline: { offer_ids: [first!.id], filters: { refuse_seconds: 0.3 } },
    });
    const [second] = await fw.offers(3000);
    expect(Date.now() - declinedAt).toBeGreaterThanOrEqual(250);
    await fw.call({
      type: 'DECLINE',
      decline: { offer_ids: [second!.id], filters: { refuse_seconds: 0 } },
    });
    const again = Date.now();
    await fw.offers(1000);
    expect(Date.now() - again).toBeLessThan(250);
    await fw.close();
  });

  it('SUPPRESS stops offers; an unknown role makes REVIVE a no-op; REVIVE of the role resumes them', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    const fw = await framework(
      master.url,
      { roles: ['a'], capabilities: [{ type: 'MULTI_ROLE' }] },
      { suppressed: ['a'] },
    );
    await sleep(300);
    expect(fw.s.events.map((e) => e.type)).not.toContain('OFFERS');
    expect((await fw.call({ type: 'REVIVE', revive: { roles: ['a', 'not-mine'] } })).status).toBe(
      202,
    );
    await sleep(300);
    expect(fw.s.events.map((e) => e.type)).not.toContain('OFFERS');
    await fw.call({ type: 'REVIVE', revive: { roles: ['a'] } });
    const [offer] = await fw.offers(2000);
    await fw.call({ type: 'SUPPRESS' });
    await fw.call({
      type: 'DECLINE',
      decline: { offer_ids: [offer!.id], filters: { refuse_seconds: 0 } },
    });
    const mark = fw.s.events.length;
    await sleep(300);
    expect(typesSince(fw.s, mark)).not.toContain('OFFERS');
    await fw.close();
  });

  it('an agent is offered to one framework at a time; the other gets it once it is declined', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    const a = await framework(master.url, { name: 'a' });
    const [offer] = await a.offers();
    const b = await framework(master.url, { name: 'b' });
    await sleep(300);
    expect(b.s.events.map((e) => e.type)).not.toContain('OFFERS');
    await a.call({
      type: 'DECLINE',
      decline: { offer_ids: [offer!.id], filters: { refuse_seconds: 60 } },
    });
    const [forB] = await b.offers(2000);
    expect(total(forB!.resources, 'cpus')).toBe(4);
    await a.close();
    await b.close();
  });

  it('offers time out with offerTimeoutMs: RESCIND, then a new offer', async () => {
    master = await SimulatedMaster.start({
      agents: [AGENT],
      allocationIntervalMs: 50,
      offerTimeoutMs: 200,
    });
    const fw = await framework(master.url);
    const [offer] = await fw.offers();
    const rescind = await fw.next('RESCIND', 2000);
    expect(rescind.rescind.offer_id).toEqual(offer!.id);
    const [again] = await fw.offers(2000);
    expect(again!.id.value).not.toBe(offer!.id.value);
    await fw.close();
  });

  it('re-subscription drops the old offers without RESCIND; ACCEPT on them loses the tasks', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    const first = await framework(master.url, { failover_timeout: 60 });
    const [old] = await first.offers();
    const second = await framework(master.url, { failover_timeout: 60 }, { frameworkId: first.id });
    expect((await first.next('ERROR')).error.message).toBe('Framework failed over');
    const [fresh] = await second.offers();
    expect(fresh!.id.value).not.toBe(old!.id.value);
    expect([...first.s.events, ...second.s.events].map((e) => e.type)).not.toContain('RESCIND');
    const task = {
      name: 't',
      task_id: { value: 't1' },
      agent_id: old!.agent_id,
      resources: [scalar('cpus', 1)],
      command: { value: 'true' },
    };
    await second.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [old!.id],
        operations: [{ type: 'LAUNCH', launch: { task_infos: [task] } }],
      },
    });
    const status = await second.update();
    expect(status).toEqual({
      task_id: { value: 't1' },
      state: 'TASK_LOST',
      message: `Task launched with invalid offers: Offer ${old!.id.value} is no longer valid`,
      source: 'SOURCE_MASTER',
      reason: 'REASON_INVALID_OFFERS',
      agent_id: old!.agent_id,
      timestamp: expect.any(Number) as number,
    });
    await first.close();
    await second.close();
  });
  it("agents below min_allocatable_resources (default cpus:0.01|mem:32, or the framework's offer_filters) are not offered", async () => {
    master = await SimulatedMaster.start({
      agents: [
        { cpus: 0.005, mem: 16, hostname: 'tiny' },
        { cpus: 1, mem: 512, hostname: 'small' },
        { cpus: 4, mem: 512, hostname: 'big' },
      ],
      allocationIntervalMs: 50,
    });
    const plain = await framework(master.url, { name: 'plain' });
    const picky = await framework(master.url, {
      name: 'picky',
      offer_filters: {
        '*': {
          min_allocatable_resources: { quantities: [{ quantities: { cpus: { value: 2 } } }] },
        },
      },
    });
    await sleep(300);
    const hosts = (fw: typeof plain) =>
      fw.s.events.flatMap((e) =>
        e.type === 'OFFERS' ? (e.offers.offers ?? []).map((o) => o.hostname) : [],
      );
    expect(hosts(plain).sort()).toEqual(['big', 'small']);
    expect(hosts(picky)).toEqual([]);
    const bigOffer = plain.s.events
      .flatMap((e) => (e.type === 'OFFERS' ? (e.offers.offers ?? []) : []))
      .find((o) => o.hostname === 'big')!;
    await plain.call({
      type: 'DECLINE',
      decline: { offer_ids: [bigOffer.id], filters: { refuse_seconds: 60 } },
    });
    const [forPicky] = await picky.offers(2000);
    expect(forPicky!.hostname).toBe('big');
    await plain.close();
    await picky.close();
  });

  it('new agents go to the framework with the lower dominant share', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT, AGENT], allocationIntervalMs: 200 });
    const a = await framework(master.url, { name: 'a' });
    expect(await a.offers()).toHaveLength(2);
    const b = await framework(master.url, { name: 'b' });
    const added = [master.core.cluster.addAgent(AGENT), master.core.cluster.addAgent(AGENT)];
    const forB = [...(await b.offers(2000))];
    while (forB.length < 2) forB.push(...(await b.offers(2000)));
    expect(forB.map((o) => o.agent_id.value).sort()).toEqual([...added].sort());
    expect(a.s.events.filter((e) => e.type === 'OFFERS')).toHaveLength(1);
    await a.close();
    await b.close();
  });
});
