import { map } from 'rxjs';
import { declineOffer, type Command } from '../../src';
import {
  disconnect,
  error,
  expectCommands,
  failure,
  heartbeat,
  marbleDriver,
  marbleIds,
  message,
  offer,
  offers,
  rescind,
  subscribed,
  update,
  type MarbleEvent,
} from '../../src/testing';
import { testScheduler } from '../helpers';

/**
 * The streams of the marble driver follow from the events it plays, as the real driver's
 * follow from the master's: `registered$` on the first SUBSCRIBED, `reregistered$` on later
 * ones, `disconnected$` when a subscription is lost, one stream per kind of event, and the end
 * of every stream when the driver stops. One frame is 1 ms.
 */
describe('the streams of the marble driver', () => {
  const first = subscribed();
  const o = offer({ id: 'O1' });
  const events: Readonly<Record<string, MarbleEvent>> = {
    s: first,
    h: heartbeat(),
    o: offers(o),
    r: rescind(o),
    u: update('web-1', 'TASK_RUNNING'),
    l: failure({ agentId: marbleIds.agent(0) }),
    x: failure({ agentId: marbleIds.agent(1), executorId: 'ex-1', status: 256 }),
    m: message({ executorId: 'ex-1', data: 'progress=0.5' }),
    d: disconnect('no event for 75000 ms (heartbeat timeout)'),
    e: error('Framework failed over'),
  };

  it('registered$ once, reregistered$ after each loss, disconnected$ with the reason', () => {
    testScheduler().run((helpers) => {
      const arrive = '        s-d-s--s';
      const registered = '    r';
      const reregistered = '  ----m--m';
      const disconnected = '  --d----c'; // a SUBSCRIBED while subscribed: the old stream is gone
      const driver = marbleDriver(helpers, arrive, events);
      const info = first.subscribed.master_info;
      helpers.expectObservable(driver.registered$).toBe(registered, {
        r: { frameworkId: marbleIds.framework, masterInfo: info },
      });
      helpers.expectObservable(driver.reregistered$).toBe(reregistered, { m: info });
      helpers.expectObservable(driver.disconnected$).toBe(disconnected, {
        d: 'no event for 75000 ms (heartbeat timeout)',
        c: 'the master closed the event stream',
      });
    });
  });

  it('a loss before any SUBSCRIBED is no disconnection (there was no subscription)', () => {
    testScheduler().run((helpers) => {
      const arrive = '       d---s';
      const states = '       (ab)c';
      const driver = marbleDriver(helpers, arrive, events);
      helpers.expectObservable(driver.disconnected$).toBe('');
      helpers.expectObservable(driver.state$.pipe(map((s) => s.type))).toBe(states, {
        a: 'subscribing',
        b: 'disconnected',
        c: 'subscribed',
      });
    });
  });

  it('one stream per kind of event, named after the classic callbacks', () => {
    testScheduler().run((helpers) => {
      const arrive = '        shorulxm';
      const types = '         abcdeffg';
      const heartbeats = '    -h';
      const offered = '       --o';
      const rescinded = '     ---r';
      const updates = '       ----u';
      const slaveLost = '     -----l';
      const executorLost = '  ------x';
      const messages = '      -------m';
      const driver = marbleDriver(helpers, arrive, events);
      helpers.expectObservable(driver.events$.pipe(map((e) => e.type))).toBe(types, {
        a: 'SUBSCRIBED',
        b: 'HEARTBEAT',
        c: 'OFFERS',
        d: 'RESCIND',
        e: 'UPDATE',
        f: 'FAILURE',
        g: 'MESSAGE',
      });
      helpers.expectObservable(driver.heartbeats$).toBe(heartbeats, { h: { type: 'HEARTBEAT' } });
      helpers.expectObservable(driver.offers$).toBe(offered, { o: [o] });
      helpers.expectObservable(driver.offerRescinded$).toBe(rescinded, { r: o.id });
      helpers
        .expectObservable(driver.statusUpdates$.pipe(map((s) => s.state)))
        .toBe(updates, { u: 'TASK_RUNNING' });
      helpers.expectObservable(driver.slaveLost$).toBe(slaveLost, { l: marbleIds.agent(0) });
      helpers.expectObservable(driver.executorLost$).toBe(executorLost, {
        x: { agent_id: marbleIds.agent(1), executor_id: { value: 'ex-1' }, status: 256 },
      });
      helpers
        .expectObservable(driver.frameworkMessages$.pipe(map((m) => m.data)))
        .toBe(messages, { m: Buffer.from('progress=0.5').toString('base64') });
    });
  });

  it('the end of the events (|) stops the driver: every stream completes', () => {
    testScheduler().run((helpers) => {
      const arrive = '        s-o-|';
      const offered = '       --o-|';
      const states = '        (as)(t|)';
      const driver = marbleDriver(helpers, arrive, events);
      helpers.expectObservable(driver.offers$).toBe(offered, { o: [o] });
      helpers.expectObservable(driver.state$.pipe(map((s) => s.type))).toBe(states, {
        a: 'subscribing',
        s: 'subscribed',
        t: 'stopped',
      });
      helpers.expectObservable(driver.errors$).toBe('----|');
      expectCommands(driver, '----|');
    });
    expect.hasAssertions();
  });

  it('an ERROR is reported and ends the driver: later events are not delivered', () => {
    testScheduler().run((helpers) => {
      const arrive = '        s-e-o';
      const errors = '        --(m|)';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.offers$, (list) => list.map((x) => declineOffer(x.id)));
      helpers
        .expectObservable(driver.errors$.pipe(map((e) => `${e.code}: ${e.message}`)))
        .toBe(errors, { m: 'MASTER_ERROR: Framework failed over' });
      helpers.expectObservable(driver.offers$).toBe('--|');
      expectCommands(driver, '--|');
    });
  });

  it('the ERROR event itself still reaches the handlers, which the end waits for', () => {
    testScheduler().run((helpers) => {
      const arrive = '        e';
      const work = '          ---|';
      const ended = '         ---|';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.events$, () => helpers.cold<Command>(work));
      helpers.expectObservable(driver.events$.pipe(map((e) => e.type))).toBe('e--|', {
        e: 'ERROR',
      });
      expectCommands(driver, ended);
    });
  });

  it('frameworkId and status follow the subscription and the end', () => {
    const seen: string[] = [];
    testScheduler().run((helpers) => {
      const driver = marbleDriver(helpers, '-s-|', { s: subscribed({ frameworkId: 'F7' }) });
      seen.push(`${driver.status} ${String(driver.frameworkId?.value)}`);
      driver.events$.subscribe({
        next: () => seen.push(`${driver.status} ${String(driver.frameworkId?.value)}`),
        complete: () => seen.push(`${driver.status} ${String(driver.frameworkId?.value)}`),
      });
    });
    expect(seen).toEqual(['DRIVER_RUNNING undefined', 'DRIVER_RUNNING F7', 'DRIVER_STOPPED F7']);
  });

  it("marbles it cannot play are refused at once: '#', or a key without an event", () => {
    testScheduler().run((helpers) => {
      expect(() => marbleDriver(helpers, 's-#', events)).toThrow(/never fail/);
      expect(() => marbleDriver(helpers, 's-q', events)).toThrow(/no event for 'q'/);
    });
  });
});
