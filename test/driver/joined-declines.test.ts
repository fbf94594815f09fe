/**
 * Joined declines: `joinsDecline` / `joinDeclines` as units, then against the simulated master
 * over loopback: the DECLINEs the handlers of one event send go out as one call when adjacent
 * and with the same filters, nothing is reordered, and every command keeps its own outcome,
 * retries included.
 */
import fc from 'fast-check';
import {
  acceptOffers,
  declineInverseOffers,
  declineOffer,
  reviveOffers,
  suppressOffers,
  type Command,
} from '../../src/calls';
import type { CommandOutcome, SchedulerDriver } from '../../src/driver';
import { joinDeclines, joinsDecline } from '../../src/driver/joined-declines';
import { SimulatedMaster } from '../../src/testing';
import { createHttpTransport, type MasterTransport } from '../../src/transport';
import { decodeCall, type Call, type Offer, type OfferID } from '../../src/wire';
import {
  CONTENT_TYPES,
  fence,
  frameworkInfo,
  liveDriver,
  next,
  spyCalls,
  testOptions,
} from './driver-harness';

const A: OfferID = { value: 'A' };
const B: OfferID = { value: 'B' };
const C: OfferID = { value: 'C' };
const D: OfferID = { value: 'D' };

describe('joinsDecline', () => {
  it('joins two DECLINEs without filters', () => {
    expect(joinsDecline(declineOffer(A), declineOffer(B))).toBe(true);
  });

  it('joins two DECLINEs with equal filters (different objects)', () => {
    expect(
      joinsDecline(
        declineOffer(A, { refuse_seconds: 60 }),
        declineOffer(B, { refuse_seconds: 60 }),
      ),
    ).toBe(true);
  });

  it('joins DECLINEs naming several offers, or none', () => {
    expect(joinsDecline(declineOffer([A, B]), declineOffer([C, D]))).toBe(true);
    expect(joinsDecline(declineOffer([]), declineOffer(C))).toBe(true);
  });

  it('does not join DECLINEs with different filters', () => {
    expect(
      joinsDecline(
        declineOffer(A, { refuse_seconds: 60 }),
        declineOffer(B, { refuse_seconds: 30 }),
      ),
    ).toBe(false);
  });

  it('does not join a DECLINE with filters and one without, either way round', () => {
    expect(joinsDecline(declineOffer(A, { refuse_seconds: 60 }), declineOffer(B))).toBe(false);
    expect(joinsDecline(declineOffer(A), declineOffer(B, { refuse_seconds: 60 }))).toBe(false);
    expect(joinsDecline(declineOffer(A), declineOffer(B, {}))).toBe(false);
  });

  it('does not join anything but two DECLINEs', () => {
    const others: readonly Command[] = [
      reviveOffers(),
      suppressOffers(),
      acceptOffers(B, []),
      declineInverseOffers(B),
    ];
    for (const other of others) {
      expect([other.type, joinsDecline(declineOffer(A), other)]).toEqual([other.type, false]);
      expect([other.type, joinsDecline(other, declineOffer(A))]).toEqual([other.type, false]);
    }
    expect(joinsDecline(reviveOffers(), reviveOffers())).toBe(false);
    expect(joinsDecline(declineInverseOffers(A), declineInverseOffers(B))).toBe(false);
  });

  it('is symmetric', () => {
    const filters = fc.option(fc.record({ refuse_seconds: fc.integer({ min: 0, max: 3 }) }), {
      nil: undefined,
    });
    fc.assert(
      fc.property(filters, filters, (f, g) => {
        const a = declineOffer(A, f);
        const b = declineOffer(B, g);
        expect(joinsDecline(a, b)).toBe(joinsDecline(b, a));
        expect(joinsDecline(a, b)).toBe(f?.refuse_seconds === g?.refuse_seconds);
      }),
    );
  });
});

describe('joinDeclines', () => {
  it('names every offer, in order, across DECLINEs of one offer or several', () => {
    const one = joinDeclines([declineOffer(A), declineOffer([B, C]), declineOffer(D)]);
    expect(one.type).toBe('DECLINE');
    expect(one.decline.offer_ids).toEqual([A, B, C, D]);
    expect(joinDeclines([declineOffer([D, C]), declineOffer([B]), declineOffer(A)])).toEqual(
      declineOffer([D, C, B, A]),
    );
  });

  it('carries the common filters', () => {
    const one = joinDeclines([
      declineOffer(A, { refuse_seconds: 60 }),
      declineOffer([B, C], { refuse_seconds: 60 }),
    ]);
    expect(one).toEqual(declineOffer([A, B, C], { refuse_seconds: 60 }));
  });

  it('without filters, the joined DECLINE has none', () => {
    const one = joinDeclines([declineOffer(A), declineOffer(B)]);
    expect(one).toStrictEqual(declineOffer([A, B]));
    expect('filters' in one.decline).toBe(false);
  });

  it('skips DECLINEs naming no offer, and does not share or change their lists', () => {
    const first = declineOffer([A, B]);
    const one = joinDeclines([first, declineOffer([]), declineOffer(C)]);
    expect(one.decline.offer_ids).toEqual([A, B, C]);
    expect(one.decline.offer_ids).not.toBe(first.decline.offer_ids);
    expect(first.decline.offer_ids).toEqual([A, B]);
  });

  it('names the concatenation of the lists', () => {
    const ids = fc.array(
      fc.string().map((value): OfferID => ({ value })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(fc.array(ids, { minLength: 1, maxLength: 5 }), (lists) => {
        const one = joinDeclines(lists.map((l) => declineOffer(l)));
        expect(one.decline.offer_ids ?? []).toEqual(lists.flat());
      }),
    );
  });
});

type DeclineCall = Extract<Call, { readonly type: 'DECLINE' }>;

/** Offer ids as their values. */
function values(ids: readonly OfferID[] | undefined): readonly string[] {
  return (ids ?? []).map((id) => id.value);
}

describe.each(CONTENT_TYPES)('driver: the declines of one event are joined (%s)', (ct) => {
  const live = liveDriver();

  /**
   * A master with `agents` agents and a driver (no implicit reconciliation: the driver sends
   * only what the test's handlers send) whose handlers `setup` registers; resolves with the
   * first OFFERS event (one offer per agent) once the calls sent for it were handled.
   */
  async function offered(
    agents: number,
    setup: (d: SchedulerDriver, m: SimulatedMaster) => void,
    transports: MasterTransport[] = [],
  ): Promise<{
    readonly m: SimulatedMaster;
    readonly d: SchedulerDriver;
    readonly calls: () => readonly Call[];
    readonly offers: readonly Offer[];
  }> {
    const m = await live.startMaster({
      heartbeatIntervalSeconds: 0.2,
      allocationIntervalMs: 20,
      agents: Array.from({ length: agents }, () => ({ cpus: 4, mem: 4096 })),
    });
    const calls = spyCalls(m.core);
    const d = live.createDriver(
      testOptions(m.url, ct, frameworkInfo('joined'), {
        reconcileOnSubscribe: false,
        connect: (url, options) => {
          const t = createHttpTransport(url, options);
          transports.push(t);
          return t;
        },
      }),
    );
    setup(d, m);
    const first = next(d.offers$);
    d.start();
    const offers = await first;
    expect(offers).toHaveLength(agents);
    await fence(d);
    return { m, d, calls, offers };
  }

  /** The DECLINE calls the master handled: offer ids and filters. */
  function declines(calls: readonly Call[]): readonly unknown[] {
    return calls
      .filter((c): c is DeclineCall => c.type === 'DECLINE')
      .map((c) => ({ ids: values(c.decline.offer_ids), filters: c.decline.filters }));
  }

  it('a handler declining each offer of an event one by one: one DECLINE names them all', async () => {
    const { m, d, calls, offers } = await offered(3, (drv) => {
      drv.handle(drv.offers$, (os) => os.map((o) => declineOffer(o.id)));
    });
    expect(calls().map((c) => c.type)).toEqual(['DECLINE', 'REQUEST']);
    expect(declines(calls())).toEqual([
      { ids: values(offers.map((o) => o.id)), filters: undefined },
    ]);
    // the master declined every one: none is outstanding, no agent has resources on offer
    expect(m.core.cluster.outstandingOffers(d.frameworkId?.value ?? '')).toEqual([]);
    expect(m.core.cluster.agents().map((a) => a.offered)).toEqual([[], [], []]);
  });

  it('declines with different filters go out as separate calls', async () => {
    const { m, d, calls, offers } = await offered(2, (drv) => {
      drv.handle(drv.offers$, ([a, b]) =>
        a === undefined || b === undefined
          ? undefined
          : [declineOffer(a.id), declineOffer(b.id, { refuse_seconds: 60 })],
      );
    });
    const [a, b] = offers.map((o) => o.id.value);
    expect(declines(calls())).toEqual([
      { ids: [a], filters: undefined },
      { ids: [b], filters: { refuse_seconds: 60 } },
    ]);
    expect(m.core.cluster.outstandingOffers(d.frameworkId?.value ?? '')).toEqual([]);
  });

  it('only adjacent declines with the same filters are joined', async () => {
    const { calls, offers } = await offered(4, (drv) => {
      drv.handle(drv.offers$, ([a, b, c, e]) =>
        a === undefined || b === undefined || c === undefined || e === undefined
          ? undefined
          : [
              declineOffer(a.id),
              declineOffer(b.id, { refuse_seconds: 60 }),
              declineOffer(c.id, { refuse_seconds: 60 }),
              declineOffer(e.id),
            ],
      );
    });
    const [a, b, c, e] = offers.map((o) => o.id.value);
    expect(declines(calls())).toEqual([
      { ids: [a], filters: undefined },
      { ids: [b, c], filters: { refuse_seconds: 60 } },
      { ids: [e], filters: undefined },
    ]);
  });

  it('[decline a, revive, decline b]: DECLINE, REVIVE, DECLINE, nothing reordered', async () => {
    let done = false;
    const { calls, offers } = await offered(2, (drv) => {
      drv.handle(drv.offers$, ([a, b]) => {
        // the REVIVE makes the master offer again: answer the first event only
        if (done || a === undefined || b === undefined) return undefined;
        done = true;
        return [declineOffer(a.id), reviveOffers(), declineOffer(b.id)];
      });
    });
    const [a, b] = offers.map((o) => o.id.value);
    expect(calls().map((c) => c.type)).toEqual(['DECLINE', 'REVIVE', 'DECLINE', 'REQUEST']);
    expect(declines(calls())).toEqual([
      { ids: [a], filters: undefined },
      { ids: [b], filters: undefined },
    ]);
  });

  it('declines sent with driver.send while an event is delivered are joined, and each send resolves accepted', async () => {
    let outcomes: Promise<CommandOutcome>[] = [];
    const { m, d, calls, offers } = await offered(3, (drv) => {
      drv.handle(drv.offers$, (os) => {
        if (outcomes.length === 0) outcomes = os.map((o) => drv.send(declineOffer(o.id)));
        return undefined;
      });
    });
    const settled = await Promise.all(outcomes);
    expect(settled).toHaveLength(3);
    expect(settled.map((o) => (o._tag === 'Right' ? o.right.status : o.left.message))).toEqual([
      202, 202, 202,
    ]);
    expect(declines(calls())).toEqual([
      { ids: values(offers.map((o) => o.id)), filters: undefined },
    ]);
    expect(m.core.cluster.outstandingOffers(d.frameworkId?.value ?? '')).toEqual([]);
  });

  it('a joined DECLINE the master answers 503 is retried as one call; each send resolves accepted', async () => {
    const transports: MasterTransport[] = [];
    let outcomes: Promise<CommandOutcome>[] = [];
    let sent: jest.SpiedFunction<MasterTransport['call']> | undefined;
    const { m, d, calls, offers } = await offered(
      3,
      (drv, sim) => {
        drv.handle(drv.offers$, (os) => {
          if (outcomes.length > 0) return undefined;
          const t = transports[0];
          if (t === undefined) throw new Error('no transport');
          sent = jest.spyOn(t, 'call');
          // the next call the master sees is the joined DECLINE: refused once
          sim.failNextCalls(1, 503);
          outcomes = os.map((o) => drv.send(declineOffer(o.id, { refuse_seconds: 60 })));
          return undefined;
        });
      },
      transports,
    );
    const settled = await Promise.all(outcomes);
    expect(settled.map((o) => o._tag)).toEqual(['Right', 'Right', 'Right']);
    // the driver's tries: one DECLINE naming all three, refused (503), then the same again,
    // accepted (the fence may go between them: it was sent before the 503 came back)
    const tries = await Promise.all(
      (sent?.mock.calls ?? []).map(async ([body], i) => {
        const call = decodeCall(body, ct);
        const answer = await sent?.mock.results[i]?.value;
        if (call._tag === 'Left' || answer === undefined) throw new Error('undecodable call');
        const status = answer._tag === 'Left' ? answer.left.status : answer.right.status;
        return call.right.type === 'DECLINE'
          ? { status, ids: values(call.right.decline.offer_ids) }
          : { status, type: call.right.type };
      }),
    );
    const all = values(offers.map((o) => o.id));
    expect(tries.filter((t) => 'ids' in t)).toEqual([
      { status: 503, ids: all },
      { status: 202, ids: all },
    ]);
    expect(tries.filter((t) => 'type' in t)).toEqual([{ status: 202, type: 'REQUEST' }]);
    // the master handled it once
    expect(declines(calls())).toEqual([{ ids: all, filters: { refuse_seconds: 60 } }]);
    expect(m.core.cluster.outstandingOffers(d.frameworkId?.value ?? '')).toEqual([]);
  });
});
