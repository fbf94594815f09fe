import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SimulatedMaster } from '../../src/testing';
import type { TaskStatus } from '../../src/wire';
import {
  AGENT,
  MODERN,
  ack,
  alive,
  eventually,
  call,
  commandTask,
  followToEnd,
  groupAlive,
  launch,
  nextAcked,
  nextUpdate,
  stateOf,
  statusOf,
  subscribeFramework,
  type Subscribed,
} from './sim-tasks-harness';

/** The sandbox of a command task, from its status (the layout of a Mesos agent's work dir). */
function sandboxOf(workDir: string, sub: Subscribed, status: TaskStatus): string {
  return path.join(
    workDir,
    'slaves',
    AGENT.agentId,
    'frameworks',
    sub.id,
    'executors',
    status.executor_id?.value ?? '',
    'runs',
    status.container_status?.container_id?.value ?? '',
  );
}

const nanos = (ms: number): `${bigint}` => `${BigInt(ms) * 1_000_000n}`;

describe('simulated master: tasks as real processes (exec mode)', () => {
  let master: SimulatedMaster;
  let workDir: string;
  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmesos-sim-tasks-'));
    master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 60, exec: true, workDir });
  });
  afterEach(async () => {
    await master.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('runs the command in its sandbox: output files, exit status 3 → TASK_FAILED', async () => {
    const sub = await subscribeFramework(master);
    launch(master, sub, { task: commandTask('bad', 'echo hi; echo oops >&2; exit 3') });
    const seen = await followToEnd(master, sub, 'bad');
    expect(seen.map((s) => s.state)).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']);
    const failed = seen[2] as TaskStatus;
    expect(failed.message).toBe('Command exited with status 3');
    expect(failed.source).toBe('SOURCE_EXECUTOR');
    expect(typeof failed.container_status?.executor_pid).toBe('number');
    expect(seen[0]?.container_status?.executor_pid).toBe(failed.container_status?.executor_pid);
    const sandbox = sandboxOf(workDir, sub, failed);
    expect(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8')).toBe('hi\n');
    expect(fs.readFileSync(path.join(sandbox, 'stderr'), 'utf8')).toBe('oops\n');

    launch(master, sub, { task: commandTask('ok', 'exit 0') });
    const ok = await followToEnd(master, sub, 'ok');
    expect(ok.at(-1)?.state).toBe('TASK_FINISHED');
    expect(ok.at(-1)?.message).toBe('Command exited with status 0');
    await sub.s.close();
  });

  it('sets the environment of a Mesos command task, with CommandInfo variables', async () => {
    const sub = await subscribeFramework(master, { checkpoint: true });
    const script = [
      'echo "$MESOS_TASK_ID" > out',
      'echo "$MESOS_FRAMEWORK_ID" >> out',
      'echo "$MESOS_EXECUTOR_ID" >> out',
      'echo "$MESOS_SLAVE_ID $MESOS_AGENT_ID" >> out',
      'echo "$MESOS_SANDBOX" >> out',
      'echo "$MESOS_DIRECTORY" >> out',
      'pwd >> out',
      'echo "$GREETING ${HIDDEN:-unset} $MESOS_ALLOCATION_ROLE $MESOS_CHECKPOINT" >> out',
    ].join('; ');
    launch(master, sub, {
      task: commandTask('env', script, {
        command: {
          value: script,
          environment: {
            variables: [
              { name: 'GREETING', value: 'hello' },
              {
                name: 'HIDDEN',
                type: 'SECRET',
                secret: { type: 'VALUE', value: { data: 'eA==' } },
              },
            ],
          },
        },
      }),
    });
    const seen = await followToEnd(master, sub, 'env');
    expect(seen.at(-1)?.state).toBe('TASK_FINISHED');
    const sandbox = sandboxOf(workDir, sub, seen.at(-1) as TaskStatus);
    const lines = fs.readFileSync(path.join(sandbox, 'out'), 'utf8').trim().split('\n');
    expect(lines).toEqual([
      'env',
      sub.id,
      'env',
      `${AGENT.agentId} ${AGENT.agentId}`,
      sandbox,
      sandbox,
      fs.realpathSync(sandbox),
      'hello unset * 1',
    ]);
    await sub.s.close();
  });

  it('runs shell-less commands with execve semantics; a missing executable fails with status 1', async () => {
    const sub = await subscribeFramework(master);
    launch(master, sub, {
      task: commandTask('argv', '', {
        command: { shell: false, value: '/bin/sh', arguments: ['sh', '-c', 'echo "$0"; exit 7'] },
      }),
    });
    const argv = await followToEnd(master, sub, 'argv');
    expect(argv.at(-1)?.message).toBe('Command exited with status 7');
    const sandbox = sandboxOf(workDir, sub, argv.at(-1) as TaskStatus);
    expect(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8')).toBe('sh\n');

    launch(master, sub, {
      task: commandTask('missing', '', { command: { shell: false, value: '/no/such/binary' } }),
    });
    const missing = await followToEnd(master, sub, 'missing');
    expect(missing.map((s) => s.state)).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']);
    expect(missing.at(-1)?.message).toBe('Command exited with status 1');
    const stderr = fs.readFileSync(
      path.join(sandboxOf(workDir, sub, missing.at(-1) as TaskStatus), 'stderr'),
      'utf8',
    );
    expect(stderr).toMatch(/^Failed to execute command: /);
    await sub.s.close();
  });

  it('KILL: TASK_KILLING, SIGTERM, then SIGKILL after the kill policy grace period', async () => {
    const sub = await subscribeFramework(master, MODERN);
    // ignores SIGTERM, and so does its child
    launch(master, sub, {
      task: commandTask('stubborn', 'trap "" TERM; while true; do sleep 0.05; done'),
    });
    await nextAcked(master, sub, 'stubborn', 'TASK_STARTING');
    const running = await nextAcked(master, sub, 'stubborn', 'TASK_RUNNING');
    const pid = running.container_status?.executor_pid ?? -1;
    expect(alive(pid)).toBe(true);

    const code = await call(master, sub, {
      type: 'KILL',
      framework_id: { value: sub.id },
      kill: {
        task_id: { value: 'stubborn' },
        agent_id: { value: AGENT.agentId },
        kill_policy: { grace_period: { nanoseconds: nanos(300) } },
      },
    });
    expect(code).toBe(202);
    const killing = await nextAcked(master, sub, 'stubborn');
    expect([killing.state, killing.source]).toEqual(['TASK_KILLING', 'SOURCE_EXECUTOR']);
    const killed = await nextUpdate(sub, 'stubborn');
    // SIGKILL came after the grace period (timestamps are the agent's clock)
    expect((killed.timestamp ?? 0) - (killing.timestamp ?? 0)).toBeGreaterThanOrEqual(0.29);
    expect([killed.state, killed.message]).toEqual([
      'TASK_KILLED',
      'Command terminated with signal Killed',
    ]);
    expect(alive(pid)).toBe(false);
    await ack(master, sub, killed);
    await sub.s.close();
  });

  it('KILL without TASK_KILLING_STATE: straight to TASK_KILLED by SIGTERM', async () => {
    const sub = await subscribeFramework(master);
    launch(master, sub, { task: commandTask('sleepy', 'sleep 30') });
    await nextAcked(master, sub, 'sleepy', 'TASK_STARTING');
    await nextAcked(master, sub, 'sleepy', 'TASK_RUNNING');
    await call(master, sub, {
      type: 'KILL',
      framework_id: { value: sub.id },
      kill: { task_id: { value: 'sleepy' } },
    });
    const next = await nextUpdate(sub, 'sleepy');
    expect([next.state, next.message]).toEqual([
      'TASK_KILLED',
      'Command terminated with signal Terminated',
    ]);
    await sub.s.close();
  });

  it('max_completion_time: killed without TASK_KILLING, TASK_FAILED with its reason', async () => {
    const sub = await subscribeFramework(master, MODERN);
    launch(master, sub, {
      task: commandTask('slow', 'sleep 30', { max_completion_time: { nanoseconds: nanos(200) } }),
    });
    const seen = await followToEnd(master, sub, 'slow');
    expect(seen.map((s) => s.state)).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED']);
    expect(seen.at(-1)?.reason).toBe('REASON_MAX_COMPLETION_TIME_REACHED');
    expect(seen.at(-1)?.message).toBe('Command terminated with signal Terminated');
    await sub.s.close();
  });

  it('TEARDOWN kills the processes; the tasks end up TASK_KILLED in completed_tasks', async () => {
    const sub = await subscribeFramework(master);
    launch(master, sub, { task: commandTask('long', 'sleep 30') });
    await nextAcked(master, sub, 'long', 'TASK_STARTING');
    const running = await nextAcked(master, sub, 'long', 'TASK_RUNNING');
    const pid = running.container_status?.executor_pid ?? -1;
    expect(await call(master, sub, { type: 'TEARDOWN', framework_id: { value: sub.id } })).toBe(
      202,
    );
    await eventually(() => !alive(pid));
    const state = await stateOf(master);
    const done = state.completed_frameworks[0] as { completed_tasks: Record<string, unknown>[] };
    expect(done.completed_tasks[0]).toMatchObject({ id: 'long', state: 'TASK_KILLED' });
    const statuses = done.completed_tasks[0]?.statuses as { state: string }[];
    expect(statuses.map((s) => s.state)).toEqual(['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLED']);
    await sub.s.close();
  });

  it('stop() leaves no child process behind, SIGTERM-proof ones included', async () => {
    const sub = await subscribeFramework(master);
    launch(
      master,
      sub,
      { task: commandTask('a', 'sleep 30') },
      { task: commandTask('b', 'trap "" TERM; sleep 30 & wait') },
    );
    const pids = new Map<string, number>();
    while (pids.size < 2) {
      // updates of both tasks interleave: take them in arrival order
      const st = statusOf(await sub.s.next((e) => e.type === 'UPDATE'));
      await ack(master, sub, st);
      if (st.state === 'TASK_RUNNING')
        pids.set(st.task_id.value, st.container_status?.executor_pid ?? -1);
    }
    expect([...pids.values()].map(alive)).toEqual([true, true]);
    await sub.s.close();
    await master.stop();
    expect([...pids.values()].map(alive)).toEqual([false, false]);
    // nothing of their process groups either (the backgrounded sleep)
    expect([...pids.values()].map(groupAlive)).toEqual([false, false]);
  });
});
