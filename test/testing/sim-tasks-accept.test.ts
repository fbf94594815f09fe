import { SimulatedMaster } from '../../src/testing';
import type { Offer } from '../../src/wire';
import {
  JSON_CT,
  MODERN,
  PROTOBUF_CT,
  call,
  followToEnd,
  scalar,
  stateOf,
  subscribeFramework,
} from './sim-tasks-harness';

describe('simulated master: tasks launched through ACCEPT', () => {
  let master: SimulatedMaster;
  afterEach(async () => {
    await master.stop();
  });

  it.each([JSON_CT, PROTOBUF_CT])(
    '%s: an offer accepted with LAUNCH runs the task on its agent',
    async (ct) => {
      master = await SimulatedMaster.start({
        heartbeatIntervalSeconds: 60,
        allocationIntervalMs: 50,
        agents: [{ cpus: 2, mem: 1024 }],
        taskScript: () => ({ runSeconds: 0, state: 'TASK_FINISHED' }),
      });
      const sub = await subscribeFramework(master, MODERN, ct);
      const offers = await sub.s.next((e) => e.type === 'OFFERS');
      if (offers.type !== 'OFFERS') throw new Error(offers.type);
      const offer = offers.offers.offers?.[0] as Offer;
      expect(
        await call(master, sub, {
          type: 'ACCEPT',
          framework_id: { value: sub.id },
          accept: {
            offer_ids: [offer.id],
            operations: [
              {
                type: 'LAUNCH',
                launch: {
                  task_infos: [
                    {
                      name: 'via-accept',
                      task_id: { value: 'a1' },
                      agent_id: offer.agent_id,
                      resources: [scalar('cpus', 1), scalar('mem', 128)],
                      command: { value: 'true' },
                    },
                  ],
                },
              },
            ],
          },
        }),
      ).toBe(202);
      const seen = await followToEnd(master, sub, 'a1');
      expect(seen.map((s) => s.state)).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED']);
      for (const s of seen) expect(s.agent_id).toEqual(offer.agent_id);
      const fw = (await stateOf(master)).frameworks[0] as {
        completed_tasks: Record<string, unknown>[];
      };
      expect(fw.completed_tasks[0]).toMatchObject({
        id: 'a1',
        slave_id: offer.agent_id.value,
        state: 'TASK_FINISHED',
      });
      await sub.s.close();
    },
  );
});
