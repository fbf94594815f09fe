/**
 * `driver.killUntilTerminal()` against the simulated master over loopback: a kill that the
 * master drops (the task's agent is partitioned) is repeated with backoff, and at once after
 * a re-subscription, until a terminal update comes; non-terminal answers (TASK_UNREACHABLE)
 * do not end it; a driver that stops first answers NOT_RUNNING.
 */
import type { SchedulerDriver } from '../../src/driver';
import { SimulatedMaster } from '../../src/testing';
import type { FrameworkInfo, TaskStatus } from '../../src/wire';
import {
  CONTENT_TYPES,
  fence,
  frameworkInfo,
  launchOnFirstOffer,
  liveDriver,
  next,
  oneAgentMaster,
  record,
  spyKills,
  testOptions,
} from './driver-harness';

describe.each(CONTENT_TYPES)('driver: kill until terminal (%s)', (ct) => {
  const live = liveDriver();

  /** A master with one agent and a driver running task k1 there (its RUNNING acknowledged). */
  async function runningTask(
    framework: Partial<FrameworkInfo>,
    extra: Parameters<typeof testOptions>[3] = {},
  ): Promise<{
    readonly m: SimulatedMaster;
    readonly d: SchedulerDriver;
    readonly running: TaskStatus;
  }> {
    const m = await live.startMaster(oneAgentMaster());
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('killer', framework), extra));
    launchOnFirstOffer(d, ['k1']);
    const running = next(d.statusUpdates$, (s) => s.state === 'TASK_RUNNING');
    d.start();
    await next(d.registered$);
    const status = await running;
    await fence(d);
    return { m, d, running: status };
  }

  it('a task that ends at the first KILL: TASK_KILLING, then the terminal TASK_KILLED resolves it; one KILL', async () => {
    const { m, d, running } = await runningTask({
      capabilities: [{ type: 'TASK_KILLING_STATE' }],
    });
    const kills = spyKills(m.core);
    const seen = record(d.statusUpdates$);
    const outcome = await d.killUntilTerminal(running.task_id, {
      ...(running.agent_id === undefined ? {} : { agentId: running.agent_id }),
      initialMs: 30_000,
    });
    expect(outcome._tag === 'Right' && [outcome.right.task_id.value, outcome.right.state]).toEqual([
      'k1',
      'TASK_KILLED',
    ]);
    expect(seen.map((s) => s.state)).toEqual(['TASK_KILLING', 'TASK_KILLED']);
    expect(kills().map((k) => [k.task_id.value, k.agent_id?.value])).toEqual([
      ['k1', running.agent_id?.value],
    ]);
  });

  it('a KILL lost to a partition: TASK_UNREACHABLE does not end it; after the connection is lost and comes back, the KILL goes again at once and TASK_GONE ends it', async () => {
    const { m, d, running } = await runningTask(
      { capabilities: [{ type: 'PARTITION_AWARE' }] },
      { reconcileOnSubscribe: false }, // the only answers are the kills'
    );
    const id = d.frameworkId?.value ?? '';
    const agentId = running.agent_id?.value ?? '';
    const kills = spyKills(m.core);
    const unreachable = next(d.statusUpdates$, (s) => s.state === 'TASK_UNREACHABLE');
    expect(m.partitionAgent(agentId)).toBe(true);
    await unreachable;

    const seen = record(d.statusUpdates$);
    const answered = next(d.statusUpdates$, (s) => s.reason === 'REASON_RECONCILIATION');
    // no repeat by backoff within this test: only the re-subscription can repeat it
    const outcome = d.killUntilTerminal(running.task_id, {
      agentId: { value: agentId },
      initialMs: 60_000,
    });
    // the master cannot reach the agent: it answers the KILL by reconciliation
    expect((await answered).state).toBe('TASK_UNREACHABLE');
    expect(kills()).toHaveLength(1);

    expect(m.healAgent(agentId)).toBe(true);
    const reregistered = next(d.reregistered$);
    expect(m.cutStream(id)).toBe(true);
    await reregistered;
    const result = await outcome;
    expect(result._tag === 'Right' && [result.right.state, result.right.reason]).toEqual([
      'TASK_GONE',
      'REASON_RECONCILIATION',
    ]);
    expect(kills().map((k) => [k.task_id.value, k.agent_id?.value])).toEqual([
      ['k1', agentId],
      ['k1', agentId],
    ]);
    expect(seen.map((s) => s.state)).toEqual(['TASK_UNREACHABLE', 'TASK_GONE']);
  });

  it('repeats with backoff while the answers are not terminal, until one is', async () => {
    const { m, d, running } = await runningTask({ capabilities: [{ type: 'PARTITION_AWARE' }] });
    const agentId = running.agent_id?.value ?? '';
    const kills = spyKills(m.core);
    const unreachable = next(d.statusUpdates$, (s) => s.state === 'TASK_UNREACHABLE');
    expect(m.partitionAgent(agentId)).toBe(true);
    await unreachable;

    const outcome = d.killUntilTerminal(running.task_id, {
      agentId: { value: agentId },
      initialMs: 20,
      maxMs: 40,
    });
    // two answers, so at least two KILLs, all TASK_UNREACHABLE: it goes on
    const first = next(d.statusUpdates$, (s) => s.reason === 'REASON_RECONCILIATION');
    expect((await first).state).toBe('TASK_UNREACHABLE');
    const second = next(d.statusUpdates$, (s) => s.reason === 'REASON_RECONCILIATION');
    expect((await second).state).toBe('TASK_UNREACHABLE');
    expect(m.healAgent(agentId)).toBe(true);
    const result = await outcome;
    expect(result._tag === 'Right' && result.right.state).toBe('TASK_GONE');
    expect(kills().length).toBeGreaterThanOrEqual(3);
    // the repeats stop with the terminal update
    await fence(d);
    const total = kills().length;
    await next(d.heartbeats$);
    await next(d.heartbeats$);
    await fence(d);
    expect(kills()).toHaveLength(total);
  });

  it('a driver that stops first answers NOT_RUNNING; so does one that is not running', async () => {
    const { m, d, running } = await runningTask({ capabilities: [{ type: 'PARTITION_AWARE' }] });
    const agentId = running.agent_id?.value ?? '';
    const unreachable = next(d.statusUpdates$, (s) => s.state === 'TASK_UNREACHABLE');
    expect(m.partitionAgent(agentId)).toBe(true);
    await unreachable;
    const outcome = d.killUntilTerminal(running.task_id, { initialMs: 20, maxMs: 40 });
    await next(d.statusUpdates$, (s) => s.reason === 'REASON_RECONCILIATION');
    await d.stop({ failover: true });
    const result = await outcome;
    expect(result._tag === 'Left' && [result.left.code, result.left.message]).toEqual([
      'NOT_RUNNING',
      'the driver stopped before task k1 reached a terminal state',
    ]);
    const late = await d.killUntilTerminal(running.task_id);
    expect(late._tag === 'Left' && late.left.code).toBe('NOT_RUNNING');
  });
});
