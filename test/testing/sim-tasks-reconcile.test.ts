import { SimulatedMaster } from '../../src/testing';
import type { Event, FrameworkInfo, TaskStatus } from '../../src/wire';
import {
  AGENT,
  MODERN,
  PROTOBUF_CT,
  call,
  commandTask,
  launch,
  nextAcked,
  statusOf,
  subscribeFramework,
  type Subscribed,
} from './sim-tasks-harness';

const LEGACY: Partial<FrameworkInfo> = {};

/** Sends RECONCILE and collects `count` answers (updates from the master). */
async function reconcile(
  master: SimulatedMaster,
  sub: Subscribed,
  tasks: { task_id: { value: string }; agent_id?: { value: string } }[],
  count: number,
): Promise<TaskStatus[]> {
  expect(
    await call(master, sub, {
      type: 'RECONCILE',
      framework_id: { value: sub.id },
      reconcile: { tasks },
    }),
  ).toBe(202);
  const answers: TaskStatus[] = [];
  while (answers.length < count) {
    const e = await sub.s.next(
      (ev) => ev.type === 'UPDATE' && ev.update.status.source === 'SOURCE_MASTER',
    );
    answers.push(statusOf(e));
  }
  return answers;
}

function withoutTime(s: TaskStatus): Omit<TaskStatus, 'timestamp'> {
  expect(typeof s.timestamp).toBe('number');
  expect(s.uuid).toBeUndefined();
  const { timestamp: _t, ...rest } = s;
  return rest;
}

describe('simulated master: reconciliation', () => {
  let master: SimulatedMaster;
  beforeEach(async () => {
    master = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 60,
      taskScript: () => ({ runSeconds: 3600, state: 'TASK_FINISHED' }),
    });
  });
  afterEach(async () => {
    await master.stop();
  });

  it.each([
    [
      'partition-aware',
      MODERN,
      ['TASK_GONE', 'TASK_UNREACHABLE', 'TASK_GONE_BY_OPERATOR', 'TASK_UNKNOWN', 'TASK_UNKNOWN'],
    ],
    ['legacy', LEGACY, ['TASK_LOST', 'TASK_LOST', 'TASK_LOST', 'TASK_LOST', 'TASK_LOST']],
  ] as const)(
    '%s: explicit reconciliation answers every task per the master table',
    async (_n, caps, unknown) => {
      const sub = await subscribeFramework(master, caps);
      launch(master, sub, { task: commandTask('run', 'x') });
      const starting = await nextAcked(master, sub, 'run', 'TASK_STARTING');
      const running = await nextAcked(master, sub, 'run', 'TASK_RUNNING');
      master.core.tasks.agentRegistered('agent-registered');
      master.core.tasks.agentRegistered('agent-unreachable');
      master.core.tasks.agentLost('agent-unreachable', 'unreachable');
      master.core.tasks.agentRegistered('agent-gone');
      master.core.tasks.agentLost('agent-gone', 'gone');
      // a task still in TASK_STAGING (it reaches its executor 20 ms after launch): asked in the
      // same tick, through the tracker, so that no HTTP latency can let TASK_STARTING in first
      launch(master, sub, { task: commandTask('later', 'x') });
      master.core.tasks.reconcile(sub.fw, { tasks: [{ task_id: { value: 'later' } }] });

      const answers = await reconcile(
        master,
        sub,
        [
          { task_id: { value: 'run' }, agent_id: { value: AGENT.agentId } },
          { task_id: { value: 'x1' }, agent_id: { value: 'agent-registered' } },
          { task_id: { value: 'x2' }, agent_id: { value: 'agent-unreachable' } },
          { task_id: { value: 'x3' }, agent_id: { value: 'agent-gone' } },
          { task_id: { value: 'x4' }, agent_id: { value: 'agent-never-seen' } },
          { task_id: { value: 'x5' } },
        ],
        7,
      );
      // the first answer is the one for 'later', then the six asked over HTTP
      const [later, run, x1, x2, x3, x4, x5] = answers.map(withoutTime);
      expect(run).toEqual({
        task_id: { value: 'run' },
        state: 'TASK_RUNNING',
        message: 'Reconciliation: Latest task state',
        source: 'SOURCE_MASTER',
        reason: 'REASON_RECONCILIATION',
        agent_id: { value: AGENT.agentId },
        container_status: running.container_status,
      });
      expect(running.container_status).toEqual(starting.container_status);
      expect(later).toEqual({
        task_id: { value: 'later' },
        state: 'TASK_STAGING',
        message: 'Reconciliation: Latest task state',
        source: 'SOURCE_MASTER',
        reason: 'REASON_RECONCILIATION',
        agent_id: { value: AGENT.agentId },
      });
      const base = { source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION' };
      expect(x1).toEqual({
        ...base,
        task_id: { value: 'x1' },
        state: unknown[0],
        message: 'Reconciliation: Task is unknown to the agent',
        agent_id: { value: 'agent-registered' },
      });
      expect(x2).toEqual({
        ...base,
        task_id: { value: 'x2' },
        state: unknown[1],
        message: 'Reconciliation: Task is unreachable',
        agent_id: { value: 'agent-unreachable' },
        unreachable_time: { nanoseconds: expect.stringMatching(/^\d{19}$/) as string },
      });
      expect(x3).toEqual({
        ...base,
        task_id: { value: 'x3' },
        state: unknown[2],
        message: 'Reconciliation: Task is gone',
        agent_id: { value: 'agent-gone' },
      });
      expect(x4).toEqual({
        ...base,
        task_id: { value: 'x4' },
        state: unknown[3],
        message: 'Reconciliation: Task is unknown',
        agent_id: { value: 'agent-never-seen' },
      });
      expect(x5).toEqual({
        ...base,
        task_id: { value: 'x5' },
        state: unknown[4],
        message: 'Reconciliation: Task is unknown',
      });
      await sub.s.close();
    },
  );

  it.each([
    ['partition-aware', MODERN],
    ['legacy', LEGACY],
  ] as const)(
    '%s: implicit reconciliation sends the latest state of every known task',
    async (_n, caps) => {
      const sub = await subscribeFramework(master, caps, PROTOBUF_CT);
      launch(master, sub, { task: commandTask('a', 'x') }, { task: commandTask('b', 'x') });
      await nextAcked(master, sub, 'a', 'TASK_STARTING');
      await sub.s.next(
        (e) =>
          e.type === 'UPDATE' &&
          e.update.status.task_id.value === 'a' &&
          e.update.status.state === 'TASK_RUNNING',
      );
      // 'b' is not acknowledged: its TASK_STARTING is the last update the framework was sent
      const answers = await reconcile(master, sub, [], 2);
      expect(answers.map((a) => [a.task_id.value, a.state, a.message])).toEqual([
        ['a', 'TASK_RUNNING', 'Reconciliation: Latest task state'],
        ['b', 'TASK_STARTING', 'Reconciliation: Latest task state'],
      ]);
      answers.forEach(withoutTime);
      await sub.s.close();
    },
  );

  it('RECONCILE_OPERATIONS: explicit requests get answers without uuid, implicit ones nothing', async () => {
    const sub = await subscribeFramework(master, MODERN);
    master.core.tasks.agentRegistered('agent-registered');
    master.core.tasks.agentRegistered('agent-unreachable');
    master.core.tasks.agentLost('agent-unreachable', 'unreachable');
    master.core.tasks.agentRegistered('agent-gone');
    master.core.tasks.agentLost('agent-gone', 'gone');
    const reconcileOps = (
      operations: { operation_id: { value: string }; agent_id?: { value: string } }[],
    ): Promise<number> =>
      call(master, sub, {
        type: 'RECONCILE_OPERATIONS',
        framework_id: { value: sub.id },
        reconcile_operations: { operations },
      });
    expect(await reconcileOps([])).toBe(202);
    expect(
      await reconcileOps([
        { operation_id: { value: 'o1' } },
        { operation_id: { value: 'o2' }, agent_id: { value: 'agent-registered' } },
        { operation_id: { value: 'o3' }, agent_id: { value: 'agent-unreachable' } },
        { operation_id: { value: 'o4' }, agent_id: { value: 'agent-gone' } },
        { operation_id: { value: 'o5' }, agent_id: { value: 'agent-never-seen' } },
      ]),
    ).toBe(202);
    const got: Event[] = [];
    while (got.length < 5) got.push(await sub.s.next((e) => e.type === 'UPDATE_OPERATION_STATUS'));
    const statuses = got.map((e) =>
      e.type === 'UPDATE_OPERATION_STATUS' ? e.update_operation_status.status : undefined,
    );
    // the implicit request produced nothing: the first answer is o1
    expect(statuses).toEqual([
      {
        operation_id: { value: 'o1' },
        state: 'OPERATION_UNKNOWN',
        message: "Reconciliation: Operation is unknown and no 'agent_id' was provided",
      },
      {
        operation_id: { value: 'o2' },
        state: 'OPERATION_UNKNOWN',
        message: 'Reconciliation: Operation is unknown',
        agent_id: { value: 'agent-registered' },
      },
      {
        operation_id: { value: 'o3' },
        state: 'OPERATION_UNREACHABLE',
        message: 'Reconciliation: Agent is unreachable',
        agent_id: { value: 'agent-unreachable' },
      },
      {
        operation_id: { value: 'o4' },
        state: 'OPERATION_GONE_BY_OPERATOR',
        message: 'Reconciliation: Agent marked gone by operator',
        agent_id: { value: 'agent-gone' },
      },
      {
        operation_id: { value: 'o5' },
        state: 'OPERATION_UNKNOWN',
        message: 'Reconciliation: Both operation and agent are unknown',
        agent_id: { value: 'agent-never-seen' },
      },
    ]);
    await sub.s.close();
  });
});
