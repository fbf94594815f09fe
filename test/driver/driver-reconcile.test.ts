/**
 * Reconciliation after every SUBSCRIBED, against the simulated master over loopback: the
 * tasks the application knows are reconciled explicitly (asked again while unanswered), then
 * implicitly; the answers reach statusUpdates$ and are never acknowledged (no uuid);
 * `reconcileOnSubscribe: false` sends none; `reconcileEveryMs` repeats the implicit one.
 */
import type { DriverOptions, KnownTask, SchedulerDriver } from '../../src/driver';
import { isTerminalTaskState } from '../../src/wire';
import { SimulatedMaster } from '../../src/testing';
import type { Call, TaskStatus } from '../../src/wire';
import {
  CONTENT_TYPES,
  eventually,
  fence,
  frameworkInfo,
  launchOnFirstOffer,
  liveDriver,
  next,
  nextValues,
  oneAgentMaster,
  spyAcknowledgements,
  spyReconciles,
  testOptions,
} from './driver-harness';

/** The task ids a RECONCILE asked about, sorted; [] for the implicit one. */
function asked(r: Call.Reconcile): readonly string[] {
  return (r.tasks ?? []).map((t) => t.task_id.value).sort();
}

/**
 * What an application keeps: every task not known to be over, with its agent. `also` are
 * tasks it believes in although this master never had them.
 */
class TaskStore {
  readonly tasks = new Map<string, KnownTask>();
  readonly also: KnownTask[] = [];
  /** How many tasks each call of `known` returned. */
  readonly calls: number[] = [];

  watch(driver: SchedulerDriver): void {
    driver.statusUpdates$.subscribe((s) => {
      if (isTerminalTaskState(s.state)) this.tasks.delete(s.task_id.value);
      else if (!this.tasks.has(s.task_id.value) && s.agent_id !== undefined)
        this.tasks.set(s.task_id.value, { task_id: s.task_id, agent_id: s.agent_id });
    });
  }

  readonly known = (): readonly KnownTask[] => {
    const all = [...this.tasks.values(), ...this.also];
    this.calls.push(all.length);
    return all;
  };
}

const isAnswer = (s: TaskStatus): boolean => s.reason === 'REASON_RECONCILIATION';

/** An answer as a short tuple: task, state, source, uuid. */
const answerLine = (s: TaskStatus): readonly unknown[] => [
  s.task_id.value,
  s.state,
  s.source,
  s.uuid,
];

const byTask = (a: readonly unknown[], b: readonly unknown[]): number =>
  String(a[0]).localeCompare(String(b[0]));

describe.each(CONTENT_TYPES)('driver: reconciliation (%s)', (ct) => {
  const live = liveDriver();

  /** A driver with two running tasks r1 and r2, subscribed, its acknowledgements handled. */
  async function runningDriver(
    m: SimulatedMaster,
    store: TaskStore,
    extra: Partial<DriverOptions> = {},
  ): Promise<{ readonly driver: SchedulerDriver; readonly agentId: string }> {
    const d = live.createDriver(
      testOptions(m.url, ct, frameworkInfo('reconcile'), { knownTasks: store.known, ...extra }),
    );
    store.watch(d);
    launchOnFirstOffer(d, ['r1', 'r2']);
    const running = nextValues(d.statusUpdates$, 2, (s) => s.state === 'TASK_RUNNING');
    d.start();
    await next(d.registered$);
    const agentId = (await running)[0]?.agent_id?.value ?? '';
    await fence(d);
    return { driver: d, agentId };
  }

  it('after a master restart: the known tasks explicitly with their agents, then implicitly; answers without uuid, never acknowledged', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const reconciles = spyReconciles(m.core);
    const acks = spyAcknowledgements(m.core);
    const store = new TaskStore();
    const { driver: d, agentId } = await runningDriver(m, store);
    // the first SUBSCRIBED: nothing known yet, so only the implicit one
    expect(reconciles().map(asked)).toEqual([[]]);
    expect(store.calls).toEqual([0]);
    const acked = acks().length;
    expect(acked).toBe(4); // STARTING and RUNNING of r1 and r2
    // a task the application believes in, on that agent, which this master never had
    store.also.push({ task_id: { value: 'ghost' }, agent_id: { value: agentId } });

    const explicitAnswers = nextValues(d.statusUpdates$, 3, isAnswer);
    const reregistered = next(d.reregistered$);
    m.restart();
    await reregistered;
    expect(store.calls).toEqual([0, 3]);
    expect((await explicitAnswers).map(answerLine).sort(byTask)).toEqual([
      ['ghost', 'TASK_LOST', 'SOURCE_MASTER', undefined], // not PARTITION_AWARE: TASK_LOST
      ['r1', 'TASK_RUNNING', 'SOURCE_MASTER', undefined],
      ['r2', 'TASK_RUNNING', 'SOURCE_MASTER', undefined],
    ]);
    // every known task answered: the implicit one follows, answered for the tasks the master has
    const implicitAnswers = await nextValues(d.statusUpdates$, 2, isAnswer);
    expect(implicitAnswers.map(answerLine).sort(byTask)).toEqual([
      ['r1', 'TASK_RUNNING', 'SOURCE_MASTER', undefined],
      ['r2', 'TASK_RUNNING', 'SOURCE_MASTER', undefined],
    ]);
    await next(d.heartbeats$); // the answers' dispatch is over: an acknowledgement would be sent
    await fence(d);
    expect(reconciles().map(asked)).toEqual([[], ['ghost', 'r1', 'r2'], []]);
    const explicit = reconciles()[1]?.tasks ?? [];
    expect(explicit.map((t) => t.agent_id?.value)).toEqual([agentId, agentId, agentId]);
    expect(acks()).toHaveLength(acked);
  });

  it('answers that do not come are asked again, with backoff, before the implicit one', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const reconciles = spyReconciles(m.core);
    const store = new TaskStore();
    const { driver: d } = await runningDriver(m, store, {
      reconcileBackoff: { initialMs: 40, maxMs: 80 },
    });
    const id = d.frameworkId?.value ?? '';
    // the master holds the events of the new subscription for a while: no answer arrives
    d.reregistered$.subscribe(() => {
      expect(m.delayEvents(id, 300)).toBe(true);
    });
    const reregistered = next(d.reregistered$);
    expect(m.cutStream(id)).toBe(true);
    await reregistered;
    await eventually(
      () => Promise.resolve(reconciles().length > 1 && reconciles().at(-1)?.tasks === undefined),
      10_000,
    );
    await fence(d);
    const after = reconciles().slice(1).map(asked);
    // asked at 0, 40 and 120 ms at least while the answers were held, then the implicit one once
    expect(after.length).toBeGreaterThanOrEqual(4);
    expect(after.slice(0, -1)).toEqual(after.slice(0, -1).map(() => ['r1', 'r2']));
    expect(after.at(-1)).toEqual([]);
  });

  it('reconcileOnSubscribe: false sends no RECONCILE at all and does not ask for known tasks', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const reconciles = spyReconciles(m.core);
    const store = new TaskStore();
    const { driver: d } = await runningDriver(m, store, {
      reconcileOnSubscribe: false,
      reconcileEveryMs: 20,
    });
    const reregistered = next(d.reregistered$);
    m.restart();
    await reregistered;
    await next(d.heartbeats$);
    await fence(d);
    expect(reconciles()).toEqual([]);
    expect(store.calls).toEqual([]);
  });

  it('reconcileEveryMs: the implicit one again and again while subscribed', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const reconciles = spyReconciles(m.core);
    const store = new TaskStore();
    await runningDriver(m, store, { reconcileEveryMs: 50 });
    await eventually(() => Promise.resolve(reconciles().length >= 4));
    expect(reconciles().map(asked)).toEqual(reconciles().map(() => []));
  });

  it('knownTasks that throws is reported, and the implicit one still goes out', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const reconciles = spyReconciles(m.core);
    const d = live.createDriver(
      testOptions(m.url, ct, frameworkInfo('reconcile'), {
        knownTasks: () => {
          throw new Error('store offline');
        },
      }),
    );
    const error = next(d.errors$);
    const registered = next(d.registered$);
    d.start();
    const e = await error;
    expect([e.code, e.message]).toEqual([
      'HANDLER_FAILED',
      'knownTasks failed: store offline; reconciling implicitly only',
    ]);
    await registered;
    await fence(d);
    expect(reconciles().map(asked)).toEqual([[]]);
  });
});
