import * as path from 'node:path';
import { asyncScheduler, VirtualTimeScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { durationMs, formatDuration, timeInfo } from '../../src/testing/sim/tasks/durations';
import { resourcesJson } from '../../src/testing/sim/tasks/resources-json';
import { executorSandbox, pathSegment } from '../../src/testing/sim/tasks/sandbox';
import { StatusUpdateStream } from '../../src/testing/sim/tasks/status-update-stream';
import { newStatusUuid, sameUuid } from '../../src/testing/sim/tasks/status-uuid';
import { isTerminalTaskState as isTerminalState } from '../../src/wire';
import { TimerSet } from '../../src/testing/sim/tasks/timer-set';
import { describeExit, waitStatus } from '../../src/testing/sim/tasks/wait-status';
import { resolveSimOptions } from '../../src/testing/sim/resolve-options';
import type { TaskStatus } from '../../src/wire';

describe('task side pieces of the simulated master', () => {
  it('describes exits as WSTRINGIFY does, and gives POSIX wait statuses', () => {
    expect(describeExit({ code: 3, signal: null })).toBe('exited with status 3');
    expect(describeExit({ code: null, signal: 'SIGTERM' })).toBe(
      'terminated with signal Terminated',
    );
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('terminated with signal Killed');
    expect(describeExit({ code: null, signal: 'SIGSEGV' })).toBe(
      'terminated with signal Segmentation fault',
    );
    expect(waitStatus({ code: 1, signal: null })).toBe(256);
    expect(waitStatus({ code: 0, signal: null })).toBe(0);
    expect(waitStatus({ code: null, signal: 'SIGKILL' })).toBe(9);
  });

  it('knows the terminal states', () => {
    expect(
      ['TASK_FINISHED', 'TASK_GONE_BY_OPERATOR', 'TASK_DROPPED'].map((s) =>
        isTerminalState(s as TaskStatus['state']),
      ),
    ).toEqual([true, true, true]);
    expect(
      ['TASK_UNREACHABLE', 'TASK_UNKNOWN', 'TASK_KILLING', 'TASK_STAGING'].map((s) =>
        isTerminalState(s as TaskStatus['state']),
      ),
    ).toEqual([false, false, false, false]);
  });

  it('makes 16-byte v4 uuids and compares them by bytes', () => {
    const u = newStatusUuid();
    const bytes = Buffer.from(u, 'base64');
    expect(bytes).toHaveLength(16);
    expect((bytes[6] ?? 0) >> 4).toBe(4);
    expect(sameUuid(u, u.replace(/=+$/, ''))).toBe(true);
    expect(sameUuid(u, newStatusUuid())).toBe(false);
  });

  it('keeps making distinct v4 uuids with the RFC 4122 variant across many draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const u = newStatusUuid();
      const bytes = Buffer.from(u, 'base64');
      expect(bytes).toHaveLength(16);
      expect((bytes[6] ?? 0) >> 4).toBe(4);
      expect((bytes[8] ?? 0) >> 6).toBe(2);
      seen.add(u);
    }
    expect(seen.size).toBe(2000);
  });

  it('shows resources as the master JSON does', () => {
    expect(
      resourcesJson([
        { name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } },
        { name: 'cpus', type: 'SCALAR', scalar: { value: 0.2 } },
        {
          name: 'ports',
          type: 'RANGES',
          ranges: {
            range: [
              { begin: '31005', end: '31010' },
              { begin: '31000', end: '31000' },
            ],
          },
        },
        { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: '31001', end: '31001' }] } },
        { name: 'zones', type: 'SET', set: { item: ['a', 'b'] } },
        { name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, revocable: {} },
      ]),
    ).toEqual({
      cpus: 0.3,
      gpus: 0,
      mem: 0,
      disk: 0,
      cpus_revocable: 1,
      ports: '[31000-31001, 31005-31010]',
      zones: '{a, b}',
    });
  });

  it('converts durations and times', () => {
    expect(durationMs({ nanoseconds: '1500000000' })).toBe(1500);
    expect(durationMs(undefined)).toBeUndefined();
    expect([
      formatDuration(5000),
      formatDuration(900_000),
      formatDuration(250),
      formatDuration(2500),
    ]).toEqual(['5secs', '15mins', '250ms', '2.5secs']);
    expect(timeInfo(1.5)).toEqual({ nanoseconds: '1500000000' });
  });

  it('keeps ids from escaping the work directory', () => {
    expect(pathSegment('a/b')).toBe('a%2Fb');
    expect(pathSegment('..')).toBe('%2E%2E');
    expect(executorSandbox('/w', 'S0', 'F0', '../x', 'c')).toBe(
      '/w/slaves/S0/frameworks/F0/executors/..%2Fx/runs/c',
    );
  });

  it('timers: fire in time order on a virtual scheduler and on the real clock, cancel, print as JSON', async () => {
    const scheduler = new VirtualTimeScheduler();
    const virtual = new TimerSet(scheduler);
    const seen: [number, string][] = [];
    virtual.schedule('b', () => seen.push([scheduler.now(), 'b']), 20);
    virtual.schedule('a', () => seen.push([scheduler.now(), 'a']), 10);
    virtual
      .schedule('cancelled', () => seen.push([scheduler.now(), 'cancelled']), 15)
      .unsubscribe();
    virtual.schedule(
      'throws',
      () => {
        throw new Error('boom');
      },
      12,
    );
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    scheduler.flush();
    expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringContaining('simulated master: throws failed: Error: boom'),
    ]);
    warn.mockRestore();
    expect(seen).toEqual([
      [10, 'a'],
      [20, 'b'],
    ]);

    const real = new TimerSet(asyncScheduler);
    const fired: string[] = [];
    const first = real.schedule('first', () => fired.push('first'), 5);
    real.schedule('second', () => fired.push('second'), 10).unsubscribe();
    real.schedule('third', () => fired.push('third'), 15);
    expect(JSON.parse(JSON.stringify({ timers: [first] }))).toEqual({
      timers: [{ timer: 'first', done: false }],
    });
    await new Promise((r) => setTimeout(r, 40));
    expect(fired).toEqual(['first', 'third']);
    const late = real.schedule('late', () => fired.push('late'), 5);
    real.cancelAll();
    real.schedule('after cancelAll', () => fired.push('after'), 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toEqual(['first', 'third']);
    expect(JSON.stringify(late)).toBe('{"timer":"late","done":true}');
  });

  it('timers on the real-clock scheduler follow a TestScheduler in run mode (virtual time)', () => {
    const testScheduler = new TestScheduler((a, b) => {
      expect(a).toEqual(b);
    });
    const at: number[] = [];
    testScheduler.run(({ flush }) => {
      const timers = new TimerSet(asyncScheduler);
      timers.schedule('later', () => at.push(asyncScheduler.now()), 5000);
      timers.schedule('sooner', () => at.push(asyncScheduler.now()), 20);
      flush();
    });
    expect(at).toEqual([20, 5000]);
  });

  it('lays sandboxes out under the work directory as path.join would, for any work directory', () => {
    const ids = ['S0', 'F0', '.', ''] as const;
    for (const workDir of ['/tmp/w', '/tmp/w/', '/', 'rel/dir', './x/../y', '', '.', '/a//b/./c']) {
      for (const executorId of ids) {
        expect(executorSandbox(workDir, 'S0', 'F0', executorId, 'c0')).toBe(
          path.join(
            workDir,
            'slaves',
            'S0',
            'frameworks',
            'F0',
            'executors',
            pathSegment(executorId),
            'runs',
            'c0',
          ),
        );
      }
    }
  });

  it('status update stream: retries 10 s, 20 s, 40 s … capped at 10 min on the given scheduler', () => {
    const scheduler = new VirtualTimeScheduler();
    const sent: [number, string][] = [];
    const stream = new StatusUpdateStream({
      timers: new TimerSet(scheduler),
      firstRetryMs: 10_000,
      forward: (s) => sent.push([scheduler.now(), s.state]),
    });
    const status = (state: TaskStatus['state']): TaskStatus => ({
      task_id: { value: 't' },
      state,
      uuid: newStatusUuid(),
    });
    const starting = status('TASK_STARTING');
    stream.push(starting);
    stream.push(status('TASK_RUNNING'));
    scheduler.maxFrames = 3_000_000;
    scheduler.schedule(() => {
      expect(stream.acknowledge(newStatusUuid())).toBeUndefined();
      expect(stream.acknowledge(starting.uuid ?? '')).toEqual(starting);
      stream.close();
    }, 2_000_000);
    scheduler.flush();
    const startingTimes = sent.filter(([, s]) => s === 'TASK_STARTING').map(([t]) => t);
    expect(startingTimes.slice(0, 8)).toEqual([
      0, 10_000, 30_000, 70_000, 150_000, 310_000, 630_000, 1_230_000,
    ]);
    expect(sent.filter(([, s]) => s === 'TASK_RUNNING')).toEqual([[2_000_000, 'TASK_RUNNING']]);
  });

  it('takes a task script for every task, or a function choosing one per task', () => {
    const task = { name: 'web', task_id: { value: 'web-1' } };
    const failing = { runSeconds: 2, state: 'TASK_FAILED', message: 'boom' } as const;
    expect(resolveSimOptions({ taskScript: failing }).taskScript(task)).toBe(failing);
    const chosen = resolveSimOptions({
      taskScript: (t) => ({ runSeconds: t.name.length, state: 'TASK_KILLED' }),
    }).taskScript(task);
    expect(chosen).toEqual({ runSeconds: 3, state: 'TASK_KILLED' });
    expect(resolveSimOptions({}).taskScript(task)).toEqual({
      runSeconds: 0.1,
      state: 'TASK_FINISHED',
    });
  });
});
