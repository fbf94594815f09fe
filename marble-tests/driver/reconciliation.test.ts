import { switchMap, timer } from 'rxjs';

import { reconcileTasks } from '../../src/calls';
import { reconciliation, type KnownTask } from '../../src/driver/reconciliation';
import type { TaskStatus } from '../../src/wire';
import { testScheduler } from '../helpers';

/**
 * Reconciliation after a subscription, in virtual time. One frame is 1 ms; the backoff starts
 * at 2 ms and doubles up to 8 ms, so unanswered tasks are asked at frames 0, 2, 6, 14, 22, 30 …
 * (spec §9: explicit, retried with truncated exponential backoff, then implicit).
 */
describe('reconciliation() with marbles', () => {
  const task = (id: string, agent?: string): KnownTask => ({
    task_id: { value: id },
    ...(agent === undefined ? {} : { agent_id: { value: agent } }),
  });
  const t1 = task('t1', 'S1');
  const t2 = task('t2', 'S2');
  const t3 = task('t3');
  const backoff = { initialMs: 2, maxMs: 8 } as const;

  /** Statuses as they arrive on the driver's statusUpdates$. */
  const updates: Readonly<Record<string, TaskStatus>> = {
    x: { task_id: { value: 't1' }, state: 'TASK_RUNNING', reason: 'REASON_RECONCILIATION' },
    y: { task_id: { value: 't2' }, state: 'TASK_LOST', reason: 'REASON_RECONCILIATION' },
    z: { task_id: { value: 't3' }, state: 'TASK_FAILED', uuid: 'AAECAwQFBgcICQoLDA0ODw==' },
    o: { task_id: { value: 'other' }, state: 'TASK_RUNNING' },
  };
  const calls = {
    a: reconcileTasks([t1, t2, t3]), // every known task
    b: reconcileTasks([t2, t3]), //     t1 answered
    c: reconcileTasks([t2]), //         t1 and t3 answered
    d: reconcileTasks([t1, t2]),
    i: reconcileTasks([]), //           implicit
  };

  it('never answered (never-ending): asks again at 2, 6, 14 ms, then every 8 ms', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      const r = reconciliation({ known: [t1, t2], updates$, ...backoff });
      expectObservable(r, '^ 39ms !').toBe('d-d---d-------d-------d-------d-------d-', calls);
    });
  });

  it('many: each answer removes its task from the next asks; the last answer brings the implicit one', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-x--z----y', updates);
      const r = reconciliation({ known: [t1, t2, t3], updates$, ...backoff });
      expectObservable(r).toBe('a-b---c--(i|)', calls);
    });
  });

  it('any update of the task answers it, not only the master reconciliation answer; other tasks do not', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      // z is an agent's TASK_FAILED with a uuid, o a task nobody asked about
      const updates$ = hot<TaskStatus>('-o-z-o---x---y', updates);
      const r = reconciliation({ known: [t1, t2, t3], updates$, ...backoff });
      expectObservable(r).toBe('a-a---d------(i|)', calls);
    });
  });

  it('one task answered at once: the implicit one follows without waiting', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-x', updates);
      const r = reconciliation({ known: [t1], updates$, ...backoff });
      expectObservable(r).toBe('x(i|)', { x: reconcileTasks([t1]), i: calls.i });
    });
  });

  it('empty: no known task means the implicit one at once, then completion', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-x-y', updates);
      expectObservable(reconciliation({ known: [], updates$, ...backoff })).toBe('(i|)', calls);
    });
  });

  it('maxAttempts: after that many unanswered asks and one more wait, the implicit one', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      const r = reconciliation({ known: [t1, t2], updates$, ...backoff, maxAttempts: 3 });
      expectObservable(r).toBe('d-d---d-------(i|)', calls);
    });
  });

  it('a task listed twice is asked once, with its agent id', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      const r = reconciliation({ known: [t1, t2, t1], updates$, ...backoff, maxAttempts: 1 });
      expectObservable(r).toBe('d-(i|)', calls);
    });
  });

  it('periodic: implicit at once without known tasks, then every everyMs, never completing', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('--x--y', updates);
      const r = reconciliation({ known: [], updates$, ...backoff, everyMs: 5 });
      expectObservable(r, '^ 17ms !').toBe('i----i----i----i--', calls);
    });
  });

  it('periodic after explicit: the period starts from the first implicit one', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('---x', updates);
      const r = reconciliation({ known: [t1], updates$, ...backoff, everyMs: 5 });
      expectObservable(r, '^ 15ms !').toBe('x-xi----i----i--', {
        x: reconcileTasks([t1]),
        i: calls.i,
      });
    });
  });

  it('the default schedule: 1 s doubling, capped at 60 s', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      const r = reconciliation({ known: [t1, t2], updates$ });
      // asks at 0, 1, 3, 7, 15, 31, 63, 123 s …
      expectObservable(r, '^ 130s !').toBe(
        'd 999ms d 1999ms d 3999ms d 7999ms d 15999ms d 31999ms d 59999ms d',
        calls,
      );
    });
  });

  it('error: a failing updates$ is passed on and ends the retries', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-x-#', updates, new Error('stream broke'));
      const r = reconciliation({ known: [t1, t2], updates$, ...backoff });
      expectObservable(r).toBe('d-c#', calls, new Error('stream broke'));
    });
  });

  it('updates$ completing changes nothing: the asks go on', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-|', updates);
      const r = reconciliation({ known: [t1, t2], updates$, ...backoff });
      expectObservable(r, '^ 9ms !').toBe('d-d---d---', calls);
    });
  });

  it('early unsubscribe (the subscription ended): no more asks, updates$ unsubscribed', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const updates$ = hot<TaskStatus>('-x------------y', updates);
      const r = reconciliation({ known: [t1, t2, t3], updates$, ...backoff });
      expectObservable(r, '^--!').toBe('a-b-', calls);
      expectSubscriptions(updates$.subscriptions).toBe('^--!');
    });
  });

  it('is cold: each subscription runs its own schedule from its own start', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const updates$ = hot<TaskStatus>('-', updates);
      const r = reconciliation({ known: [t1, t2], updates$, ...backoff, maxAttempts: 2 });
      const later$ = timer(3).pipe(switchMap(() => r));
      expectObservable(r).toBe('d-d---(i|)', calls);
      expectObservable(later$).toBe('---d-d---(i|)', calls);
    });
  });
});
