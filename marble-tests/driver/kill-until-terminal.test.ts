import { switchMap, timer } from 'rxjs';

import { killTask } from '../../src/calls';
import { killUntilTerminal } from '../../src/driver/kill-until-terminal';
import type { TaskState, TaskStatus } from '../../src/wire';
import { testScheduler } from '../helpers';

/**
 * A kill repeated until the task is over, in virtual time. One frame is 1 ms; the repeats
 * start after 2 ms and double up to 8 ms: KILL at frames 0, 2, 6, 14, 22, 30 … until an
 * update of the task has a terminal state (spec §5: a kill is not reliable, retry until a
 * terminal update).
 */
describe('killUntilTerminal() with marbles', () => {
  const web = { value: 'web-1' };
  const backoff = { initialMs: 2, maxMs: 8 } as const;
  const of = (state: TaskState, id = 'web-1'): TaskStatus => ({ task_id: { value: id }, state });
  const updates: Readonly<Record<string, TaskStatus>> = {
    r: of('TASK_RUNNING'),
    k: of('TASK_KILLING'), //      not terminal: the executor is on it
    u: of('TASK_UNREACHABLE'), //  not terminal: the agent may come back
    n: of('TASK_UNKNOWN'), //      not terminal
    d: of('TASK_KILLED'), //       terminal
    g: of('TASK_GONE'), //         terminal
    o: of('TASK_KILLED', 'other'), // another task's end
  };
  const kills = { x: killTask(web) };

  it('never answered (never-ending): KILL at once, then after 2, 4, 8, 8 … ms', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      expectObservable(killUntilTerminal(web, updates$, backoff), '^ 31ms !').toBe(
        'x-x---x-------x-------x-------x-',
        kills,
      );
    });
  });

  it('one: a terminal update before the first repeat ends it', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-d', updates);
      expectObservable(killUntilTerminal(web, updates$, backoff)).toBe('x|', kills);
    });
  });

  it('many: TASK_KILLING, TASK_UNREACHABLE and TASK_UNKNOWN do not stop the repeats; TASK_GONE does', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-k-r-u---n--------g', updates);
      expectObservable(killUntilTerminal(web, updates$, backoff)).toBe(
        'x-x---x-------x---|',
        kills,
      );
    });
  });

  it("another task's terminal update does not stop it", () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-o-o---d', updates);
      expectObservable(killUntilTerminal(web, updates$, backoff)).toBe('x-x---x|', kills);
    });
  });

  it.each<TaskState>([
    'TASK_FINISHED',
    'TASK_FAILED',
    'TASK_KILLED',
    'TASK_ERROR',
    'TASK_LOST',
    'TASK_DROPPED',
    'TASK_GONE',
    'TASK_GONE_BY_OPERATOR',
  ])('%s is terminal: the repeats stop', (state) => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('---e', { e: of(state) });
      expectObservable(killUntilTerminal(web, updates$, backoff)).toBe('x-x|', kills);
    });
  });

  it.each<TaskState>([
    'TASK_STAGING',
    'TASK_STARTING',
    'TASK_RUNNING',
    'TASK_KILLING',
    'TASK_UNREACHABLE',
    'TASK_UNKNOWN',
  ])('%s is not terminal: the repeats go on', (state) => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('---e', { e: of(state) });
      expectObservable(killUntilTerminal(web, updates$, backoff), '^ 9ms !').toBe(
        'x-x---x---',
        kills,
      );
    });
  });

  it('again$ (a new subscription) sends the KILL at once and starts the schedule over', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      const again$ = hot<unknown>('---------s', { s: 'subscribed' });
      expectObservable(killUntilTerminal(web, updates$, { ...backoff, again$ }), '^ 19ms !').toBe(
        'x-x---x--x-x---x----',
        kills,
      );
    });
  });

  it('the KILL carries the agent id and the kill policy', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('---d', updates);
      const agentId = { value: 'S1' };
      const killPolicy = { grace_period: { nanoseconds: '1000000000' } } as const;
      expectObservable(killUntilTerminal(web, updates$, { ...backoff, agentId, killPolicy })).toBe(
        'x-x|',
        { x: killTask(web, { agentId, killPolicy }) },
      );
    });
  });

  it('the default schedule: 5 s doubling, capped at 60 s', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      // KILL at 0, 5, 15, 35, 75, 135 s …
      expectObservable(killUntilTerminal(web, updates$), '^ 140s !').toBe(
        'x 4999ms x 9999ms x 19999ms x 39999ms x 59999ms x',
        kills,
      );
    });
  });

  it('empty: updates$ that complete (the driver stopped) end it', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('---|', updates);
      expectObservable(killUntilTerminal(web, updates$, backoff)).toBe('x-x|', kills);
    });
  });

  it('error: a failing updates$ is passed on and ends the repeats', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-k-#', updates, new Error('stream broke'));
      expectObservable(killUntilTerminal(web, updates$, backoff)).toBe(
        'x-x#',
        kills,
        new Error('stream broke'),
      );
    });
  });

  it('early unsubscribe: no more KILLs, updates$ and again$ unsubscribed', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const updates$ = hot<TaskStatus>('-------d', updates);
      const again$ = hot<unknown>('-----s', { s: 1 });
      expectObservable(killUntilTerminal(web, updates$, { ...backoff, again$ }), '^--!').toBe(
        'x-x-',
        kills,
      );
      expectSubscriptions(updates$.subscriptions).toBe('^--!');
      expectSubscriptions(again$.subscriptions).toBe('^--!');
    });
  });

  it('is cold: nothing is sent before subscription, and each subscription has its own schedule', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('--------d', updates);
      const kill$ = killUntilTerminal(web, updates$, backoff);
      expectObservable(timer(3).pipe(switchMap(() => kill$))).toBe('---x-x--|', kills);
      expectObservable(kill$).toBe('x-x---x-|', kills);
    });
  });
});
