import { SimulatedMaster } from '../../src/testing';
import type { ExecutorInfo, Resource, TaskInfo } from '../../src/wire';
import {
  AGENT,
  MODERN,
  PROTOBUF_CT,
  ack,
  call,
  commandTask,
  launch,
  nextAcked,
  nextUpdate,
  scalar,
  statusOf,
  subscribeFramework,
  type Subscribed,
} from './sim-tasks-harness';

const LONG = (): { runSeconds: number; state: 'TASK_FINISHED' } => ({
  runSeconds: 3600,
  state: 'TASK_FINISHED',
});

function executorInfo(id: string, type: ExecutorInfo['type'] = 'CUSTOM'): ExecutorInfo {
  return {
    executor_id: { value: id },
    type,
    resources: [scalar('cpus', 0.1), scalar('mem', 32)],
    ...(type === 'CUSTOM' ? { command: { value: 'my-executor' } } : {}),
  };
}

function executorTask(id: string): TaskInfo {
  const { command: _command, ...rest } = commandTask(id, '');
  return rest;
}

/** Waits until the task runs, acknowledging STARTING and RUNNING. */
async function untilRunning(
  master: SimulatedMaster,
  sub: Subscribed,
  taskId: string,
): Promise<void> {
  await nextAcked(master, sub, taskId, 'TASK_STARTING');
  await nextAcked(master, sub, taskId, 'TASK_RUNNING');
}

describe('simulated master: KILL, SHUTDOWN and MESSAGE', () => {
  let master: SimulatedMaster;
  beforeEach(async () => {
    master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 60, taskScript: LONG });
  });
  afterEach(async () => {
    await master.stop();
  });

  it.each([
    ['partition-aware', MODERN, 'TASK_UNKNOWN'],
    ['legacy', {}, 'TASK_LOST'],
  ] as const)(
    '%s: KILL of an unknown task is answered by reconciliation',
    async (_n, caps, state) => {
      const sub = await subscribeFramework(master, caps);
      await call(master, sub, {
        type: 'KILL',
        framework_id: { value: sub.id },
        kill: { task_id: { value: 'ghost' } },
      });
      const answer = await nextUpdate(sub, 'ghost');
      expect(answer).toEqual({
        task_id: { value: 'ghost' },
        state,
        message: 'Reconciliation: Task is unknown',
        source: 'SOURCE_MASTER',
        reason: 'REASON_RECONCILIATION',
        timestamp: expect.any(Number) as number,
      });
      await sub.s.close();
    },
  );

  it('ignores a KILL whose agent_id is not the task agent', async () => {
    const sub = await subscribeFramework(master, MODERN);
    launch(master, sub, { task: commandTask('t1', 'sleep 1') });
    await untilRunning(master, sub, 't1');
    await call(master, sub, {
      type: 'KILL',
      framework_id: { value: sub.id },
      kill: { task_id: { value: 't1' }, agent_id: { value: 'elsewhere' } },
    });
    await call(master, sub, {
      type: 'RECONCILE',
      framework_id: { value: sub.id },
      reconcile: { tasks: [{ task_id: { value: 't1' } }] },
    });
    // the next update of t1 is the reconciliation answer: no TASK_KILLING came first
    const next = await nextUpdate(sub, 't1');
    expect([next.state, next.source]).toEqual(['TASK_RUNNING', 'SOURCE_MASTER']);
    await sub.s.close();
  });

  it('KILL before the task reached its executor: TASK_KILLED from the agent', async () => {
    const sub = await subscribeFramework(master, MODERN);
    launch(master, sub, { task: commandTask('early', 'sleep 1') });
    // the task reaches its executor 20 ms after launch: the KILL goes straight to the tracker,
    // in the same tick, so that no HTTP latency lets the delivery happen first
    master.core.tasks.kill(sub.fw, { task_id: { value: 'early' } });
    const killed = await nextUpdate(sub, 'early');
    expect(killed).toMatchObject({
      state: 'TASK_KILLED',
      source: 'SOURCE_AGENT',
      reason: 'REASON_TASK_KILLED_DURING_LAUNCH',
      message: 'Killed before delivery to the executor',
      executor_id: { value: 'early' },
    });
    expect(killed.container_status).toBeUndefined();
    await sub.s.close();
  });

  it('simulated kill: TASK_KILLING then TASK_KILLED, resources released', async () => {
    const released: (readonly Resource[])[] = [];
    jest.spyOn(master.core.cluster, 'release').mockImplementation((_a, r) => {
      released.push(r);
    });
    const sub = await subscribeFramework(master, MODERN, PROTOBUF_CT);
    launch(master, sub, { task: commandTask('t1', 'sleep 1') });
    await untilRunning(master, sub, 't1');
    await call(master, sub, {
      type: 'KILL',
      framework_id: { value: sub.id },
      kill: { task_id: { value: 't1' }, agent_id: { value: AGENT.agentId } },
    });
    const killing = await nextUpdate(sub, 't1');
    expect(killing.state).toBe('TASK_KILLING');
    // the task may be dead already, but its TASK_KILLED waits behind TASK_KILLING: the master
    // does not know yet
    expect(released).toEqual([]);
    await ack(master, sub, killing);
    const killed = await nextUpdate(sub, 't1');
    expect([killed.state, killed.message]).toEqual([
      'TASK_KILLED',
      'Command terminated with signal Terminated',
    ]);
    expect(released).toHaveLength(1);
    await sub.s.close();
  });

  it('killing one task of a task group kills the group; then the default executor ends', async () => {
    const released: (readonly Resource[])[] = [];
    jest.spyOn(master.core.cluster, 'release').mockImplementation((_a, r) => {
      released.push(r);
    });
    const sub = await subscribeFramework(master, MODERN);
    const executor = executorInfo('group-exec', 'DEFAULT');
    launch(
      master,
      sub,
      { task: executorTask('g1'), executor, group: 'G' },
      { task: executorTask('g2'), executor, group: 'G' },
    );
    const seen = new Map<string, string[]>();
    const take = async (): Promise<void> => {
      const st = statusOf(await sub.s.next((e) => e.type === 'UPDATE'));
      expect(st.executor_id?.value).toBe('group-exec');
      expect(st.container_status?.container_id?.parent?.value).toMatch(/^[0-9a-f-]{36}$/);
      seen.set(st.task_id.value, [...(seen.get(st.task_id.value) ?? []), st.state]);
      await ack(master, sub, st);
    };
    while ([...seen.values()].flat().filter((s) => s === 'TASK_RUNNING').length < 2) await take();
    expect(master.core.tasks.executorsOn(sub.fw, AGENT.agentId)).toEqual([{ value: 'group-exec' }]);

    await call(master, sub, {
      type: 'KILL',
      framework_id: { value: sub.id },
      kill: { task_id: { value: 'g1' } },
    });
    while ([...seen.values()].flat().filter((s) => s === 'TASK_KILLED').length < 2) await take();
    expect(seen.get('g1')).toEqual([
      'TASK_STARTING',
      'TASK_RUNNING',
      'TASK_KILLING',
      'TASK_KILLED',
    ]);
    expect(seen.get('g2')).toEqual([
      'TASK_STARTING',
      'TASK_RUNNING',
      'TASK_KILLING',
      'TASK_KILLED',
    ]);

    // every update acknowledged: the default executor exits, the framework hears of it
    const failure = await sub.s.next((e) => e.type === 'FAILURE');
    expect(failure).toEqual({
      type: 'FAILURE',
      failure: {
        agent_id: { value: AGENT.agentId },
        executor_id: { value: 'group-exec' },
        status: 0,
      },
    });
    expect(master.core.tasks.executorsOn(sub.fw, AGENT.agentId)).toEqual([]);
    expect(released).toEqual([
      ...[1, 2].map(() => executorTask('x').resources),
      executor.resources,
    ]);
    await sub.s.close();
  });

  it('SHUTDOWN of a custom executor: its tasks are killed, then FAILURE with the exit status', async () => {
    const sub = await subscribeFramework(master);
    const executor = executorInfo('my-exec');
    launch(
      master,
      sub,
      { task: executorTask('c1'), executor },
      { task: executorTask('c2'), executor },
    );
    for (let running = 0; running < 2;) {
      const st = statusOf(await sub.s.next((e) => e.type === 'UPDATE'));
      await ack(master, sub, st);
      if (st.state === 'TASK_RUNNING') running++;
    }
    expect(master.core.tasks.executorsOn(sub.fw, AGENT.agentId)).toEqual([{ value: 'my-exec' }]);
    await call(master, sub, {
      type: 'SHUTDOWN',
      framework_id: { value: sub.id },
      shutdown: { executor_id: { value: 'my-exec' }, agent_id: { value: AGENT.agentId } },
    });
    const ends = new Set<string>();
    while (ends.size < 2) {
      const e = await sub.s.next((ev) => ev.type === 'UPDATE' || ev.type === 'FAILURE');
      expect(e.type).toBe('UPDATE'); // the FAILURE comes after the tasks' ends
      const st = statusOf(e);
      expect([st.state, st.message]).toEqual([
        'TASK_KILLED',
        'Command terminated with signal Terminated',
      ]);
      ends.add(st.task_id.value);
    }
    const failure = await sub.s.next((e) => e.type === 'FAILURE');
    expect(failure).toEqual({
      type: 'FAILURE',
      failure: { agent_id: { value: AGENT.agentId }, executor_id: { value: 'my-exec' }, status: 0 },
    });
    expect(master.core.tasks.executorsOn(sub.fw, AGENT.agentId)).toEqual([]);
    await sub.s.close();
  });

  it('SHUTDOWN of a command executor kills its task; unknown executors are ignored', async () => {
    const sub = await subscribeFramework(master);
    launch(master, sub, { task: commandTask('t1', 'sleep 1') });
    await untilRunning(master, sub, 't1');
    for (const id of ['nope', 't1']) {
      expect(
        await call(master, sub, {
          type: 'SHUTDOWN',
          framework_id: { value: sub.id },
          shutdown: { executor_id: { value: id }, agent_id: { value: AGENT.agentId } },
        }),
      ).toBe(202);
    }
    const killed = await nextUpdate(sub, 't1');
    expect([killed.state, killed.source]).toEqual(['TASK_KILLED', 'SOURCE_EXECUTOR']);
    await sub.s.close();
  });

  it('MESSAGE reaches a running executor, which echoes it back; unknown executors drop it', async () => {
    const sub = await subscribeFramework(master);
    launch(master, sub, { task: commandTask('t1', 'sleep 1') });
    await untilRunning(master, sub, 't1');
    const send = (executor: string, agent: string, text: string): Promise<number> =>
      call(master, sub, {
        type: 'MESSAGE',
        framework_id: { value: sub.id },
        message: {
          agent_id: { value: agent },
          executor_id: { value: executor },
          data: Buffer.from(text).toString('base64'),
        },
      });
    expect(await send('nobody', AGENT.agentId, 'lost')).toBe(202);
    expect(await send('t1', 'no-such-agent', 'lost too')).toBe(202);
    expect(await send('t1', AGENT.agentId, 'ping')).toBe(202);
    const echo = await sub.s.next((e) => e.type === 'MESSAGE');
    expect(echo).toEqual({
      type: 'MESSAGE',
      message: {
        agent_id: { value: AGENT.agentId },
        executor_id: { value: 't1' },
        data: Buffer.from('ping').toString('base64'),
      },
    });
    await sub.s.close();
  });
});
