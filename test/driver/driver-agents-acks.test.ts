/**
 * The driver when agents are lost, and its acknowledgements: `slaveLost$` for a removed or
 * partitioned agent, TASK_LOST / TASK_UNREACHABLE updates (by PARTITION_AWARE) that carry no
 * uuid and are never acknowledged, and a duplicated update acknowledged once per session.
 */
import { acknowledgeStatusUpdate } from '../../src/calls';
import type { TaskState } from '../../src/wire';
import {
  CONTENT_TYPES,
  fence,
  frameworkInfo,
  launchOnFirstOffer,
  liveDriver,
  next,
  nextValues,
  oneAgentMaster,
  record,
  spyAcknowledgements,
  testOptions,
} from './driver-harness';

interface LossCase {
  readonly fault: 'removeAgent' | 'partitionAgent';
  readonly partitionAware: boolean;
  readonly state: TaskState;
}

const LOSSES: readonly LossCase[] = [
  { fault: 'removeAgent', partitionAware: false, state: 'TASK_LOST' },
  { fault: 'removeAgent', partitionAware: true, state: 'TASK_LOST' },
  { fault: 'partitionAgent', partitionAware: false, state: 'TASK_LOST' },
  { fault: 'partitionAgent', partitionAware: true, state: 'TASK_UNREACHABLE' },
];

describe.each(CONTENT_TYPES)('driver: agents lost and acknowledgements (%s)', (ct) => {
  const live = liveDriver('failover');

  it.each(LOSSES)(
    '$fault, PARTITION_AWARE $partitionAware: slaveLost$, $state without uuid, no acknowledgement',
    async ({ fault, partitionAware, state }) => {
      const m = await live.startMaster(oneAgentMaster());
      const acks = spyAcknowledgements(m.core);
      const capabilities = partitionAware ? [{ type: 'PARTITION_AWARE' as const }] : [];
      const d = live.createDriver(
        testOptions(m.url, ct, frameworkInfo('agents', { capabilities })),
      );
      launchOnFirstOffer(d, ['a1', 'a2']);
      const running = nextValues(d.statusUpdates$, 2, (s) => s.state === 'TASK_RUNNING');
      d.start();
      const agentId = (await running)[0]?.agent_id?.value ?? '';
      await fence(d);
      const acked = acks().length;
      expect(acked).toBe(4); // STARTING and RUNNING of both tasks

      const lost = next(d.slaveLost$);
      const updates = nextValues(d.statusUpdates$, 2, (s) => s.state === state);
      expect(m[fault](agentId)).toBe(true);
      expect((await lost).value).toBe(agentId);
      const statuses = await updates;
      expect(statuses.map((s) => [s.task_id.value, s.source, s.reason, s.uuid]).sort()).toEqual([
        ['a1', 'SOURCE_MASTER', 'REASON_AGENT_REMOVED', undefined],
        ['a2', 'SOURCE_MASTER', 'REASON_AGENT_REMOVED', undefined],
      ]);
      // wait for the dispatch of both updates to end (an acknowledgement would be sent then),
      // then prove the master handled everything the driver sent by then
      await next(d.heartbeats$);
      await fence(d);
      expect(acks()).toHaveLength(acked);
    },
  );

  it('a duplicated update is acknowledged once per session, and again after a re-subscription', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const acks = spyAcknowledgements(m.core);
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('dups')));
    launchOnFirstOffer(d, ['d1']);
    const running = next(d.statusUpdates$, (s) => s.state === 'TASK_RUNNING');
    d.start();
    const reg = await next(d.registered$);
    const first = await running;
    await fence(d);
    const uuidsOf = (): readonly string[] => acks().map((a) => a.uuid);
    expect(uuidsOf().filter((u) => u === first.uuid)).toHaveLength(1);

    // the same update twice more (a late agent retry): delivered each time, acknowledged never again
    const seen = record(d.statusUpdates$);
    expect(m.duplicateLastUpdate('d1')).toBe(true);
    expect(m.duplicateLastUpdate('d1')).toBe(true);
    await next(d.heartbeats$);
    await fence(d);
    expect(seen.map((s) => [s.state, s.uuid])).toEqual([
      ['TASK_RUNNING', first.uuid],
      ['TASK_RUNNING', first.uuid],
    ]);
    expect(uuidsOf().filter((u) => u === first.uuid)).toHaveLength(1);

    // a new session forgets what it acknowledged: a duplicate then is acknowledged (harmless)
    const reregistered = next(d.reregistered$);
    expect(m.cutStream(reg.frameworkId.value)).toBe(true);
    await reregistered;
    expect(m.duplicateLastUpdate('d1')).toBe(true);
    await next(d.statusUpdates$, (s) => s.uuid === first.uuid);
    await next(d.heartbeats$);
    await fence(d);
    expect(uuidsOf().filter((u) => u === first.uuid)).toHaveLength(2);
  });

  it('with explicit acknowledgements the driver sends none, and the application acknowledges itself', async () => {
    const m = await live.startMaster(oneAgentMaster());
    const acks = spyAcknowledgements(m.core);
    const d = live.createDriver(
      testOptions(m.url, ct, frameworkInfo('explicit'), { acknowledgements: 'explicit' }),
    );
    launchOnFirstOffer(d, ['e1']);
    const starting = next(d.statusUpdates$, (s) => s.state === 'TASK_STARTING');
    d.start();
    const status = await starting;
    await next(d.heartbeats$);
    await fence(d);
    expect(acks()).toHaveLength(0);
    const ack = acknowledgeStatusUpdate(status);
    if (ack._tag === 'Left') throw ack.left;
    const running = next(d.statusUpdates$, (s) => s.state === 'TASK_RUNNING');
    expect((await d.send(ack.right))._tag).toBe('Right');
    expect((await running).task_id.value).toBe('e1'); // the agent sent the next update
    expect(acks().map((a) => a.uuid)).toEqual([status.uuid]);
  });
});
