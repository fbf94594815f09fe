import { SimulatedMaster } from '../../src/testing';
import type { Offer } from '../../src/wire';
import {
  framework,
  scalar,
  sleep,
  total,
  typesSince,
  type TestFramework,
} from './sim-cluster-helpers';

const AGENT = { cpus: 2, mem: 2048 };

describe('simulated master: agents, maintenance and fault hooks', () => {
  let master: SimulatedMaster;
  let fw: TestFramework;
  afterEach(async () => {
    await fw.close();
    await master.stop();
  });

  async function launchOn(offer: Offer, id: string): Promise<void> {
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          {
            type: 'LAUNCH',
            launch: {
              task_infos: [
                {
                  name: id,
                  task_id: { value: id },
                  agent_id: offer.agent_id,
                  resources: [scalar('cpus', 1)],
                  command: { value: 'sleep 100' },
                },
              ],
            },
          },
        ],
        filters: { refuse_seconds: 0 },
      },
    });
  }

  it('removeAgent: task updates, RESCIND of its offers, then FAILURE {agent_id}; it is never offered again', async () => {
    master = await SimulatedMaster.start({
      agents: [AGENT],
      allocationIntervalMs: 50,
      taskScript: () => ({ runSeconds: 100, state: 'TASK_FINISHED' }),
    });
    fw = await framework(master.url);
    const [offer] = await fw.offers();
    await launchOn(offer!, 't1');
    const [rest] = await fw.offers();
    const mark = fw.s.events.length;
    expect(master.core.cluster.removeAgent(offer!.agent_id.value)).toBe(true);
    const failure = await fw.next('FAILURE');
    expect(failure.failure).toEqual({ agent_id: offer!.agent_id });
    const types = typesSince(fw.s, mark);
    expect(types.indexOf('RESCIND')).toBeGreaterThan(types.lastIndexOf('UPDATE'));
    expect(types.indexOf('RESCIND')).toBeLessThan(types.indexOf('FAILURE'));
    expect(fw.s.events.find((e) => e.type === 'RESCIND')).toMatchObject({
      rescind: { offer_id: rest!.id },
    });
    const lost = fw.s.events.slice(mark).find((e) => e.type === 'UPDATE');
    expect(lost).toMatchObject({
      update: { status: { task_id: { value: 't1' }, state: 'TASK_LOST' } },
    });
    expect(master.core.cluster.agents()).toEqual([]);
    expect(master.core.cluster.removeAgent(offer!.agent_id.value)).toBe(false);
  });

  it('partitionAgent: RESCIND and FAILURE, no offers while unreachable; healAgent: offered again', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    fw = await framework(master.url);
    const [offer] = await fw.offers();
    const agentId = offer!.agent_id.value;
    expect(master.core.cluster.partitionAgent(agentId)).toBe(true);
    expect((await fw.next('RESCIND')).rescind.offer_id).toEqual(offer!.id);
    expect((await fw.next('FAILURE')).failure.agent_id).toEqual(offer!.agent_id);
    expect(master.core.cluster.agents()[0]!.state).toBe('unreachable');
    const mark = fw.s.events.length;
    await sleep(250);
    expect(typesSince(fw.s, mark)).not.toContain('OFFERS');
    expect(master.core.cluster.healAgent(agentId)).toBe(true);
    const [back] = await fw.offers(2000);
    expect(back!.agent_id).toEqual(offer!.agent_id);
  });

  it('rescindOffer and addAgent', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT], allocationIntervalMs: 50 });
    fw = await framework(master.url);
    const [offer] = await fw.offers();
    expect(master.core.cluster.rescindOffer(offer!.id.value)).toBe(true);
    expect((await fw.next('RESCIND')).rescind.offer_id).toEqual(offer!.id);
    expect(master.core.cluster.rescindOffer(offer!.id.value)).toBe(false);
    await fw.offers(2000);
    const id = master.core.cluster.addAgent({ cpus: 1, mem: 256, hostname: 'late' });
    const [late] = await fw.offers(2000);
    expect([late!.agent_id.value, late!.hostname, total(late!.resources, 'cpus')]).toEqual([
      id,
      'late',
      1,
    ]);
  });

  it('maintenance: offers carry unavailability, frameworks there get inverse offers; answers are recorded; cancel rescinds', async () => {
    master = await SimulatedMaster.start({ agents: [AGENT, AGENT], allocationIntervalMs: 50 });
    fw = await framework(master.url);
    const offers = [...(await fw.offers())];
    while (offers.length < 2) offers.push(...(await fw.offers()));
    const agentId = offers[0]!.agent_id.value;
    master.core.cluster.scheduleMaintenance([agentId], { start: 1_700_000_000.5, duration: 3600 });
    const rescind = await fw.next('RESCIND');
    expect(rescind.rescind.offer_id).toEqual(offers[0]!.id);
    const [withWindow] = await fw.offers(2000);
    const unavailability = {
      start: { nanoseconds: '1700000000500000000' },
      duration: { nanoseconds: '3600000000000' },
    };
    expect(withWindow).toMatchObject({ agent_id: { value: agentId }, unavailability });
    const inverse = await fw.next('INVERSE_OFFERS');
    const [io] = inverse.inverse_offers.inverse_offers ?? [];
    expect(io).toEqual({
      id: expect.objectContaining({ value: expect.stringMatching(/-O\d+$/) as string }) as object,
      url: withWindow!.url,
      framework_id: { value: fw.id },
      agent_id: { value: agentId },
      unavailability,
    });
    expect(
      (
        await fw.call({
          type: 'ACCEPT_INVERSE_OFFERS',
          accept_inverse_offers: { inverse_offer_ids: [io!.id], filters: { refuse_seconds: 60 } },
        })
      ).status,
    ).toBe(202);
    expect(master.core.cluster.inverseOfferAnswers()).toEqual([
      { frameworkId: fw.id, agentId, status: 'ACCEPT', timestamp: expect.any(Number) as number },
    ]);
    await fw.call({
      type: 'DECLINE',
      decline: { offer_ids: [withWindow!.id], filters: { refuse_seconds: 0 } },
    });
    await fw.offers(2000);
    await sleep(150);
    expect(fw.s.events.filter((e) => e.type === 'INVERSE_OFFERS')).toHaveLength(1);
    master.core.cluster.scheduleMaintenance([agentId], { start: 1_800_000_000 });
    const second = await fw.next('INVERSE_OFFERS', 2000);
    const [io2] = second.inverse_offers.inverse_offers ?? [];
    master.core.cluster.cancelMaintenance([agentId]);
    expect((await fw.next('RESCIND_INVERSE_OFFER')).rescind_inverse_offer.inverse_offer_id).toEqual(
      io2!.id,
    );
    const [plain] = await fw.offers(2000);
    expect(plain!.unavailability).toBeUndefined();
  });

  it('GET /state lists the agents with their resources', async () => {
    master = await SimulatedMaster.start({
      agents: [
        {
          ...AGENT,
          ports: [[31000, 31005]],
          attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }],
        },
      ],
      allocationIntervalMs: 50,
    });
    fw = await framework(master.url);
    const [offer] = await fw.offers();
    const state = master.core.cluster.stateSlaves();
    expect(state).toHaveLength(1);
    expect(state[0]).toMatchObject({
      id: offer!.agent_id.value,
      pid: 'slave(1)@127.0.0.1:5051',
      hostname: 'agent-0.sim.local',
      port: 5051,
      resources: { cpus: 2, mem: 2048, disk: 0, gpus: 0, ports: '[31000-31005]' },
      offered_resources: { cpus: 2, mem: 2048, disk: 0, gpus: 0, ports: '[31000-31005]' },
      used_resources: { cpus: 0, mem: 0, disk: 0, gpus: 0 },
      unreserved_resources: { cpus: 2, mem: 2048 },
      attributes: { rack: 'r1' },
      active: true,
    });
    const res = await fetch(`${master.url}/state`);
    const json = (await res.json()) as { slaves: { id: string }[]; activated_slaves: number };
    expect(json.slaves.map((s) => s.id)).toEqual([offer!.agent_id.value]);
    expect(json.activated_slaves).toBe(1);
  });
});
