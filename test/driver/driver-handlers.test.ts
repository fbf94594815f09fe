import { concat, firstValueFrom, filter, of, take, throwError, toArray, timer, map } from 'rxjs';
import { declineOffer, launchTasks, reviveOffers } from '../../src/calls';
import { createDriver, type SchedulerDriver } from '../../src/driver';
import { SimulatedMaster } from '../../src/testing';
import type { Offer, TaskInfo } from '../../src/wire';

function task(offer: Offer, id: string): TaskInfo {
  return {
    name: id,
    task_id: { value: id },
    agent_id: offer.agent_id,
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } },
      { name: 'mem', type: 'SCALAR', scalar: { value: 32 } },
    ],
    command: { value: 'true' },
  };
}

describe('driver handlers, acknowledgements and the one-at-a-time guarantee', () => {
  let master: SimulatedMaster;
  let driver: SchedulerDriver | undefined;
  beforeEach(async () => {
    master = await SimulatedMaster.start({
      allocationIntervalMs: 20,
      heartbeatIntervalSeconds: 0.2,
      agents: [{ cpus: 4, mem: 4096 }],
      taskScript: () => ({ runSeconds: 0.05, state: 'TASK_FINISHED' }),
      statusUpdateRetryMs: 60_000,
    });
  });
  afterEach(async () => {
    driver?.abort();
    await master.stop();
  });

  it('handles one event at a time: event n+1 waits for the asynchronous work of event n, then acks follow', async () => {
    const d = createDriver({
      master: master.url,
      framework: { name: 'serial', user: 'me' },
      contentType: 'application/json',
    });
    driver = d;
    const log: string[] = [];
    let launched = false;
    d.handle(d.offers$, (offers) => {
      const first = offers[0];
      if (launched || first === undefined)
        return offers.map((o) => declineOffer(o.id, { refuse_seconds: 60 }));
      launched = true;
      return [launchTasks(first.id, [task(first, 't1')])];
    });
    // a slow handler: each update takes 30 ms of asynchronous work
    d.handle(d.statusUpdates$, (s) => {
      log.push(`start ${s.state}`);
      return timer(30).pipe(
        map(() => {
          log.push(`end ${s.state}`);
          return undefined;
        }),
        filter((x): x is never => x !== undefined),
      );
    });
    const updates = firstValueFrom(d.statusUpdates$.pipe(take(3), toArray()));
    d.start();
    expect((await updates).map((s) => s.state)).toEqual([
      'TASK_STARTING',
      'TASK_RUNNING',
      'TASK_FINISHED',
    ]);
    await firstValueFrom(timer(100));
    expect(log).toEqual([
      'start TASK_STARTING',
      'end TASK_STARTING',
      'start TASK_RUNNING',
      'end TASK_RUNNING',
      'start TASK_FINISHED',
      'end TASK_FINISHED',
    ]);
    // every update was acknowledged (later updates are held by the agent until then)
    const fw = d.frameworkId?.value ?? '';
    const state = master.core.tasks.stateOf(fw);
    expect(JSON.stringify(state)).toContain('t1');
  }, 15_000);

  it('with explicit acknowledgements nothing is acked: the next update of the task is held back', async () => {
    const d = createDriver({
      master: master.url,
      framework: { name: 'explicit', user: 'me' },
      acknowledgements: 'explicit',
    });
    driver = d;
    let launched = false;
    d.handle(d.offers$, (offers) => {
      const first = offers[0];
      if (launched || first === undefined)
        return offers.map((o) => declineOffer(o.id, { refuse_seconds: 60 }));
      launched = true;
      return [launchTasks(first.id, [task(first, 't2')])];
    });
    const seen: string[] = [];
    d.statusUpdates$.subscribe((s) => seen.push(s.state));
    d.start();
    await firstValueFrom(d.statusUpdates$);
    await firstValueFrom(timer(300));
    expect(seen).toEqual(['TASK_STARTING']);
  }, 15_000);

  it('a handler that throws is reported with its value, and the driver goes on', async () => {
    const d = createDriver({ master: master.url, framework: { name: 'throws', user: 'me' } });
    driver = d;
    let calls = 0;
    d.handle(d.offers$, (offers) => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return offers.map((o) => declineOffer(o.id, { refuse_seconds: 60 }));
    });
    const error = firstValueFrom(d.errors$);
    d.start();
    const e = await error;
    expect([e.code, e.message]).toEqual(['HANDLER_FAILED', 'a handler failed: boom']);
    expect(Array.isArray(e.subject)).toBe(true);
    // the driver goes on: commands still reach the master, and the heartbeats keep coming
    expect((await d.send(reviveOffers()))._tag).toBe('Right');
    await firstValueFrom(d.heartbeats$);
    expect(d.status).toBe('DRIVER_RUNNING');
  }, 15_000);

  it('a command stream that errors is reported, its earlier commands sent, and the driver goes on', async () => {
    const d = createDriver({ master: master.url, framework: { name: 'errs', user: 'me' } });
    driver = d;
    const registered = firstValueFrom(d.registered$);
    d.start();
    await registered;
    const error = firstValueFrom(d.errors$);
    const sent = jest.spyOn(d, 'send');
    d.dispatch(
      concat(
        of(reviveOffers()),
        throwError(() => new Error('no more')),
      ),
    );
    const e = await error;
    expect([e.code, e.message]).toEqual(['HANDLER_FAILED', 'a command stream failed: no more']);
    expect(sent.mock.calls.map(([c]) => c.type)).toEqual(['REVIVE']);
    expect((await d.send(reviveOffers()))._tag).toBe('Right');
    expect(d.status).toBe('DRIVER_RUNNING');
  }, 15_000);

  it('a launch that cannot be delivered yields TASK_DROPPED for each task (PARTITION_AWARE)', async () => {
    const d = createDriver({
      master: 'http://127.0.0.1:1', // nothing listens here
      framework: { name: 'dropped', user: 'me', capabilities: [{ type: 'PARTITION_AWARE' }] },
      commandTimeoutMs: 100,
      backoff: { initialMs: 10, maxMs: 20 },
    });
    driver = d;
    d.start();
    const fake: Offer = {
      id: { value: 'o' },
      framework_id: { value: 'f' },
      agent_id: { value: 'a' },
      hostname: 'h',
    };
    const dropped = firstValueFrom(d.statusUpdates$);
    const outcome = await d.send(launchTasks(fake.id, [task(fake, 'never')]));
    expect(outcome._tag === 'Left' && outcome.left.code).toBe('QUEUE_TIMEOUT');
    const s = await dropped;
    expect([s.task_id.value, s.state, s.uuid]).toEqual(['never', 'TASK_DROPPED', undefined]);
  }, 15_000);
});
