import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeCommand } from '../../src/cli/execute';
import { ExecuteJob } from '../../src/cli/execute-job';
import type { Offer } from '../../src/wire';
import { runInProcess } from './cli-harness';

const run = executeCommand.run;

describe('rxmesos execute on the embedded simulated master', () => {
  it('runs every copy of a real command and shows its output', async () => {
    const r = await runInProcess(run, [
      '--tasks',
      '3',
      '--name',
      'hello',
      '--',
      'echo hi from $MESOS_TASK_ID',
    ]);
    expect(r.code).toBe(0);
    for (const i of [0, 1, 2]) expect(r.stdout).toContain(`hello-${i}: hi from hello-${i}`);
    expect(r.stdout).toMatch(/finished 3, failed 0/);
    expect(r.stderr).toContain('simulated master with 3 agents');
    // a clean run reports no error (a last acknowledgement racing the stop is not one)
    expect(r.stderr).not.toMatch(/failed|error/i);
  }, 30_000);

  it('retries a failed task and succeeds, or reports the failure and exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmesos-execute-'));
    const marker = path.join(dir, 'marker');
    const flaky = `if [ -f ${marker} ]; then echo second try; else touch ${marker}; exit 3; fi`;
    const retried = await runInProcess(run, [
      '--tasks',
      '1',
      '--retries',
      '1',
      '--name',
      'flaky',
      '--',
      flaky,
    ]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('flaky-0-retry1: second try');
    const failing = await runInProcess(run, ['--tasks', '2', '--name', 'bad', '--', 'exit 7']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/bad-0: failed \(Command exited with status 7\)/);
    expect(failing.stdout).toMatch(/finished 0, failed 2/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('refuses bad usage with 64', async () => {
    expect((await runInProcess(run, ['--tasks', 'many', '--', 'true'])).code).toBe(64);
    expect((await runInProcess(run, ['--tasks', '1'])).code).toBe(64);
    expect((await runInProcess(run, ['--content-type', 'xml', '--', 'true'])).code).toBe(64);
  });
});

describe('ExecuteJob', () => {
  const offer = (id: string, cpus: number, mem: number): Offer => ({
    id: { value: id },
    framework_id: { value: 'f' },
    agent_id: { value: `a-${id}` },
    hostname: 'h',
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: cpus } },
      { name: 'mem', type: 'SCALAR', scalar: { value: mem } },
    ],
  });

  it('packs tasks into offers, declines what is left, and suppresses once all are launched', () => {
    const job = new ExecuteJob({
      name: 'j',
      command: 'true',
      tasks: 3,
      cpus: 1,
      mem: 100,
      retries: 0,
      role: '*',
    });
    const cmds = job.onOffers([offer('o1', 2, 1000), offer('o2', 0.5, 1000), offer('o3', 4, 1000)]);
    expect(cmds.map((c) => c.type)).toEqual(['ACCEPT', 'DECLINE', 'ACCEPT', 'SUPPRESS']);
    const first = cmds[0];
    const launched = first?.type === 'ACCEPT' ? first.accept.operations?.[0] : undefined;
    expect(
      launched?.type === 'LAUNCH' && launched.launch.task_infos?.map((t) => t.task_id.value),
    ).toEqual(['j-0', 'j-1']);
    expect(job.progress).toMatchObject({ launched: 3, offersUsed: 2, offersDeclined: 1 });
  });

  it('counts a failure without retries as failed, and revives for a retry', () => {
    const job = new ExecuteJob({
      name: 'j',
      command: 'true',
      tasks: 1,
      cpus: 1,
      mem: 1,
      retries: 1,
      role: '*',
    });
    job.onOffers([offer('o1', 1, 1)]);
    expect(
      job.onStatus({ task_id: { value: 'j-0' }, state: 'TASK_FAILED' }).map((c) => c.type),
    ).toEqual(['REVIVE']);
    expect(job.done).toBe(false);
    job.onOffers([offer('o2', 1, 1)]);
    job.onStatus({ task_id: { value: 'j-0-retry1' }, state: 'TASK_FAILED' });
    expect([job.done, job.succeeded]).toEqual([true, false]);
    expect(job.onStatus({ task_id: { value: 'unknown' }, state: 'TASK_FINISHED' })).toEqual([]);
  });
});
