import { isRight } from 'fp-ts/Either';
import { firstValueFrom, ignoreElements, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  decodeEvent,
  encodeCall,
  RecordIODecoder,
  TransportError,
  type Call,
  type ContentType,
  type Event,
} from '../../src';
import {
  heartbeat,
  httpError,
  offers,
  ScriptedMaster,
  subscribed,
  timeline,
  update,
  VirtualClock,
} from '../../src/testing';
import { parseMarbleSteps } from '../../src/testing/marbles/marble-syntax';
import type { MasterTransport, SubscriptionResponse } from '../../src/transport';

describe('marble syntax', () => {
  it.each([
    'a-b-c',
    '--(ab)-c|',
    'a 9ms b',
    '10ms a',
    'a 1.5s b 2m c',
    '  a  -  b',
    '(abc) 5ms |',
    'a-#',
    'a 9msb', //   not a time progression: values 9, m, s, b
    'a 10ms', //   nor this: a time progression needs a space after it
  ])('reads %p at the frames RxJS does in run mode', (marbles) => {
    const ours = parseMarbleSteps(marbles).map((s) =>
      s.kind === 'value' ? `${s.frame}:${s.key}` : `${s.frame}:${s.kind}`,
    );
    const theirs: string[] = [];
    new TestScheduler(() => undefined).run(() => {
      for (const m of TestScheduler.parseMarbles(marbles, undefined, undefined, false, true)) {
        const n = m.notification;
        theirs.push(
          `${m.frame}:${n.kind === 'N' ? String(n.value) : n.kind === 'C' ? 'complete' : 'error'}`,
        );
      }
    });
    expect(ours).toEqual(theirs);
  });

  it('refuses what it cannot mean', () => {
    expect(() => parseMarbleSteps('^-a')).toThrow(SyntaxError);
    expect(() => parseMarbleSteps('a-!')).toThrow(SyntaxError);
    expect(() => parseMarbleSteps('(ab')).toThrow(SyntaxError);
    expect(() => parseMarbleSteps('ab)')).toThrow(SyntaxError);
    expect(() => parseMarbleSteps('((a))')).toThrow(SyntaxError);
  });

  it('timeline() has values only, each named', () => {
    expect(timeline('a 9ms (bc)', { a: 1, b: 2, c: 3 })).toEqual([
      { frame: 0, value: 1 },
      { frame: 10, value: 2 },
      { frame: 10, value: 3 },
    ]);
    expect(() => timeline('a|', { a: 1 })).toThrow(/values only/);
    expect(() => timeline('ab', { a: 1 })).toThrow(/no value for 'b'/);
  });
});

describe('VirtualClock', () => {
  it('lets promises settle between timers, so that async code sees time pass', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const later = (ms: number): Promise<void> =>
      firstValueFrom(timer(ms, clock.scheduler).pipe(ignoreElements()), {
        defaultValue: undefined,
      });
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await later(10);
        seen.push(clock.now());
      }
    })();
    await clock.advanceTo(25);
    expect(seen).toEqual([10, 20]);
    expect(clock.now()).toBe(25);
    await clock.advanceBy(5);
    expect(seen).toEqual([10, 20, 30]);
  });

  it('TestScheduler alone would not: its flush ends before any promise settles', async () => {
    const scheduler = new TestScheduler(() => undefined);
    const seen: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await firstValueFrom(timer(10, scheduler));
        seen.push(scheduler.now());
      }
    })();
    scheduler.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([10]); // the second timer was scheduled after the flush
  });

  it('runs timers of one frame in the order they were scheduled', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.scheduler.schedule(() => order.push('b@5'), 5);
    clock.scheduler.schedule(() => order.push('a@1'), 1);
    clock.scheduler.schedule(() => order.push('c@5'), 5);
    await clock.advanceTo(5);
    expect(order).toEqual(['a@1', 'b@5', 'c@5']);
  });

  it('runUntil() stops when the condition holds, or at the limit', async () => {
    const clock = new VirtualClock();
    let fired = 0;
    for (const at of [100, 200, 300]) clock.scheduler.schedule(() => fired++, at);
    expect(await clock.runUntil(() => fired === 2, 1000)).toBe(true);
    expect(clock.now()).toBe(200);
    expect(await clock.runUntil(() => fired === 5, 1000)).toBe(false);
    expect(clock.now()).toBe(1200);
  });

  it('record() keeps each value with its frame', async () => {
    const clock = new VirtualClock();
    const seen = clock.record(timer(0, 50, clock.scheduler));
    await clock.advanceTo(120);
    expect(seen).toEqual(timeline('a 49ms b 49ms c', { a: 0, b: 1, c: 2 }));
  });

  it('refuses to go back, and stops a timer loop', async () => {
    const clock = new VirtualClock({ maxSteps: 50 });
    await clock.advanceTo(10);
    await expect(clock.advanceTo(5)).rejects.toThrow(RangeError);
    clock.scheduler.schedule(function again() {
      this.schedule(undefined, 0);
    }, 0);
    await expect(clock.advanceBy(1)).rejects.toThrow(/timer loop/);
  });
});

describe('ScriptedMaster', () => {
  const framework = { name: 'x', user: 'y' };
  const subscribe = (ct: ContentType): Uint8Array => {
    const body = encodeCall({ type: 'SUBSCRIBE', subscribe: { framework_info: framework } }, ct);
    if (body._tag === 'Left') throw body.left;
    return body.right;
  };
  const call = (c: Call, ct: ContentType): Uint8Array => {
    const body = encodeCall(c, ct);
    if (body._tag === 'Left') throw body.left;
    return body.right;
  };
  const values: Readonly<Record<string, Event>> = {
    s: subscribed(),
    h: heartbeat(),
    o: offers(),
    u: update('web-1', 'TASK_RUNNING'),
  };

  /** Reads a stream to its end: the events per chunk, or the error it ended with. */
  async function read(
    clock: VirtualClock,
    res: SubscriptionResponse,
    until: number,
  ): Promise<{ chunks: { frame: number; types: string[] }[]; ended: string }> {
    const chunks: { frame: number; types: string[] }[] = [];
    const decoder = new RecordIODecoder();
    let ended = 'open';
    void (async () => {
      try {
        for await (const chunk of res.body) {
          const types: string[] = [];
          decoder.pushEach(chunk, (record) => {
            const e = decodeEvent(record, res.contentType);
            types.push(isRight(e) ? e.right.type : `bad: ${e.left.message}`);
          });
          chunks.push({ frame: clock.now(), types });
        }
        ended = 'closed';
      } catch (e) {
        ended = `broken: ${(e as Error).message}`;
      }
    })();
    await clock.advanceTo(until);
    return { chunks, ended };
  }

  describe.each<ContentType>(['application/json', 'application/x-protobuf'])('in %s', (ct) => {
    const open = (master: ScriptedMaster): MasterTransport =>
      master.connect('http://m1:5050', { contentType: ct });

    it('plays the stream script as RecordIO, one chunk per frame, and records SUBSCRIBE', async () => {
      const clock = new VirtualClock();
      const master = new ScriptedMaster({
        scheduler: clock.scheduler,
        subscriptions: [{ events: '(sh) 96ms o-u |', values }],
      });
      await clock.advanceTo(7);
      const res = await open(master).subscribe(subscribe(ct));
      if (res._tag === 'Left') throw res.left;
      expect(res.right.contentType).toBe(ct);
      const { chunks, ended } = await read(clock, res.right, 1000);
      expect(chunks).toEqual([
        { frame: 7, types: ['SUBSCRIBED', 'HEARTBEAT'] },
        { frame: 107, types: ['OFFERS'] },
        { frame: 109, types: ['UPDATE'] },
      ]);
      expect(ended).toBe('closed');
      expect(master.calls.map((c) => [c.frame, c.call.type, c.streamId])).toEqual([
        [7, 'SUBSCRIBE', res.right.streamId],
      ]);
    });

    it("'#' breaks the connection; aborting the request ends the reading at once", async () => {
      const clock = new VirtualClock();
      const master = new ScriptedMaster({
        scheduler: clock.scheduler,
        subscriptions: [
          { events: 's 9ms #', values },
          { events: 's 99ms h', values },
        ],
      });
      const t = open(master);
      const first = await t.subscribe(subscribe(ct));
      if (first._tag === 'Left') throw first.left;
      expect((await read(clock, first.right, 50)).ended).toMatch(/^broken/);
      const abort = new AbortController();
      const second = await t.subscribe(subscribe(ct), abort.signal);
      if (second._tag === 'Left') throw second.left;
      clock.scheduler.schedule(() => {
        abort.abort();
      }, 20);
      const { chunks, ended } = await read(clock, second.right, 500);
      expect(chunks.map((c) => c.frame)).toEqual([50]);
      expect(ended).toMatch(/^broken/);
    });

    it('answers SUBSCRIBE with the scripted errors, then not at all until aborted', async () => {
      const clock = new VirtualClock();
      const master = new ScriptedMaster({
        scheduler: clock.scheduler,
        subscriptions: [httpError(503), httpError(307, { leader: 'http://m2:5050' })],
      });
      const t = open(master);
      const a = await t.subscribe(subscribe(ct));
      const b = await t.subscribe(subscribe(ct));
      expect(a._tag === 'Left' && a.left.code).toBe('UNAVAILABLE');
      expect(b._tag === 'Left' && [b.left.code, b.left.leaderUrl]).toEqual([
        'NOT_LEADER',
        'http://m2:5050',
      ]);
      const abort = new AbortController();
      let third: string = 'pending';
      void t.subscribe(subscribe(ct), abort.signal).then((r) => {
        third = r._tag === 'Left' ? r.left.code : 'stream';
      });
      await clock.advanceTo(60_000);
      expect(third).toBe('pending');
      abort.abort();
      await clock.settle();
      expect(third).toBe('ABORTED');
      expect(master.calls.map((c) => c.streamId)).toEqual([undefined, undefined, undefined]);
    });

    it('answers other calls as told, after the time told, and records them', async () => {
      const clock = new VirtualClock();
      const master = new ScriptedMaster({
        scheduler: clock.scheduler,
        subscriptions: [],
        answer: (c) =>
          c.type === 'REVIVE'
            ? { afterMs: 30 }
            : c.type === 'KILL'
              ? httpError(400, { body: 'Task is unknown' })
              : undefined,
      });
      const t = open(master);
      const fid = { value: 'F1' };
      const answers: string[] = [];
      const track = (p: Promise<{ _tag: string }>, name: string): void => {
        void p.then((r) => answers.push(`${clock.now()} ${name} ${r._tag}`));
      };
      track(t.call(call({ type: 'REVIVE', framework_id: fid }, ct), 'stream-1'), 'REVIVE');
      track(
        t.call(
          call({ type: 'KILL', framework_id: fid, kill: { task_id: { value: 't' } } }, ct),
          'stream-1',
        ),
        'KILL',
      );
      track(
        t.call(
          call(
            {
              type: 'UPDATE_FRAMEWORK',
              framework_id: fid,
              update_framework: { framework_info: framework },
            },
            ct,
          ),
          's',
        ),
        'UPDATE_FRAMEWORK',
      );
      await clock.advanceTo(100);
      expect(answers).toEqual(['0 KILL Left', '0 UPDATE_FRAMEWORK Right', '30 REVIVE Right']);
      expect(master.calls.map((c) => `${c.frame} ${c.call.type} ${String(c.streamId)}`)).toEqual([
        '0 REVIVE stream-1',
        '0 KILL stream-1',
        '0 UPDATE_FRAMEWORK s',
      ]);
    });

    it('refuses a body it cannot decode with 400, without recording it', async () => {
      const clock = new VirtualClock();
      const master = new ScriptedMaster({ scheduler: clock.scheduler, subscriptions: [] });
      const r = await open(master).call(new Uint8Array([1, 2, 3]), 's');
      expect(r._tag === 'Left' && r.left.code).toBe('REJECTED');
      expect(master.calls).toEqual([]);
    });
  });

  it('refuses a script it cannot play when it is made', () => {
    const scheduler = new VirtualClock().scheduler;
    expect(
      () => new ScriptedMaster({ scheduler, subscriptions: [{ events: 's-x', values }] }),
    ).toThrow(/no event for 'x'/);
    const bad = { type: 'RESCIND', rescind: {} } as unknown as Event;
    expect(
      () => new ScriptedMaster({ scheduler, subscriptions: [{ events: 'b', values: { b: bad } }] }),
    ).toThrow(/cannot be encoded/);
  });

  it('httpError() makes the errors the HTTP transport makes', () => {
    const cases = [307, 503, 429, 401, 400, 403, 406, 415, 500].map((status) => {
      const e = httpError(status, status === 307 ? { leader: 'http://m2:5050' } : {});
      return `${status} ${e.code} ${String(e.retryable)}`;
    });
    expect(cases).toEqual([
      '307 NOT_LEADER true',
      '503 UNAVAILABLE true',
      '429 RATE_LIMITED true',
      '401 UNAUTHORIZED false',
      '400 REJECTED false',
      '403 REJECTED false',
      '406 REJECTED false',
      '415 REJECTED false',
      '500 UNEXPECTED_STATUS false',
    ]);
    expect(httpError(307).code).toBe('UNAVAILABLE'); // a standby that names no leader
    expect(httpError(403, { body: 'Framework is not subscribed' })).toBeInstanceOf(TransportError);
    expect(httpError(403, { body: 'Framework is not subscribed' }).body).toBe(
      'Framework is not subscribed',
    );
  });
});
