import type { Command } from '../../src/calls';
import { MesosSchedulerDriver, type CallbackError, type Scheduler } from '../../src/compat';
import type { SimulatedMaster } from '../../src/testing';
import type { TaskStatus } from '../../src/wire';
import { hostPort, recorder, sleep, startMaster, taskOn, waitFor } from './compat-harness';

/** Launches one task on the first offer, declines the rest. */
function launchOnce(log: string[], id = 't1'): Pick<Scheduler, 'resourceOffers'> {
  let launched = false;
  return {
    resourceOffers: (driver, offers) => {
      log.push('resourceOffers');
      for (const offer of offers) {
        if (launched) driver.declineOffer(offer.id, { refuse_seconds: 60 });
        else {
          launched = true;
          driver.launchTasks([offer.id], [taskOn(offer, id)]);
        }
      }
    },
  };
}

/** Records the commands the reactive driver sends (the automatic acknowledgements included). */
function recordSends(driver: MesosSchedulerDriver, log: string[]): void {
  const send = driver.reactive.send.bind(driver.reactive);
  jest.spyOn(driver.reactive, 'send').mockImplementation((command: Command) => {
    if (command.type === 'ACKNOWLEDGE') log.push('ACKNOWLEDGE');
    return send(command);
  });
}

describe('MesosSchedulerDriver: callbacks', () => {
  let master: SimulatedMaster;
  let driver: MesosSchedulerDriver | undefined;
  beforeEach(async () => {
    master = await startMaster();
  });
  afterEach(async () => {
    driver?.abort();
    await driver?.join();
    driver = undefined;
    await master.stop();
  });

  it.each(['application/json', 'application/x-protobuf'] as const)(
    'calls them in event order, never overlapping, and acknowledges after an async statusUpdate settled (%s)',
    async (contentType) => {
      const log: string[] = [];
      let running = 0;
      let overlapped = false;
      const scheduler = recorder(log, {
        ...launchOnce(log),
        statusUpdate: async (_d, status) => {
          running++;
          overlapped ||= running > 1;
          log.push(`start ${status.state}`);
          await sleep(40);
          log.push(`end ${status.state}`);
          running--;
        },
      });
      const d = new MesosSchedulerDriver(
        scheduler,
        { name: 'order', user: 'me' },
        hostPort(master),
        {
          contentType,
        },
      );
      driver = d;
      recordSends(d, log);
      expect(d.start()).toBe('DRIVER_RUNNING');
      await waitFor(() => log.includes('end TASK_FINISHED'), 5000, 'TASK_FINISHED');
      await waitFor(() => log.filter((l) => l === 'ACKNOWLEDGE').length === 3, 2000, 'acks');
      const updates = log.filter((l) => l !== 'resourceOffers' && l !== 'registered id');
      expect(log[0]).toBe('registered id');
      expect(log[1]).toBe('resourceOffers');
      expect(updates).toEqual([
        'start TASK_STARTING',
        'end TASK_STARTING',
        'ACKNOWLEDGE',
        'start TASK_RUNNING',
        'end TASK_RUNNING',
        'ACKNOWLEDGE',
        'start TASK_FINISHED',
        'end TASK_FINISHED',
        'ACKNOWLEDGE',
      ]);
      expect(overlapped).toBe(false);
      expect(d.stop()).toBe('DRIVER_STOPPED');
      expect(await d.join()).toBe('DRIVER_STOPPED');
    },
  );

  it('keeps one order across kinds: disconnected and reregistered wait for a slow callback', async () => {
    const log: string[] = [];
    const scheduler = recorder(log, {
      registered: async () => {
        log.push('registered start');
        await sleep(100);
        log.push('registered end');
      },
      resourceOffers: (d, offers) => {
        for (const o of offers) d.declineOffer(o.id, { refuse_seconds: 60 });
      },
    });
    const d = new MesosSchedulerDriver(
      scheduler,
      { name: 'kinds', user: 'me', failover_timeout: 60 },
      master.url,
      {
        driver: { backoff: { initialMs: 10, maxMs: 50 } },
      },
    );
    driver = d;
    d.start();
    await waitFor(() => log.includes('registered start'), 5000, 'registered');
    const id = d.reactive.frameworkId?.value ?? '';
    expect(master.cutStream(id)).toBe(true);
    await waitFor(() => log.includes('reregistered'), 5000, 'reregistered');
    expect(log).toEqual(['registered start', 'registered end', 'disconnected', 'reregistered']);
  });

  it('explicit acknowledgements: nothing is acknowledged until the scheduler calls acknowledgeStatusUpdate', async () => {
    const log: string[] = [];
    const held: TaskStatus[] = [];
    const scheduler = recorder(log, {
      ...launchOnce(log),
      statusUpdate: (_d, status) => {
        log.push(status.state);
        held.push(status);
      },
    });
    const d = new MesosSchedulerDriver(scheduler, { name: 'explicit', user: 'me' }, master.url, {
      implicitAcknowledgements: false,
    });
    driver = d;
    recordSends(d, log);
    d.start();
    await waitFor(() => held.length === 1, 5000, 'first update');
    await sleep(300); // the agent holds the next update until this one is acknowledged
    expect(held.map((s) => s.state)).toEqual(['TASK_STARTING']);
    expect(log).not.toContain('ACKNOWLEDGE');
    expect(d.acknowledgeStatusUpdate(held[0]!)).toBe('DRIVER_RUNNING');
    await waitFor(() => held.length === 2, 5000, 'second update');
    expect(held[1]!.state).toBe('TASK_RUNNING');
    expect(log.filter((l) => l === 'ACKNOWLEDGE')).toHaveLength(1);
  });

  it('a callback that throws: the driver aborts, then error is called; no callback follows', async () => {
    const log: string[] = [];
    const scheduler = recorder(log, {
      resourceOffers: () => {
        log.push('resourceOffers');
        throw new Error('boom');
      },
      statusUpdate: () => {
        log.push('statusUpdate');
      },
    });
    scheduler.error = (d, message) => {
      log.push(`error ${message} while ${d.status}`);
    };
    const d = new MesosSchedulerDriver(scheduler, { name: 'throws', user: 'me' }, master.url);
    driver = d;
    expect(await d.run()).toBe('DRIVER_ABORTED');
    expect(log).toEqual([
      'registered id',
      'resourceOffers',
      'error the resourceOffers callback failed: boom while DRIVER_ABORTED',
    ]);
    expect(d.declineOffer({ value: 'O1' })).toBe('DRIVER_ABORTED');
  });

  it('abortOnCallbackError false: the failure goes to onCallbackError and callbacks go on', async () => {
    const log: string[] = [];
    const failures: CallbackError[] = [];
    const scheduler = recorder(log, {
      ...launchOnce(log),
      statusUpdate: async (d, status) => {
        log.push(status.state);
        await sleep(1);
        if (status.state === 'TASK_STARTING') throw new Error('first update fails');
        if (status.state === 'TASK_FINISHED') d.stop();
      },
    });
    const d = new MesosSchedulerDriver(scheduler, { name: 'goes-on', user: 'me' }, master.url, {
      abortOnCallbackError: false,
      onCallbackError: (e) => failures.push(e),
    });
    driver = d;
    expect(await d.run()).toBe('DRIVER_STOPPED');
    expect(failures.map((e) => [e.code, e.callback, e.message])).toEqual([
      ['CALLBACK_FAILED', 'statusUpdate', 'the statusUpdate callback failed: first update fails'],
    ]);
    expect(log).toEqual([
      'registered id',
      'resourceOffers',
      'TASK_STARTING',
      'TASK_RUNNING',
      'TASK_FINISHED',
    ]);
  });

  it('launchTasks on an offer that is no longer valid gives a TASK_LOST statusUpdate', async () => {
    const log: string[] = [];
    const states: string[] = [];
    let tried = false;
    const scheduler = recorder(log, {
      resourceOffers: (d, offers) => {
        const first = offers[0];
        if (tried || first === undefined) return;
        tried = true;
        master.rescindOffer(first.id.value);
        d.launchTasks([first.id], [taskOn(first, 'late')]);
      },
      offerRescinded: () => {
        log.push('offerRescinded');
      },
      statusUpdate: (_d, status) => {
        states.push(`${status.task_id.value} ${status.state}`);
      },
    });
    const d = new MesosSchedulerDriver(scheduler, { name: 'stale', user: 'me' }, master.url);
    driver = d;
    d.start();
    await waitFor(() => states.length > 0, 5000, 'TASK_LOST');
    expect(states).toEqual(['late TASK_LOST']);
    expect(log).toContain('offerRescinded');
  });

  it('error(message) for an ERROR event from the master (another instance took over)', async () => {
    const log: string[] = [];
    const first = new MesosSchedulerDriver(
      recorder(log),
      { name: 'twin', user: 'me', failover_timeout: 60 },
      master.url,
    );
    driver = first;
    first.start();
    await waitFor(() => first.reactive.frameworkId !== undefined, 5000, 'first registration');
    const id = first.reactive.frameworkId!;
    const second = new MesosSchedulerDriver(
      {},
      { name: 'twin', user: 'me', failover_timeout: 60, id },
      master.url,
    );
    second.start();
    try {
      expect(await first.join()).toBe('DRIVER_ABORTED');
      expect(log).toEqual(['registered id', 'error Framework failed over']);
    } finally {
      second.stop(true);
      await second.join();
    }
  });
});

describe('MesosSchedulerDriver: credentials', () => {
  let master: SimulatedMaster;
  beforeEach(async () => {
    master = await startMaster({ credentials: { principal: 'svc', secret: 's3cret' } });
  });
  afterEach(async () => {
    await master.stop();
  });

  it('authenticates with { principal, secret }', async () => {
    const log: string[] = [];
    const d = new MesosSchedulerDriver(recorder(log), { name: 'auth', user: 'me' }, master.url, {
      credentials: { principal: 'svc', secret: 's3cret' },
    });
    d.start();
    await waitFor(() => log.length > 0, 5000, 'registered');
    expect(log).toEqual(['registered id']);
    d.stop();
    expect(await d.join()).toBe('DRIVER_STOPPED');
  });

  it('a refused SUBSCRIBE: error(message), then DRIVER_ABORTED', async () => {
    const log: string[] = [];
    const d = new MesosSchedulerDriver(recorder(log), { name: 'auth', user: 'me' }, master.url, {
      credentials: { principal: 'svc', secret: 'wrong' },
    });
    expect(await d.run()).toBe('DRIVER_ABORTED');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^error the master refused SUBSCRIBE/);
  });
});
