import { firstValueFrom, from, toArray } from 'rxjs';
import { splitEvents } from '../../src/events';
import { scalarSum, validateResources } from '../../src/offers';
import { acknowledgeStatusUpdate, decodeEvent, encodeEvent, type Event } from '../../src';
import {
  acknowledgementOf,
  disconnect,
  error,
  failure,
  heartbeat,
  marbleIds,
  message,
  offer,
  offers,
  rescind,
  statusUuid,
  subscribed,
  update,
} from '../../src/testing';

/** The event builders of the marble kit make events a master could have sent. */
describe('the event builders of rxmesos/testing', () => {
  const built: readonly (readonly [string, Event])[] = [
    ['subscribed()', subscribed()],
    ['subscribed(options)', subscribed({ frameworkId: 'F-1', heartbeatIntervalSeconds: 2.5 })],
    ['offers()', offers()],
    [
      'offers(specs)',
      offers(
        {
          cpus: 1.5,
          ports: [
            [31000, 31009],
            [32000, 32000],
          ],
        },
        { role: 'web', disk: 0 },
      ),
    ],
    [
      'update()',
      update('web-1', 'TASK_RUNNING', { executorId: 'ex-1', message: 'started', healthy: true }),
    ],
    [
      'update(master)',
      update('web-1', 'TASK_LOST', { source: 'SOURCE_MASTER', reason: 'REASON_RECONCILIATION' }),
    ],
    ['rescind()', rescind('O1')],
    ['failure(agent)', failure({ agentId: 'S3' })],
    ['failure(executor)', failure({ agentId: 'S3', executorId: 'ex-1', status: 256 })],
    ['heartbeat()', heartbeat()],
    ['error()', error('Framework failed over')],
    ['message()', message({ executorId: 'ex-1', data: new Uint8Array([0, 1, 254, 255]) })],
  ];

  describe.each(['application/json', 'application/x-protobuf'])('in %s', (contentType) => {
    it.each(built)('%s survives encoding and decoding unchanged', (_, event) => {
      const bytes = encodeEvent(event, contentType);
      if (bytes._tag === 'Left') throw bytes.left;
      const back = decodeEvent(bytes.right, contentType);
      expect(back._tag).toBe('Right');
      if (back._tag === 'Right') expect(back.right).toEqual(event);
    });
  });

  describe('offer()', () => {
    it('has the default resources, each valid and allocated to the role', () => {
      const o = offer();
      expect(validateResources(o.resources ?? [])).toBeUndefined();
      const resources = o.resources ?? [];
      expect(scalarSum(resources, 'cpus')).toBe(4);
      expect(scalarSum(resources, 'mem')).toBe(8192);
      expect(scalarSum(resources, 'disk')).toBe(16384);
      expect(resources.find((r) => r.name === 'ports')?.ranges).toEqual({
        range: [{ begin: '31000', end: '32000' }],
      });
      expect(resources.map((r) => r.allocation_info?.role)).toEqual(['*', '*', '*', '*']);
      expect(o.allocation_info).toEqual({ role: '*' });
      expect(o.framework_id).toEqual(marbleIds.framework);
      expect(o.url?.address.hostname).toBe(o.hostname);
    });

    it('takes the amounts and the role asked for, and leaves zero amounts out', () => {
      const o = offer({ cpus: 0.5, mem: 0, disk: 100, ports: [], role: 'analytics' });
      expect(validateResources(o.resources ?? [])).toBeUndefined();
      expect(
        (o.resources ?? []).map((r) => `${r.name}:${String(r.allocation_info?.role)}`),
      ).toEqual(['cpus:analytics', 'disk:analytics']);
      expect(o.allocation_info).toEqual({ role: 'analytics' });
    });

    it('adds the extra resources and attributes as they are', () => {
      const gpu = { name: 'gpus', type: 'SCALAR', scalar: { value: 1 } } as const;
      const rack = { name: 'rack', type: 'TEXT', text: { value: 'r12' } } as const;
      const o = offer({ resources: [gpu], attributes: [rack] });
      expect(o.resources?.at(-1)).toEqual(gpu);
      expect(o.attributes).toEqual([rack]);
    });

    it('offers(): the n-th spec gets the n-th ids and hostname; finished offers stay as they are', () => {
      const mine = offer({ id: 'O9', agent: 'S9', hostname: 'h9' });
      const e = offers({}, {}, mine);
      const list = e.offers.offers ?? [];
      expect(list.map((o) => [o.id.value, o.agent_id.value, o.hostname])).toEqual([
        [marbleIds.offer(0).value, marbleIds.agent(0).value, 'agent-1.example.internal'],
        [marbleIds.offer(1).value, marbleIds.agent(1).value, 'agent-2.example.internal'],
        ['O9', 'S9', 'h9'],
      ]);
      expect(list[2]).toBe(mine);
      expect(offers().offers.offers).toBeUndefined();
    });

    it("ids look like a real master's", () => {
      expect(marbleIds.framework.value).toMatch(/^[0-9a-f-]{36}-0000$/);
      expect(marbleIds.agent(3).value).toMatch(/^[0-9a-f-]{36}-S3$/);
      expect(marbleIds.offer(12).value).toMatch(/^[0-9a-f-]{36}-O12$/);
    });
  });

  describe('update()', () => {
    it('carries a 16-byte uuid by default, the same for the same task and state', () => {
      const a = update('web-1', 'TASK_RUNNING').update.status;
      expect(Buffer.from(a.uuid ?? '', 'base64')).toHaveLength(16);
      expect(update('web-1', 'TASK_RUNNING').update.status.uuid).toBe(a.uuid);
      expect(update('web-1', 'TASK_FINISHED').update.status.uuid).not.toBe(a.uuid);
      expect(update('web-2', 'TASK_RUNNING').update.status.uuid).not.toBe(a.uuid);
      expect(acknowledgeStatusUpdate(a)._tag).toBe('Right');
    });

    it('has no uuid when the master made it, or when asked for none', () => {
      const fromMaster = update('web-1', 'TASK_LOST', { source: 'SOURCE_MASTER' }).update.status;
      expect(fromMaster.uuid).toBeUndefined();
      expect(update('web-1', 'TASK_RUNNING', { uuid: null }).update.status.uuid).toBeUndefined();
      expect(acknowledgeStatusUpdate(fromMaster)._tag).toBe('Left');
      expect(() => acknowledgementOf(fromMaster)).toThrow();
    });

    it('takes an explicit uuid and agent, and fills agent, source and timestamp by default', () => {
      const s = update({ value: 't' }, 'TASK_STARTING', {
        uuid: 'AAAAAAAAAAAAAAAAAAAAAA==',
        agentId: 'S7',
      }).update.status;
      expect(s.uuid).toBe('AAAAAAAAAAAAAAAAAAAAAA==');
      expect(s.agent_id).toEqual({ value: 'S7' });
      const d = update('t', 'TASK_RUNNING').update.status;
      expect(d.agent_id).toEqual(marbleIds.agent(0));
      expect(d.source).toBe('SOURCE_EXECUTOR');
      expect(typeof d.timestamp).toBe('number');
    });

    it('acknowledgementOf() is the acknowledgement the update asks for', () => {
      const u = update('web-1', 'TASK_RUNNING');
      expect(acknowledgementOf(u)).toEqual({
        type: 'ACKNOWLEDGE',
        acknowledge: {
          agent_id: marbleIds.agent(0),
          task_id: { value: 'web-1' },
          uuid: u.update.status.uuid,
        },
      });
      expect(acknowledgementOf(u.update.status)).toEqual(acknowledgementOf(u));
    });
  });

  it('statusUuid() has the version and variant bits of a random UUID', () => {
    const bytes = Buffer.from(statusUuid('anything'), 'base64');
    expect((bytes[6] ?? 0) >> 4).toBe(4);
    expect((bytes[8] ?? 0) >> 6).toBe(2);
  });

  it('each event lands on the stream of its classic callback', async () => {
    const o = offer({ id: 'O1' });
    const played: Event[] = [
      subscribed(),
      offers(o),
      rescind(o),
      rescind(o.id),
      update('t', 'TASK_RUNNING'),
      failure({ agentId: 'S1' }),
      failure({ agentId: 'S1', executorId: 'ex', status: 9 }),
      message({ agentId: 'S1', executorId: 'ex', data: 'héllo' }),
      error('Framework has been removed'),
    ];
    const events = from(played);
    const s = splitEvents(events);
    const all = async <T>(x: import('rxjs').Observable<T>): Promise<T[]> =>
      firstValueFrom(x.pipe(toArray()));
    expect(await all(s.offerRescinded$)).toEqual([o.id, o.id]);
    expect(await all(s.slaveLost$)).toEqual([{ value: 'S1' }]);
    expect(await all(s.executorLost$)).toEqual([
      { agent_id: { value: 'S1' }, executor_id: { value: 'ex' }, status: 9 },
    ]);
    const [m] = await all(s.frameworkMessages$);
    expect(Buffer.from(m?.data ?? '', 'base64').toString('utf8')).toBe('héllo');
    expect(await all(s.masterErrors$)).toEqual(['Framework has been removed']);
    expect((await all(s.subscribed$)).map((x) => x.heartbeat_interval_seconds)).toEqual([15]);
  });

  it('disconnect() is a marker, not a Mesos event', () => {
    expect(disconnect()).toEqual({
      type: 'DISCONNECT',
      reason: 'the master closed the event stream',
    });
    expect(disconnect('gone').reason).toBe('gone');
  });
});
