/**
 * Outstanding offers against the simulated master over loopback: a re-subscription voids
 * every offer (the master says nothing), so the driver rescinds them on `offerRescinded$`;
 * an ACCEPT naming an offer that is no longer outstanding (void, rescinded, used) is not
 * sent: it fails with OFFER_NOT_OUTSTANDING and its tasks get TASK_DROPPED (TASK_LOST without
 * PARTITION_AWARE) with REASON_INVALID_OFFERS, as the master answers such a launch.
 */
import { acceptOffers, declineOffer, launchTasks, reserve } from '../../src/calls';
import type { SchedulerDriver } from '../../src/driver';
import { SimulatedMaster } from '../../src/testing';
import type { Event, FrameworkInfo, Offer, TaskStatus } from '../../src/wire';
import { post } from '../helpers/raw-client';
import {
  CONTENT_TYPES,
  fence,
  frameworkInfo,
  liveDriver,
  next,
  record,
  smallTask,
  spyCalls,
  testOptions,
} from './driver-harness';

const PARTITION_AWARE: readonly { readonly aware: boolean; readonly state: string }[] = [
  { aware: false, state: 'TASK_LOST' },
  { aware: true, state: 'TASK_DROPPED' },
];

describe.each(CONTENT_TYPES)('driver: outstanding offers (%s)', (ct) => {
  const live = liveDriver();

  /** A driver holding the first offer of a one-agent master (neither used nor declined). */
  async function holdingAnOffer(framework: Partial<FrameworkInfo> = {}): Promise<{
    readonly m: SimulatedMaster;
    readonly d: SchedulerDriver;
    readonly offer: Offer;
  }> {
    const m = await live.startMaster({
      heartbeatIntervalSeconds: 0.2,
      allocationIntervalMs: 20,
      agents: [{ cpus: 4, mem: 4096 }],
    });
    const d = live.createDriver(testOptions(m.url, ct, frameworkInfo('offers', framework)));
    const offers = next(d.offers$);
    d.start();
    await next(d.registered$);
    const offer = (await offers)[0];
    if (offer === undefined) throw new Error('an OFFERS event without offers');
    return { m, d, offer };
  }

  it.each(PARTITION_AWARE)(
    'after a re-subscription the held offer is rescinded on the stream; a launch on it gives $state and OFFER_NOT_OUTSTANDING, unsent (PARTITION_AWARE $aware)',
    async ({ aware, state }) => {
      const { m, d, offer } = await holdingAnOffer(
        aware ? { capabilities: [{ type: 'PARTITION_AWARE' }] } : {},
      );
      const calls = spyCalls(m.core);
      const events = record(d.events$);
      const rescinded = next(d.offerRescinded$);
      const newOffers = next(d.offers$);
      const reregistered = next(d.reregistered$);
      expect(m.cutStream(d.frameworkId?.value ?? '')).toBe(true);
      await reregistered;
      expect((await rescinded).value).toBe(offer.id.value);
      const fresh = (await newOffers)[0];
      expect(fresh?.id.value).not.toBe(offer.id.value);
      // one rescind per forgotten offer, before the new subscription's events
      expect(events.map((e: Event) => e.type).slice(0, 2)).toEqual(['RESCIND', 'SUBSCRIBED']);
      expect(events.filter((e) => e.type === 'RESCIND')).toHaveLength(1);

      const dropped = next(d.statusUpdates$);
      const outcome = await d.send(launchTasks(offer.id, [smallTask(offer, 'late')]));
      expect(outcome._tag === 'Left' && [outcome.left.code, outcome.left.message]).toEqual([
        'OFFER_NOT_OUTSTANDING',
        `offer ${offer.id.value} is not outstanding (rescinded, void after a re-subscription, or used already): the ACCEPT was not sent`,
      ]);
      const status = await dropped;
      expect([
        status.task_id.value,
        status.state,
        status.source,
        status.reason,
        status.message,
        status.uuid,
        status.agent_id?.value,
      ]).toEqual([
        'late',
        state,
        'SOURCE_MASTER',
        'REASON_INVALID_OFFERS',
        `Task launched with invalid offers: Offer ${offer.id.value} is no longer valid`,
        undefined,
        offer.agent_id.value,
      ]);
      await fence(d);
      expect(calls().map((c) => c.type)).not.toContain('ACCEPT');
    },
  );

  it('the master answers a launch on a void offer the same way (the driver is consistent with it)', async () => {
    const { m, d, offer } = await holdingAnOffer();
    const states = record(d.state$);
    const reregistered = next(d.reregistered$);
    expect(m.cutStream(d.frameworkId?.value ?? '')).toBe(true);
    await reregistered;
    const now = states.at(-1);
    if (now?.type !== 'subscribed') throw new Error(`not subscribed: ${now?.type ?? 'no state'}`);
    // the same launch, posted over HTTP past the driver's check: the master's own answer
    const masterSaid = next(d.statusUpdates$);
    const answer = await post(
      m.url,
      {
        type: 'ACCEPT',
        framework_id: now.frameworkId,
        accept: launchTasks(offer.id, [smallTask(offer, 'raw')]).accept,
      },
      { contentType: ct, streamId: now.streamId },
    );
    expect(answer.status).toBe(202);
    const fromMaster = await masterSaid;
    const driverSaid = next(d.statusUpdates$);
    await d.send(launchTasks(offer.id, [smallTask(offer, 'raw')]));
    const fromDriver = await driverSaid;
    const line = (s: TaskStatus): readonly unknown[] => [
      s.task_id.value,
      s.state,
      s.source,
      s.reason,
      s.message,
      s.uuid,
      s.agent_id?.value,
    ];
    expect(line(fromMaster)).toEqual([
      'raw',
      'TASK_LOST',
      'SOURCE_MASTER',
      'REASON_INVALID_OFFERS',
      `Task launched with invalid offers: Offer ${offer.id.value} is no longer valid`,
      undefined,
      offer.agent_id.value,
    ]);
    expect(line(fromDriver)).toEqual(line(fromMaster));
  });

  it('offerTimeoutMs: an offer nobody answers is declined at the master and rescinded on the stream', async () => {
    const m = await live.startMaster({
      heartbeatIntervalSeconds: 0.2,
      allocationIntervalMs: 20,
      agents: [{ cpus: 4, mem: 4096 }],
    });
    const calls = spyCalls(m.core);
    const d = live.createDriver(
      testOptions(m.url, ct, frameworkInfo('offer-timeout'), { offerTimeoutMs: 150 }),
    );
    const offered = next(d.offers$);
    d.start();
    const [offer] = await offered;
    if (offer === undefined) throw new Error('no offer');
    const rescinded = await next(d.offerRescinded$, (id) => id.value === offer.id.value);
    expect(rescinded).toEqual(offer.id);
    await fence(d);
    const declines = calls().filter((c) => c.type === 'DECLINE');
    expect(declines.map((c) => (c.type === 'DECLINE' ? c.decline.offer_ids : []))).toEqual([
      [offer.id],
    ]);
    // the master has the offer back: nothing of this framework is outstanding any more
    expect(m.core.cluster.outstandingOffers(d.frameworkId?.value)).toEqual([]);
  });

  it('an offer the master rescinded: offerRescinded$, then a launch on it fails unsent', async () => {
    const { m, d, offer } = await holdingAnOffer();
    const calls = spyCalls(m.core);
    const rescinded = next(d.offerRescinded$);
    expect(m.rescindOffer(offer.id.value)).toBe(true);
    expect((await rescinded).value).toBe(offer.id.value);
    const outcome = await d.send(launchTasks(offer.id, [smallTask(offer, 'r')]));
    expect(outcome._tag === 'Left' && outcome.left.code).toBe('OFFER_NOT_OUTSTANDING');
    await fence(d);
    expect(calls().map((c) => c.type)).not.toContain('ACCEPT');
  });

  it('an offer is used once: the first launch goes to the master, a second one on it fails unsent', async () => {
    const { m, d, offer } = await holdingAnOffer();
    const calls = spyCalls(m.core);
    const first = await d.send(launchTasks(offer.id, [smallTask(offer, 'u1')]));
    expect(first._tag).toBe('Right');
    const second = await d.send(launchTasks(offer.id, [smallTask(offer, 'u2')]));
    expect(second._tag === 'Left' && second.left.code).toBe('OFFER_NOT_OUTSTANDING');
    await fence(d);
    expect(calls().filter((c) => c.type === 'ACCEPT')).toHaveLength(1);
  });

  it('a declined offer is not outstanding any more; a re-subscription then rescinds nothing', async () => {
    const { m, d, offer } = await holdingAnOffer();
    expect((await d.send(declineOffer(offer.id, { refuse_seconds: 60 })))._tag).toBe('Right');
    const rescinds = record(d.offerRescinded$);
    const reregistered = next(d.reregistered$);
    expect(m.cutStream(d.frameworkId?.value ?? '')).toBe(true);
    await reregistered;
    await next(d.heartbeats$);
    expect(rescinds).toEqual([]);
    const outcome = await d.send(launchTasks(offer.id, [smallTask(offer, 'd')]));
    expect(outcome._tag === 'Left' && outcome.left.code).toBe('OFFER_NOT_OUTSTANDING');
  });

  it('an ACCEPT naming a void offer and a live one: unsent, the live one declined without filter; operations with an id get OPERATION_ERROR', async () => {
    const { m, d, offer } = await holdingAnOffer();
    const calls = spyCalls(m.core);
    const newOffers = next(d.offers$);
    const reregistered = next(d.reregistered$);
    expect(m.cutStream(d.frameworkId?.value ?? '')).toBe(true);
    await reregistered;
    const live = (await newOffers)[0];
    if (live === undefined) throw new Error('no new offer');
    const opError = next(d.operationStatusUpdates$);
    const outcome = await d.send(
      acceptOffers(
        [live.id, offer.id],
        [
          reserve(
            [
              {
                name: 'cpus',
                type: 'SCALAR',
                scalar: { value: 1 },
                reservations: [{ type: 'DYNAMIC', role: 'r' }],
              },
            ],
            { id: { value: 'op-1' } },
          ),
        ],
      ),
    );
    expect(outcome._tag === 'Left' && outcome.left.code).toBe('OFFER_NOT_OUTSTANDING');
    const op = await opError;
    expect([op.operation_id?.value, op.state, op.message]).toEqual([
      'op-1',
      'OPERATION_ERROR',
      `Operation attempted with invalid offers: Offer ${offer.id.value} is no longer valid`,
    ]);
    await fence(d);
    const sent = calls().filter((c) => c.type === 'ACCEPT' || c.type === 'DECLINE');
    expect(sent).toEqual([
      {
        type: 'DECLINE',
        framework_id: d.frameworkId,
        decline: { offer_ids: [live.id], filters: { refuse_seconds: 0 } },
      },
    ]);
  });

  it('an ACCEPT sent while disconnected waits, then fails unsent after the re-subscription voided its offer', async () => {
    const { m, d, offer } = await holdingAnOffer();
    await fence(d); // the reconciliation of the first subscription is done
    const calls = spyCalls(m.core);
    const disconnected = next(d.disconnected$);
    m.stepDown(undefined);
    await disconnected;
    await next(d.state$, (s) => s.type === 'backingOff' && /503/.test(s.reason));
    const rescinded = next(d.offerRescinded$);
    const pending = d.send(launchTasks(offer.id, [smallTask(offer, 'w')]));
    expect(d.metrics().commandsQueued).toBe(1);
    m.becomeLeader();
    expect((await rescinded).value).toBe(offer.id.value);
    const outcome = await pending;
    expect(outcome._tag === 'Left' && outcome.left.code).toBe('OFFER_NOT_OUTSTANDING');
    await fence(d);
    expect(calls().map((c) => c.type)).not.toContain('ACCEPT');
  });
});
