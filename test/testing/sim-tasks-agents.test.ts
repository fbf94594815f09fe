import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SimulatedMaster } from '../../src/testing';
import type { ExecutorInfo, FrameworkInfo, Resource, TaskStatus } from '../../src/wire';
import {
  AGENT,
  MODERN,
  alive,
  eventually,
  call,
  commandTask,
  launch,
  nextAcked,
  nextUpdate,
  scalar,
  stateOf,
  subscribeFramework,
} from './sim-tasks-harness';

const LEGACY: Partial<FrameworkInfo> = {};

describe('simulated master: agents lost, frameworks removed, /state', () => {
  let master: SimulatedMaster;
  let workDir: string;
  let released: [string, readonly Resource[]][];
  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmesos-sim-agents-'));
    master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 60, exec: true, workDir });
    released = [];
    jest.spyOn(master.core.cluster, 'release').mockImplementation((agentId, resources) => {
      released.push([agentId, resources]);
    });
  });
  afterEach(async () => {
    await master.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it.each([
    [
      'partition-aware',
      'unreachable',
      'TASK_UNREACHABLE',
      'REASON_AGENT_REMOVED',
      'health check timed out',
      MODERN,
    ],
    [
      'legacy',
      'unreachable',
      'TASK_LOST',
      'REASON_AGENT_REMOVED',
      'health check timed out',
      LEGACY,
    ],
    [
      'partition-aware',
      'gone',
      'TASK_GONE_BY_OPERATOR',
      'REASON_AGENT_REMOVED_BY_OPERATOR',
      'Agent has been marked gone',
      MODERN,
    ],
    ['legacy', 'gone', 'TASK_LOST', 'REASON_AGENT_REMOVED', 'Agent has been marked gone', LEGACY],
    [
      'partition-aware',
      'removed',
      'TASK_LOST',
      'REASON_AGENT_REMOVED',
      `Agent ${AGENT.hostname} removed: the agent unregistered`,
      MODERN,
    ],
  ] as const)(
    '%s framework, agent %s: %s from the master, processes killed',
    async (_n, kind, state, reason, message, caps) => {
      const sub = await subscribeFramework(master, caps);
      const task = commandTask('t1', 'sleep 30');
      launch(master, sub, { task });
      await nextAcked(master, sub, 't1', 'TASK_STARTING');
      const running = await nextAcked(master, sub, 't1', 'TASK_RUNNING');
      const pid = running.container_status?.executor_pid ?? -1;

      master.core.tasks.agentLost(AGENT.agentId, kind);
      const lost: TaskStatus = await nextUpdate(sub, 't1');
      expect(lost).toMatchObject({
        state,
        reason,
        message,
        source: 'SOURCE_MASTER',
        agent_id: { value: AGENT.agentId },
      });
      expect(lost.uuid).toBeUndefined();
      expect(lost.executor_id).toBeUndefined(); // a command task has no executor of its own
      expect(lost.unreachable_time !== undefined).toBe(kind === 'unreachable');
      expect(released).toEqual([[AGENT.agentId, task.resources]]);

      const fw = (await stateOf(master)).frameworks[0] as Record<
        string,
        { id: string; state: string }[]
      >;
      expect(fw.tasks).toEqual([]);
      const where = kind === 'unreachable' ? fw.unreachable_tasks : fw.completed_tasks;
      expect(where?.map((t) => [t.id, t.state])).toEqual([['t1', state]]);
      expect(master.core.tasks.hasTask(sub.fw, 't1')).toBe(kind === 'unreachable');

      // the agent is gone: so are its processes
      await eventually(() => !alive(pid));
      await sub.s.close();
    },
  );

  it('an unreachable agent later marked gone: its unreachable tasks become TASK_GONE_BY_OPERATOR', async () => {
    const sub = await subscribeFramework(master, MODERN);
    launch(master, sub, { task: commandTask('t1', 'sleep 30') });
    await nextAcked(master, sub, 't1', 'TASK_STARTING');
    await nextAcked(master, sub, 't1', 'TASK_RUNNING');
    master.core.tasks.agentLost(AGENT.agentId, 'unreachable');
    expect((await nextUpdate(sub, 't1')).state).toBe('TASK_UNREACHABLE');
    master.core.tasks.agentLost(AGENT.agentId, 'gone');
    const gone = await nextUpdate(sub, 't1');
    expect([gone.state, gone.reason, gone.message]).toEqual([
      'TASK_GONE_BY_OPERATOR',
      'REASON_AGENT_REMOVED_BY_OPERATOR',
      'Agent has been marked gone',
    ]);
    expect(released).toHaveLength(1); // given back once, when the task became unreachable
    const fw = (await stateOf(master)).frameworks[0] as Record<
      string,
      { id: string; state: string }[]
    >;
    expect(fw.unreachable_tasks).toEqual([]);
    expect(fw.completed_tasks?.map((t) => [t.id, t.state])).toEqual([
      ['t1', 'TASK_GONE_BY_OPERATOR'],
    ]);
    expect(master.core.tasks.hasTask(sub.fw, 't1')).toBe(false);
    await sub.s.close();
  });

  it('TEARDOWN: tasks TASK_KILLED "Framework … removed" in completed_tasks, executor resources back', async () => {
    const sub = await subscribeFramework(master, MODERN);
    const executor: ExecutorInfo = {
      executor_id: { value: 'exec-1' },
      type: 'CUSTOM',
      name: 'my executor',
      command: { value: './run-executor', shell: true },
      resources: [scalar('cpus', 0.5), scalar('mem', 64)],
    };
    const task = { ...commandTask('c1', 'sleep 30'), executor };
    launch(master, sub, { task, executor });
    await nextAcked(master, sub, 'c1', 'TASK_STARTING');
    await nextAcked(master, sub, 'c1', 'TASK_RUNNING');

    const live = (await stateOf(master)).frameworks[0] as Record<string, unknown>;
    expect(live.executors).toEqual([
      {
        executor_id: 'exec-1',
        name: 'my executor',
        framework_id: sub.id,
        command: { shell: true, value: './run-executor', argv: [], uris: [] },
        resources: { cpus: 0.5, mem: 64, disk: 0, gpus: 0 },
        slave_id: AGENT.agentId,
      },
    ]);
    expect(live.used_resources).toEqual({ cpus: 0.6, mem: 96, disk: 0, gpus: 0 });
    expect((live.tasks as { executor_id: string }[])[0]?.executor_id).toBe('exec-1');

    expect(await call(master, sub, { type: 'TEARDOWN', framework_id: { value: sub.id } })).toBe(
      202,
    );
    expect(released).toEqual([
      [AGENT.agentId, task.resources],
      [AGENT.agentId, executor.resources],
    ]);
    const done = (await stateOf(master)).completed_frameworks[0] as Record<string, unknown>;
    expect(done.executors).toEqual([]);
    const [completed] = done.completed_tasks as { state: string; statuses: { state: string }[] }[];
    expect(completed?.state).toBe('TASK_KILLED');
    expect(completed?.statuses.map((s) => s.state)).toEqual([
      'TASK_STARTING',
      'TASK_RUNNING',
      'TASK_KILLED',
    ]);
    await sub.s.close();
  });
});
