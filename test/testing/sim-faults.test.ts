/**
 * Fault injection from code on one simulated master: stream faults, calls answered 503/429,
 * agents, offers, duplicate updates, maintenance, and a restart (master failover in place).
 */
import { SimulatedMaster } from '../../src/testing';
import { post, subscribe, subscribeCall, type RawSubscription } from '../helpers/raw-client';
import { framework, sleep, typesSince, type TestFramework } from './sim-cluster-helpers';
import {
  ack,
  AGENT,
  commandTask,
  launch,
  nextUpdate,
  stateOf,
  subscribeFramework,
  type Subscribed,
} from './sim-tasks-harness';

/** The RecordIO records of a byte stream, and whether it ends exactly at a record's end. */
function splitRecordIO(bytes: Buffer): { readonly records: number; readonly clean: boolean } {
  let at = 0;
  let records = 0;
  while (at < bytes.length) {
    const lf = bytes.indexOf(10, at);
    if (lf < 0) return { records, clean: false };
    const end = lf + 1 + Number(bytes.toString('latin1', at, lf));
    if (end > bytes.length) return { records, clean: false };
    records++;
    at = end;
  }
  return { records, clean: true };
}

function count(s: RawSubscription, type: string, from = 0): number {
  return s.events.slice(from).filter((e) => e.type === type).length;
}

describe('SimulatedMaster fault injection from code', () => {
  let master: SimulatedMaster;
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await master.stop();
  });

  async function fw(extra = {}): Promise<TestFramework> {
    const f = await framework(master.url, { failover_timeout: 60, ...extra });
    open.push(f);
    return f;
  }

  describe('a framework stream', () => {
    beforeEach(async () => {
      master = await SimulatedMaster.start({
        heartbeatIntervalSeconds: 0.1,
        agents: [{ cpus: 2, mem: 1024 }],
        allocationIntervalMs: 50,
      });
    });

    it('cutStream breaks the connection without a clean end; the master sees a disconnection', async () => {
      const f = await fw();
      expect(master.cutStream('no-such-framework')).toBe(false);
      expect(master.cutStream(f.id)).toBe(true);
      expect(await f.s.ended).toMatch(/^(error|framing)/);
      expect(splitRecordIO(f.s.bytes()).clean).toBe(true);
      expect(master.core.framework(f.id)?.connected).toBe(false);
      expect(master.core.failoverTimerOf(f.id)).toBeDefined();
      const stale = await f.call({ type: 'REVIVE' });
      expect([stale.status, stale.text]).toEqual([403, 'Framework is not subscribed']);
      expect(master.cutStream(f.id)).toBe(false);
      const again = await framework(master.url, { failover_timeout: 60 }, { frameworkId: f.id });
      open.push(again);
      expect(again.id).toBe(f.id);
    });

    it('cutStream with midRecord leaves a partial record at the end of the bytes', async () => {
      const f = await fw();
      await f.next('HEARTBEAT');
      expect(master.cutStream(f.id, { midRecord: true })).toBe(true);
      expect(await f.s.ended).toMatch(/^(error|framing)/);
      const bytes = f.s.bytes();
      const split = splitRecordIO(bytes);
      expect(split.clean).toBe(false);
      expect(split.records).toBe(f.s.events.length);
    });

    it('stopHeartbeats silences HEARTBEAT only; startHeartbeats brings it back', async () => {
      const f = await fw();
      const [offer] = await f.offers();
      expect(master.stopHeartbeats('no-such-framework')).toBe(false);
      expect(master.stopHeartbeats(f.id)).toBe(true);
      await sleep(150); // a heartbeat already on its way may still land
      const mark = f.s.events.length;
      await sleep(400);
      expect(count(f.s, 'HEARTBEAT', mark)).toBe(0);
      expect(master.rescindOffer(offer!.id.value)).toBe(true);
      expect((await f.next('RESCIND')).rescind.offer_id).toEqual(offer!.id);
      expect(master.startHeartbeats(f.id)).toBe(true);
      await f.next('HEARTBEAT', 1000);
    });

    it('holdEvents keeps every event back until releaseEvents, then writes them in order', async () => {
      const f = await fw();
      const [offer] = await f.offers();
      expect(master.holdEvents(f.id)).toBe(true);
      const mark = f.s.events.length;
      expect(master.rescindOffer(offer!.id.value)).toBe(true);
      await sleep(400);
      expect(f.s.events.length).toBe(mark);
      expect(master.releaseEvents(f.id)).toBe(true);
      await f.next('RESCIND', 1000);
      const types = typesSince(f.s, mark);
      // held: heartbeats of 400 ms around the RESCIND, then new offers; RESCIND comes early
      expect(types.filter((t) => t === 'HEARTBEAT').length).toBeGreaterThanOrEqual(2);
      expect(types.indexOf('RESCIND')).toBeLessThan(types.lastIndexOf('HEARTBEAT'));
      expect(master.holdEvents('no-such-framework')).toBe(false);
      expect(master.releaseEvents('no-such-framework')).toBe(false);
    });

    it('delayEvents holds the events for the given time, then releases them', async () => {
      const f = await fw();
      const [offer] = await f.offers();
      const started = Date.now();
      expect(master.delayEvents(f.id, 300)).toBe(true);
      expect(master.rescindOffer(offer!.id.value)).toBe(true);
      await f.next('RESCIND', 2000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(master.delayEvents('no-such-framework', 10)).toBe(false);
    });

    it('a re-subscribed framework gets a fresh stream: nothing held, heartbeats on', async () => {
      const f = await fw();
      master.holdEvents(f.id);
      master.stopHeartbeats(f.id);
      const again = await framework(master.url, { failover_timeout: 60 }, { frameworkId: f.id });
      open.push(again);
      await again.next('HEARTBEAT', 1000);
      await again.next('HEARTBEAT', 1000);
    });
  });

  describe('calls, agents, offers and tasks', () => {
    beforeEach(async () => {
      master = await SimulatedMaster.start({
        agents: [{ cpus: 2, mem: 1024 }],
        allocationIntervalMs: 50,
        taskScript: () => ({ runSeconds: 60, state: 'TASK_FINISHED' }),
      });
    });

    it('failNextCalls answers the next calls with 503 or 429, then calls work again', async () => {
      const f = await fw();
      master.failNextCalls(1, 429);
      master.failNextCalls(1);
      expect((await f.call({ type: 'REVIVE' })).status).toBe(429);
      expect((await f.call({ type: 'REVIVE' })).status).toBe(503);
      expect((await f.call({ type: 'REVIVE' })).status).toBe(202);
    });

    it('agents: add, partition, heal, remove, mark gone; each says whether it applied', async () => {
      const f = await fw();
      await f.offers();
      const added = master.addAgent({ cpus: 1, mem: 256, hostname: 'extra.sim.local' });
      const offered = await f.offers();
      expect(offered.map((o) => o.agent_id.value)).toContain(added);
      expect(master.partitionAgent(added)).toBe(true);
      expect((await f.next('FAILURE')).failure.agent_id?.value).toBe(added);
      expect(master.partitionAgent(added)).toBe(false);
      expect(master.healAgent(added)).toBe(true);
      expect(master.healAgent(added)).toBe(false);
      expect(master.markAgentGone(added)).toBe(true);
      expect(master.markAgentGone(added)).toBe(false);
      const [first] = master.core.cluster.agents();
      expect(master.removeAgent(first!.id)).toBe(true);
      expect(master.removeAgent(first!.id)).toBe(false);
      expect(master.core.cluster.agents()).toEqual([]);
    });

    it('rescindOffer sends RESCIND for an outstanding offer only', async () => {
      const f = await fw();
      const [offer] = await f.offers();
      expect(master.rescindOffer('no-such-offer')).toBe(false);
      expect(master.rescindOffer(offer!.id.value)).toBe(true);
      expect((await f.next('RESCIND')).rescind.offer_id).toEqual(offer!.id);
      expect(master.rescindOffer(offer!.id.value)).toBe(false);
    });

    it('duplicateLastUpdate sends the same update again, same uuid', async () => {
      const sub = await subscribeFramework(master);
      open.push(sub.s);
      launch(master, sub, { task: commandTask('t1', 'sleep 60') });
      const starting = await nextUpdate(sub, 't1', 'TASK_STARTING');
      expect(master.duplicateLastUpdate('no-such-task')).toBe(false);
      expect(master.duplicateLastUpdate('t1', 'another-framework')).toBe(false);
      expect(master.duplicateLastUpdate('t1', sub.id)).toBe(true);
      const again = await nextUpdate(sub, 't1');
      expect(again).toEqual(starting);
    });

    it('scheduleMaintenance and cancelMaintenance reach the frameworks', async () => {
      const f = await fw();
      const [offer] = await f.offers();
      const agentId = offer!.agent_id.value;
      master.scheduleMaintenance([agentId], { start: Date.now() / 1000 + 3600, duration: 600 });
      expect((await f.next('INVERSE_OFFERS')).inverse_offers.inverse_offers?.[0]?.agent_id).toEqual(
        offer!.agent_id,
      );
      master.cancelMaintenance([agentId]);
      await f.next('RESCIND_INVERSE_OFFER');
    });
  });

  describe('restart: a master failover in place', () => {
    beforeEach(async () => {
      master = await SimulatedMaster.start({
        agents: [{ cpus: 2, mem: 1024 }],
        allocationIntervalMs: 50,
        statusUpdateRetryMs: 60_000,
        taskScript: () => ({ runSeconds: 60, state: 'TASK_FINISHED' }),
      });
    });

    async function resubscribe(id: string): Promise<Subscribed> {
      const sub = await subscribeFramework(master, { failover_timeout: 60 }, undefined, id);
      open.push(sub.s);
      return sub;
    }

    it('new master id; frameworks forgotten, streams broken; the old id re-subscribes and finds its tasks', async () => {
      const oldMasterId = master.masterId;
      const sub = await subscribeFramework(master, { failover_timeout: 60 });
      open.push(sub.s);
      launch(master, sub, { task: commandTask('t1', 'sleep 60') });
      await ack(master, sub, await nextUpdate(sub, 't1', 'TASK_STARTING'));
      const running = await nextUpdate(sub, 't1', 'TASK_RUNNING'); // not acknowledged

      const newMasterId = master.restart();
      expect(newMasterId).not.toBe(oldMasterId);
      expect(master.masterId).toBe(newMasterId);
      expect(await sub.s.ended).toMatch(/^(error|framing)/);
      expect((await stateOf(master)).frameworks).toEqual([]);
      const stale = await post(
        master.url,
        { type: 'REVIVE', framework_id: { value: sub.id } },
        { streamId: sub.s.streamId },
      );
      expect([stale.status, stale.text]).toEqual([400, 'Framework cannot be found']);

      const back = await resubscribe(sub.id);
      const subscribed = back.s.events[0];
      if (subscribed?.type !== 'SUBSCRIBED') throw new Error('no SUBSCRIBED');
      expect(subscribed.subscribed.framework_id.value).toBe(sub.id);
      expect(subscribed.subscribed.master_info?.id).toBe(newMasterId);
      // the unacknowledged update comes again (same uuid) …
      expect(await nextUpdate(back, 't1', 'TASK_RUNNING')).toEqual(running);
      // … reconciliation knows the task, and /state lists it under the framework
      expect(
        (
          await post(
            master.url,
            { type: 'RECONCILE', framework_id: { value: sub.id }, reconcile: {} },
            { streamId: back.s.streamId },
          )
        ).status,
      ).toBe(202);
      const answer = await nextUpdate(back, 't1');
      expect([answer.state, answer.reason, answer.agent_id?.value]).toEqual([
        'TASK_RUNNING',
        'REASON_RECONCILIATION',
        AGENT.agentId,
      ]);
      const [listed] = (await stateOf(master)).frameworks;
      expect(listed?.['id']).toBe(sub.id);
      expect((listed?.['tasks'] as readonly { id: string }[]).map((t) => t.id)).toEqual(['t1']);
    });

    it('new frameworks get ids of the new master; removed ids are accepted again', async () => {
      const gone = await fw();
      expect((await gone.call({ type: 'TEARDOWN' })).status).toBe(202);
      const refused = await subscribe(master.url, subscribeCall('x', {}, gone.id));
      open.push(refused);
      expect(await refused.next()).toMatchObject({
        type: 'ERROR',
        error: { message: 'Framework has been removed' },
      });
      const newMasterId = master.restart({ masterId: '0d1c4a6e-5b1f-4f36-9d59-2f8a0c3e7b21' });
      expect(newMasterId).toBe('0d1c4a6e-5b1f-4f36-9d59-2f8a0c3e7b21');
      const fresh = await fw();
      expect(fresh.id.startsWith(`${newMasterId}-`)).toBe(true);
      const back = await framework(master.url, {}, { frameworkId: gone.id });
      open.push(back);
      expect(back.id).toBe(gone.id);
    });

    it('offer filters are forgotten: a declined agent is offered again after the restart', async () => {
      const f = await fw();
      const [offer] = await f.offers();
      await f.call({
        type: 'DECLINE',
        decline: { offer_ids: [offer!.id], filters: { refuse_seconds: 3600 } },
      });
      const mark = f.s.events.length;
      await sleep(300);
      expect(count(f.s, 'OFFERS', mark)).toBe(0);
      master.restart();
      const back = await framework(master.url, { failover_timeout: 60 }, { frameworkId: f.id });
      open.push(back);
      const [offered] = await back.offers(2000);
      expect(offered?.agent_id).toEqual(offer!.agent_id);
    });
  });
});
