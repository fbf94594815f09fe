import { SimulatedMaster } from '../../src/testing';
import type { Offer, Resource, TaskInfo } from '../../src/wire';
import { framework, scalar, sleep, total, type TestFramework } from './sim-cluster-helpers';

const AGENT = { cpus: 4, mem: 4096, disk: 1000, ports: [[31000, 31009]] as [number, number][] };

function task(
  offer: Offer,
  id: string,
  resources: readonly Resource[],
  extra: Partial<TaskInfo> = {},
): TaskInfo {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources,
    command: { value: 'true' },
    ...extra,
  };
}

describe('simulated master: ACCEPT', () => {
  let master: SimulatedMaster;
  let fw: TestFramework;
  afterEach(async () => {
    await fw.close();
    await master.stop();
  });

  async function setUp(
    extra: Parameters<typeof framework>[1] = {},
    agents = [AGENT],
    contentType = 'application/json',
  ): Promise<Offer> {
    master = await SimulatedMaster.start({ agents, allocationIntervalMs: 50 });
    fw = await framework(master.url, extra, { contentType });
    const [offer] = await fw.offers();
    return offer!;
  }

  it.each(['application/json', 'application/x-protobuf'])(
    '%s: LAUNCH hands valid tasks to the task side and takes their resources; the rest comes back after the filter',
    async (contentType) => {
      const offer = await setUp({}, [AGENT], contentType);
      const launch = jest.spyOn(master.core.tasks, 'launch');
      const t = task(offer, 't1', [scalar('cpus', 1), scalar('mem', 128)]);
      expect(
        (
          await fw.call({
            type: 'ACCEPT',
            accept: {
              offer_ids: [offer.id],
              operations: [{ type: 'LAUNCH', launch: { task_infos: [t] } }],
              filters: { refuse_seconds: 0.2 },
            },
          })
        ).status,
      ).toBe(202);
      expect(launch).toHaveBeenCalledTimes(1);
      const [, agent, launches] = launch.mock.calls[0]!;
      expect(agent).toEqual({ agentId: offer.agent_id.value, hostname: 'agent-0.sim.local' });
      expect(launches).toHaveLength(1);
      expect(launches[0]!.task.resources).toEqual([
        scalar('cpus', 1, { allocation_info: { role: '*' } }),
        scalar('mem', 128, { allocation_info: { role: '*' } }),
      ]);
      const view = master.core.cluster.agents()[0]!;
      expect(total(view.used, 'cpus')).toBe(1);
      const [rest] = await fw.offers(2000);
      expect(
        total(rest!.resources, 'cpus') + total(master.core.cluster.agents()[0]!.used, 'cpus'),
      ).toBe(4);
    },
  );

  it('over-commit, a duplicate task id, no resources, command and executor, `id` on LAUNCH: TASK_ERROR from the master', async () => {
    const offer = await setUp();
    const launch = jest.spyOn(master.core.tasks, 'launch');
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          {
            type: 'LAUNCH',
            launch: {
              task_infos: [
                task(offer, 'big', [scalar('cpus', 5)]),
                task(offer, 'ok', [scalar('cpus', 1)]),
                task(offer, 'ok', [scalar('cpus', 1)]),
                task(offer, 'empty', []),
                task(offer, 'both', [scalar('cpus', 1)], {
                  executor: { executor_id: { value: 'e' }, command: { value: 'x' } },
                }),
              ],
            },
          },
          {
            type: 'LAUNCH',
            id: { value: 'op' },
            launch: { task_infos: [task(offer, 'with-id', [scalar('cpus', 1)])] },
          },
        ],
      },
    });
    const statuses = [
      await fw.update(),
      await fw.update(),
      await fw.update(),
      await fw.update(),
      await fw.update(),
    ];
    const byId = Object.fromEntries(statuses.map((s) => [s.task_id.value, s]));
    expect(statuses.map((s) => s.task_id.value)).toEqual(['with-id', 'big', 'ok', 'empty', 'both']);
    for (const s of statuses) {
      expect(s).toMatchObject({
        state: 'TASK_ERROR',
        source: 'SOURCE_MASTER',
        reason: 'REASON_TASK_INVALID',
        agent_id: offer.agent_id,
      });
      expect(s.uuid).toBeUndefined();
    }
    expect(byId['with-id']!.message).toBe('The `id` field cannot be set on LAUNCH operations');
    expect(byId.big!.message).toBe(
      'Total resources cpus(allocated: *):5 required by task and its executor is more than available ' +
        'cpus(allocated: *):4; mem(allocated: *):4096; disk(allocated: *):1000; ports(allocated: *):[31000-31009]',
    );
    expect(byId.ok!.message).toBe('Task has duplicate ID: ok');
    expect(byId.empty!.message).toBe('Task uses no resources');
    expect(byId.both!.message).toBe(
      'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present',
    );
    expect(launch.mock.calls.map((c) => c[2].map((l) => l.task.task_id.value))).toEqual([['ok']]);
  });

  it('a task id the framework already runs is refused; the running task goes on', async () => {
    const offer = await setUp({}, [AGENT, AGENT]);
    master.core.tasks.hasTask = (_fw, id) => id === 'running';
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          { type: 'LAUNCH', launch: { task_infos: [task(offer, 'running', [scalar('cpus', 1)])] } },
        ],
      },
    });
    expect((await fw.update()).message).toBe('Task has duplicate ID: running');
  });

  it.each([
    [
      'duplicate offer ids',
      (o: Offer, _p: Offer) => [o.id, o.id],
      (o: Offer) => `Duplicate offer ${o.id.value} in offer list`,
    ],
    [
      'an unknown offer',
      (_o: Offer, _p: Offer) => [{ value: 'nope' }],
      () => 'Offer nope is no longer valid',
    ],
    [
      'offers on two agents',
      (o: Offer, p: Offer) => [o.id, p.id],
      (o: Offer, p: Offer) =>
        `Aggregated offers must belong to one single agent. Offer ${p.id.value} uses agent ${p.agent_id.value} and agent ${o.agent_id.value}`,
    ],
  ])(
    'invalid offers (%s): TASK_LOST, or TASK_DROPPED when PARTITION_AWARE; offers go back',
    async (_name, ids, message) => {
      for (const aware of [false, true]) {
        master = await SimulatedMaster.start({ agents: [AGENT, AGENT], allocationIntervalMs: 50 });
        fw = await framework(
          master.url,
          aware ? { capabilities: [{ type: 'PARTITION_AWARE' }] } : {},
        );
        const offers = await fw.offers();
        const [o, p] = offers.length === 2 ? offers : [offers[0]!, (await fw.offers())[0]!];
        await fw.call({
          type: 'ACCEPT',
          accept: {
            offer_ids: ids(o!, p!),
            operations: [
              { type: 'LAUNCH', launch: { task_infos: [task(o!, 't', [scalar('cpus', 1)])] } },
              { type: 'RESERVE', id: { value: 'r1' }, reserve: { resources: [] } },
            ],
          },
        });
        const status = await fw.update();
        expect(status).toMatchObject({
          task_id: { value: 't' },
          state: aware ? 'TASK_DROPPED' : 'TASK_LOST',
          reason: 'REASON_INVALID_OFFERS',
          source: 'SOURCE_MASTER',
          message: `Task launched with invalid offers: ${message(o!, p!)}`,
        });
        const op = await fw.next('UPDATE_OPERATION_STATUS');
        expect(op.update_operation_status.status).toEqual({
          operation_id: { value: 'r1' },
          state: 'OPERATION_ERROR',
          message: `Operation attempted with invalid offers: ${message(o!, p!)}`,
        });
        if (aware) continue;
        await fw.close();
        await master.stop();
      }
    },
  );

  it('LAUNCH_GROUP: a valid group is launched with its executor and a group key; an invalid one fails whole', async () => {
    const offer = await setUp();
    const launch = jest.spyOn(master.core.tasks, 'launch');
    const executor = {
      type: 'DEFAULT' as const,
      executor_id: { value: 'ex' },
      framework_id: { value: fw.id },
      resources: [scalar('cpus', 0.1), scalar('mem', 32), scalar('disk', 10)],
    };
    const group = (ids: string[], ex = executor) => ({
      type: 'LAUNCH_GROUP' as const,
      launch_group: {
        executor: ex,
        task_group: {
          tasks: ids.map((id) => {
            const { command: _, ...rest } = task(offer, id, [scalar('cpus', 0.5)]);
            return rest;
          }),
        },
      },
    });
    const noDisk = {
      ...executor,
      executor_id: { value: 'ex2' },
      resources: [scalar('cpus', 0.1), scalar('mem', 32)],
    };
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [group(['g1', 'g2']), group(['g3', 'g4'], noDisk)],
      },
    });
    const failed = [await fw.update(), await fw.update()];
    expect(failed.map((s) => [s.task_id.value, s.state, s.reason, s.message])).toEqual([
      ['g3', 'TASK_ERROR', 'REASON_TASK_GROUP_INVALID', "Executor 'ex2' uses no disk"],
      ['g4', 'TASK_ERROR', 'REASON_TASK_GROUP_INVALID', "Executor 'ex2' uses no disk"],
    ]);
    expect(launch).toHaveBeenCalledTimes(1);
    const launches = launch.mock.calls[0]![2];
    expect(
      launches.map((l) => [
        l.task.task_id.value,
        l.executor?.executor_id.value,
        l.task.executor?.executor_id.value,
      ]),
    ).toEqual([
      ['g1', 'ex', 'ex'],
      ['g2', 'ex', 'ex'],
    ]);
    expect(launches[0]!.group).toBeDefined();
    expect(launches[0]!.group).toBe(launches[1]!.group);
    expect(total(master.core.cluster.agents()[0]!.used, 'cpus')).toBeCloseTo(1.1);
  });

  it('the `id` field on LAUNCH_GROUP fails the group; a missing framework id on its executor too', async () => {
    const offer = await setUp();
    const executor = {
      type: 'DEFAULT' as const,
      executor_id: { value: 'ex' },
      resources: [scalar('cpus', 0.1), scalar('mem', 32), scalar('disk', 1)],
    };
    const tasks = [
      {
        name: 'g',
        task_id: { value: 'g' },
        agent_id: offer.agent_id,
        resources: [scalar('cpus', 1)],
      },
    ];
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          {
            type: 'LAUNCH_GROUP',
            id: { value: 'x' },
            launch_group: { executor, task_group: { tasks } },
          },
          { type: 'LAUNCH_GROUP', launch_group: { executor, task_group: { tasks } } },
        ],
      },
    });
    expect((await fw.update()).message).toBe(
      'The `id` field cannot be set on LAUNCH_GROUP operations',
    );
    const second = await fw.update();
    expect([second.reason, second.message]).toEqual([
      'REASON_TASK_GROUP_INVALID',
      "'ExecutorInfo.framework_id' must be set",
    ]);
  });

  it('RESERVE and CREATE change the agent; the next offer has the reservation and the volume; DESTROY and UNRESERVE undo them', async () => {
    const offer = await setUp({
      roles: ['db'],
      principal: 'ops',
      capabilities: [{ type: 'MULTI_ROLE' }, { type: 'RESERVATION_REFINEMENT' }],
    });
    const reservation = { type: 'DYNAMIC' as const, role: 'db', principal: 'ops' };
    const reservedDisk = scalar('disk', 100, { reservations: [reservation] });
    const volume = scalar('disk', 100, {
      reservations: [reservation],
      disk: {
        persistence: { id: 'data', principal: 'ops' },
        volume: { mode: 'RW', container_path: 'data' },
      },
    });
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          {
            type: 'RESERVE',
            reserve: {
              resources: [scalar('cpus', 1, { reservations: [reservation] }), reservedDisk],
            },
          },
          { type: 'CREATE', create: { volumes: [volume] } },
        ],
        filters: { refuse_seconds: 0 },
      },
    });
    const [next] = await fw.offers();
    const stack = (r: Resource) => JSON.stringify(r.reservations ?? []);
    expect(
      next!
        .resources!.filter((r) => r.reservations !== undefined)
        .map((r) => [r.name, r.scalar?.value, r.disk?.persistence?.id]),
    ).toEqual([
      ['cpus', 1, undefined],
      ['disk', 100, 'data'],
    ]);
    expect(total(next!.resources, 'cpus')).toBe(4);
    expect(total(next!.resources, 'disk')).toBe(1000);
    expect(
      stack(next!.resources!.find((r) => r.name === 'cpus' && r.reservations !== undefined)!),
    ).toBe(JSON.stringify([reservation]));
    const agentTotal = master.core.cluster.agents()[0]!.total;
    expect(agentTotal.some((r) => r.disk?.persistence?.id === 'data')).toBe(true);
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [next!.id],
        operations: [
          { type: 'DESTROY', destroy: { volumes: [volume] } },
          {
            type: 'UNRESERVE',
            unreserve: {
              resources: [scalar('cpus', 1, { reservations: [reservation] }), reservedDisk],
            },
          },
        ],
        filters: { refuse_seconds: 0 },
      },
    });
    const [last] = await fw.offers();
    expect(last!.resources!.filter((r) => r.reservations !== undefined)).toEqual([]);
    expect(total(last!.resources, 'cpus')).toBe(4);
    expect(total(last!.resources, 'disk')).toBe(1000);
  });

  it('operations asking for feedback get OPERATION_ERROR (no RESOURCE_PROVIDER on the agent); CREATE_DISK is dropped', async () => {
    const offer = await setUp({
      roles: ['db'],
      capabilities: [{ type: 'MULTI_ROLE' }, { type: 'RESERVATION_REFINEMENT' }],
    });
    const raw = scalar('disk', 10, {
      provider_id: { value: 'rp' },
      disk: { source: { type: 'RAW', id: 'v', profile: 'p' } },
    });
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          {
            type: 'RESERVE',
            id: { value: 'r' },
            reserve: {
              resources: [scalar('cpus', 1, { reservations: [{ type: 'DYNAMIC', role: 'db' }] })],
            },
          },
          {
            type: 'UNRESERVE',
            id: { value: 'bad' },
            unreserve: { resources: [scalar('cpus', -1)] },
          },
          { type: 'CREATE_DISK', create_disk: { source: raw, target_type: 'MOUNT' } },
          {
            type: 'CREATE_DISK',
            id: { value: 'cd' },
            create_disk: { source: raw, target_type: 'MOUNT' },
          },
        ],
      },
    });
    const agentId = offer.agent_id.value;
    const statuses = [
      await fw.next('UPDATE_OPERATION_STATUS'),
      await fw.next('UPDATE_OPERATION_STATUS'),
      await fw.next('UPDATE_OPERATION_STATUS'),
    ].map((e) => e.update_operation_status.status);
    expect(statuses).toEqual([
      {
        operation_id: { value: 'r' },
        state: 'OPERATION_ERROR',
        message: `Operation requested feedback, but agent ${agentId} does not have the required RESOURCE_PROVIDER capability`,
      },
      {
        operation_id: { value: 'bad' },
        state: 'OPERATION_ERROR',
        message:
          "Operation attempted with invalid resources: Resource 'cpus:-1' is invalid: Invalid scalar resource: value <= 0",
      },
      {
        operation_id: { value: 'cd' },
        state: 'OPERATION_ERROR',
        message: `Operation requested feedback, but agent ${agentId} does not have the required RESOURCE_PROVIDER capability`,
      },
    ]);
    await sleep(100);
    expect(fw.s.events.filter((e) => e.type === 'UPDATE_OPERATION_STATUS')).toHaveLength(3);
    expect(master.core.cluster.agents()[0]!.total.some((r) => r.reservations !== undefined)).toBe(
      false,
    );
  });

  it('a finished task gives its resources back', async () => {
    const offer = await setUp();
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          { type: 'LAUNCH', launch: { task_infos: [task(offer, 'quick', [scalar('cpus', 2)])] } },
        ],
      },
    });
    for (;;) {
      const s = await fw.update(3000);
      if (s.uuid !== undefined) {
        await fw.call({
          type: 'ACKNOWLEDGE',
          acknowledge: { agent_id: s.agent_id!, task_id: s.task_id, uuid: s.uuid },
        });
      }
      if (s.state === 'TASK_FINISHED') break;
    }
    expect(total(master.core.cluster.agents()[0]!.used, 'cpus')).toBe(0);
  });
  it('malformed operations never break the master: they are refused as the master refuses them', async () => {
    const offer = await setUp();
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [offer.id],
        operations: [
          { type: 'UNKNOWN', id: { value: 'u' } },
          {
            type: 'LAUNCH',
            launch: {
              task_infos: [
                task(offer, 'inverted', [
                  { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: '9', end: '1' }] } },
                ]),
                task(offer, 'bad/id', [scalar('cpus', 1)]),
                task({ ...offer, agent_id: { value: 'elsewhere' } }, 'wrong-agent', [
                  scalar('cpus', 1),
                ]),
              ],
            },
          },
        ],
      },
    });
    expect((await fw.update()).message).toBe(
      "Resource 'ports:[9-1]' is invalid: Invalid ranges resource: begin > end",
    );
    await fw.call({
      type: 'ACCEPT',
      accept: {
        offer_ids: [(await fw.offers(8000))[0]!.id],
        operations: [
          {
            type: 'LAUNCH',
            launch: {
              task_infos: [
                task(offer, 'bad/id', [scalar('cpus', 1)]),
                task({ ...offer, agent_id: { value: 'elsewhere' } }, 'wrong-agent', [
                  scalar('cpus', 1),
                ]),
              ],
            },
          },
        ],
      },
    });
    expect((await fw.update()).message).toBe("'bad/id' contains invalid characters");
    expect((await fw.update()).message).toBe(
      `Task uses invalid agent elsewhere while agent ${offer.agent_id.value} is expected`,
    );
    expect((await fetch(`${master.url}/state`)).status).toBe(200);
  });
});
