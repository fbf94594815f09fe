import { SimulatedMaster } from '../../src/testing';
import { post, subscribe, subscribeCall } from '../helpers/raw-client';

describe('simulated master: subscription basics', () => {
  let master: SimulatedMaster;
  beforeEach(async () => {
    master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 0.2 });
  });
  afterEach(async () => {
    await master.stop();
  });

  it.each(['application/json', 'application/x-protobuf'])(
    '%s: SUBSCRIBED, then heartbeats, then TEARDOWN ends the stream',
    async (ct) => {
      const s = await subscribe(master.url, subscribeCall('smoke'), { contentType: ct });
      expect(s.status).toBe(200);
      expect(s.contentType).toBe(ct);
      expect(s.streamId).toMatch(/^[0-9a-f-]{36}$/);
      const first = await s.next();
      if (first.type !== 'SUBSCRIBED') throw new Error(first.type);
      expect(first.subscribed.heartbeat_interval_seconds).toBe(0.2);
      expect((await s.next()).type).toBe('HEARTBEAT');
      await s.next((e) => e.type === 'HEARTBEAT');
      const id = first.subscribed.framework_id.value;
      const a = await post(
        master.url,
        { type: 'TEARDOWN', framework_id: { value: id } },
        { contentType: ct, streamId: s.streamId },
      );
      expect(a.status).toBe(202);
      expect(await s.ended).toBe('end');
      const again = await post(
        master.url,
        { type: 'TEARDOWN', framework_id: { value: id } },
        { contentType: ct, streamId: s.streamId },
      );
      expect([again.status, again.text]).toEqual([400, 'Framework cannot be found']);
      await s.close();
    },
  );

  it('a second SUBSCRIBE with the same id fails the first over', async () => {
    const a = await subscribe(master.url, subscribeCall('fo', { failover_timeout: 60 }));
    const sub = await a.next();
    if (sub.type !== 'SUBSCRIBED') throw new Error(sub.type);
    const id = sub.subscribed.framework_id.value;
    const b = await subscribe(master.url, subscribeCall('fo', { failover_timeout: 60 }, id));
    const sub2 = await b.next();
    expect(sub2.type === 'SUBSCRIBED' && sub2.subscribed.framework_id.value).toBe(id);
    const err = await a.next((e) => e.type === 'ERROR');
    expect(err.type === 'ERROR' && err.error.message).toBe('Framework failed over');
    expect(await a.ended).toBe('end');
    const stale = await post(
      master.url,
      { type: 'REVIVE', framework_id: { value: id } },
      { streamId: a.streamId },
    );
    expect(stale.status).toBe(400);
    expect(stale.text).toContain(
      "didn't match the stream ID currently associated with framework ID",
    );
    await a.close();
    await b.close();
  });
});
