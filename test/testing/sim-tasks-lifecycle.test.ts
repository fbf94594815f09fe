import { randomUUID } from 'node:crypto';
import { SimulatedMaster } from '../../src/testing';
import type { Resource, TaskStatus } from '../../src/wire';
import {
  AGENT,
  JSON_CT,
  MODERN,
  PROTOBUF_CT,
  ack,
  call,
  commandTask,
  launch,
  nextUpdate,
  stateOf,
  statusOf,
  subscribeFramework,
  updateOf,
} from './sim-tasks-harness';

function expectAgentUpdate(status: TaskStatus, taskId: string): void {
  expect(status.task_id.value).toBe(taskId);
  expect(status.source).toBe('SOURCE_EXECUTOR');
  expect(status.agent_id?.value).toBe(AGENT.agentId);
  expect(status.executor_id?.value).toBe(taskId); // the command executor's id is the task id
  expect(typeof status.timestamp).toBe('number');
  expect(Buffer.from(status.uuid ?? '', 'base64')).toHaveLength(16);
  expect(status.container_status?.container_id?.value).toMatch(/^[0-9a-f-]{36}$/);
  expect(status.container_status?.network_infos).toEqual([
    { ip_addresses: [{ protocol: 'IPv4', ip_address: '127.0.0.1' }] },
  ]);
}

describe('simulated master: task lifecycle and reliable status updates', () => {
  let master: SimulatedMaster;
  afterEach(async () => {
    await master.stop();
  });

  it.each([JSON_CT, PROTOBUF_CT])(
    '%s: STARTING → RUNNING → FINISHED, each released by the acknowledgement of the one before',
    async (ct) => {
      master = await SimulatedMaster.start({
        heartbeatIntervalSeconds: 60,
        statusUpdateRetryMs: 150,
        taskScript: () => ({ runSeconds: 0.05, state: 'TASK_FINISHED' }),
      });
      const released: [string, readonly Resource[]][] = [];
      jest.spyOn(master.core.cluster, 'release').mockImplementation((agentId, resources) => {
        released.push([agentId, resources]);
      });
      const sub = await subscribeFramework(master, MODERN, ct);
      const task = commandTask('t1', 'true');
      launch(master, sub, { task });
      expect(master.core.tasks.hasTask(sub.fw, 't1')).toBe(true);

      const starting = await nextUpdate(sub, 't1');
      expect(starting.state).toBe('TASK_STARTING');
      expectAgentUpdate(starting, 't1');
      expect(starting.message).toBeUndefined();

      // not acknowledged: the same update comes again, and nothing later overtakes it
      const again = await nextUpdate(sub, 't1');
      expect([again.state, again.uuid]).toEqual(['TASK_STARTING', starting.uuid]);
      await ack(master, sub, starting);

      // (a retry of STARTING may still cross the acknowledgement)
      const running = await nextUpdate(sub, 't1', 'TASK_RUNNING');
      expectAgentUpdate(running, 't1');
      expect(running.uuid).not.toBe(starting.uuid);
      expect(running.container_status?.container_id).toEqual(
        starting.container_status?.container_id,
      );
      await ack(master, sub, running);

      const finished = await nextUpdate(sub, 't1', 'TASK_FINISHED');
      expect(finished.message).toBe('Command exited with status 0');
      expectAgentUpdate(finished, 't1');
      // the master learnt the terminal state: the task's resources are free again
      expect(released).toEqual([[AGENT.agentId, task.resources]]);
      expect(master.core.tasks.hasTask(sub.fw, 't1')).toBe(true); // until acknowledged

      const before = (await stateOf(master)).frameworks[0];
      expect((before?.tasks as { state: string }[]).map((t) => t.state)).toEqual(['TASK_FINISHED']);

      await ack(master, sub, finished);
      expect(master.core.tasks.hasTask(sub.fw, 't1')).toBe(false);
      const after = (await stateOf(master)).frameworks[0];
      expect(after?.tasks).toEqual([]);
      expect((after?.completed_tasks as { id: string }[]).map((t) => t.id)).toEqual(['t1']);
      await sub.s.close();
    },
  );

  it('re-sends an unacknowledged update with doubling backoff and holds later updates back', async () => {
    master = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 60,
      statusUpdateRetryMs: 100,
      taskScript: () => ({ runSeconds: 0, state: 'TASK_FINISHED' }),
    });
    const sub = await subscribeFramework(master);
    launch(master, sub, { task: commandTask('t1', 'true') });
    const arrivals: number[] = [];
    const copies: TaskStatus[] = [];
    for (let i = 0; i < 4; i++) {
      copies.push(await nextUpdate(sub, 't1'));
      arrivals.push(Date.now());
    }
    expect(copies.map((c) => c.state)).toEqual(Array(4).fill('TASK_STARTING'));
    expect(new Set(copies.map((c) => c.uuid)).size).toBe(1);
    const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] ?? t));
    // retries after 100, 200 and 400 ms
    expect(gaps[0]).toBeGreaterThanOrEqual(80);
    expect(gaps[1]).toBeGreaterThanOrEqual(170);
    expect(gaps[2]).toBeGreaterThanOrEqual(350);
    // the task finished long ago on its agent, yet the framework saw nothing after STARTING;
    // the master knows the latest state though (a retry carries it), as a real one does
    expect(master.core.tasks.stateOf(sub.id).active[0]?.state).toBe('TASK_FINISHED');

    // an acknowledgement with a wrong uuid or agent changes nothing
    const first = copies[0] as TaskStatus;
    await ack(
      master,
      sub,
      first,
      Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64'),
    );
    await ack(master, sub, { ...first, agent_id: { value: 'other-agent' } });
    const fifth = await nextUpdate(sub, 't1');
    expect([fifth.state, fifth.uuid]).toEqual(['TASK_STARTING', first.uuid]);

    await ack(master, sub, first);
    const next = await nextUpdate(sub, 't1', 'TASK_RUNNING');
    // nothing but copies of STARTING came before RUNNING
    const before = sub.s.events.filter((e) => e.type === 'UPDATE').map((e) => statusOf(e).state);
    expect(before.slice(0, -1).every((s) => s === 'TASK_STARTING')).toBe(true);
    await ack(master, sub, next);
    expect((await nextUpdate(sub, 't1', 'TASK_FINISHED')).message).toBe(
      'Command exited with status 0',
    );
    await sub.s.close();
  });

  it('sends pending updates again as soon as the framework re-subscribes', async () => {
    master = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 60,
      statusUpdateRetryMs: 60_000,
    });
    const first = await subscribeFramework(master, { failover_timeout: 60 });
    launch(master, first, { task: commandTask('t1', 'true') });
    const starting = await nextUpdate(first, 't1', 'TASK_STARTING');
    await first.s.close();

    const second = await subscribeFramework(master, { failover_timeout: 60 }, JSON_CT, first.id);
    // no retry is due for a minute: only the re-subscription can bring it
    const resent = await nextUpdate(second, 't1', undefined, 2000);
    expect([resent.state, resent.uuid]).toEqual(['TASK_STARTING', starting.uuid]);
    const subscribedAt = second.s.events.findIndex((e) => e.type === 'SUBSCRIBED');
    const resentAt = second.s.events.findIndex(updateOf('t1'));
    expect(resentAt).toBeGreaterThan(subscribedAt);
    await ack(master, second, resent);
    expect((await nextUpdate(second, 't1')).state).toBe('TASK_RUNNING');
    // TEARDOWN rather than a plain close: no failover timer is left behind
    expect(
      await call(master, second, { type: 'TEARDOWN', framework_id: { value: second.id } }),
    ).toBe(202);
    await second.s.close();
  });

  it('duplicateLastUpdate re-sends the last update with the same uuid', async () => {
    master = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 60,
      statusUpdateRetryMs: 60_000,
    });
    const sub = await subscribeFramework(master);
    expect(master.core.tasks.duplicateLastUpdate('t1')).toBe(false);
    launch(master, sub, { task: commandTask('t1', 'true') });
    const starting = await nextUpdate(sub, 't1');
    expect(master.core.tasks.duplicateLastUpdate('t1')).toBe(true);
    const dup = await nextUpdate(sub, 't1');
    expect(dup).toEqual(starting);
    await sub.s.close();
  });

  it('follows the task script: a failing task, with resources and statuses in /state', async () => {
    master = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 60,
      taskScript: (t) =>
        t.name === 'bad'
          ? { runSeconds: 0, state: 'TASK_FAILED', message: 'boom' }
          : { runSeconds: 30, state: 'TASK_FINISHED' },
    });
    const sub = await subscribeFramework(master);
    const ports: Resource = {
      name: 'ports',
      type: 'RANGES',
      ranges: { range: [{ begin: '31000', end: '31000' }] },
    };
    launch(master, sub, {
      task: commandTask('bad', 'false', {
        resources: [...(commandTask('x', '').resources ?? []), ports],
      }),
    });
    for (const state of ['TASK_STARTING', 'TASK_RUNNING'] as const) {
      const st = await nextUpdate(sub, 'bad');
      expect(st.state).toBe(state);
      await ack(master, sub, st);
    }
    const failed = await nextUpdate(sub, 'bad');
    expect([failed.state, failed.message, failed.source]).toEqual([
      'TASK_FAILED',
      'boom',
      'SOURCE_EXECUTOR',
    ]);

    const fw = (await stateOf(master)).frameworks[0] as { tasks: Record<string, unknown>[] };
    const t = fw.tasks[0] as Record<string, unknown>;
    expect(t).toMatchObject({
      id: 'bad',
      name: 'bad',
      framework_id: sub.id,
      executor_id: '',
      slave_id: AGENT.agentId,
      state: 'TASK_FAILED',
      resources: { cpus: 0.1, mem: 32, disk: 0, gpus: 0, ports: '[31000-31000]' },
      role: '*',
    });
    const statuses = t.statuses as {
      state: string;
      timestamp: number;
      container_status: unknown;
    }[];
    expect(statuses.map((s) => s.state)).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']);
    expect(statuses[2]?.container_status).toEqual({
      container_id: failed.container_status?.container_id,
      network_infos: [{ ip_addresses: [{ protocol: 'IPv4', ip_address: '127.0.0.1' }] }],
    });
    await sub.s.close();
  });
});
