import { left, right } from 'fp-ts/Either';
import { map } from 'rxjs';
import { acknowledgeStatusUpdate, killTask, type Command } from '../../src';
import {
  acknowledgementOf,
  expectCommands,
  httpError,
  marbleDriver,
  subscribed,
  update,
  type MarbleEvent,
} from '../../src/testing';
import { testScheduler } from '../helpers';

/**
 * Automatic acknowledgements in the marble driver, as in the real one: an update with a uuid
 * is acknowledged once the handlers of its event are done, asynchronous work included; once
 * per uuid and subscription; never without a uuid. One frame is 1 ms; the diagrams of a test
 * are aligned on frame 0 (the work of a handler starts where its event is delivered).
 */
describe('automatic acknowledgements, in marbles', () => {
  const running = update('web-1', 'TASK_RUNNING'); // from the executor: with a uuid
  const failed = update('web-2', 'TASK_FAILED'); //   from the executor: with a uuid
  const reconciled = update('web-3', 'TASK_LOST', {
    source: 'SOURCE_MASTER', //                       from the master: no uuid
    reason: 'REASON_RECONCILIATION',
  });
  const events: Readonly<Record<string, MarbleEvent>> = {
    s: subscribed(),
    u: running,
    f: failed,
    n: reconciled,
  };
  const sent: Readonly<Record<string, Command>> = {
    a: acknowledgementOf(running),
    b: acknowledgementOf(failed),
    k: killTask({ value: 'web-2' }),
  };

  it('an update is acknowledged only after its asynchronous handler completed', () => {
    testScheduler().run((helpers) => {
      const arrive = '   s-u';
      const work = '       ----|';
      const acked = '    ------a';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.statusUpdates$, () => helpers.cold<Command>(work));
      expectCommands(driver, acked, sent);
    });
  });

  it("the handler's commands go first, the acknowledgement when it is done", () => {
    testScheduler().run((helpers) => {
      const arrive = '   s-f';
      const work = '       -k--|';
      const sends = '    ---k--b';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.statusUpdates$, () => helpers.cold(work, sent));
      expectCommands(driver, sends, sent);
    });
  });

  it('waits for every handler of the event; their work runs one after the other', () => {
    testScheduler().run((helpers) => {
      const arrive = '   u';
      const first = '    -|';
      const second = '    -----|';
      const acked = '    ------a';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.statusUpdates$, () => helpers.cold<Command>(first));
      driver.handle(driver.events$, () => helpers.cold<Command>(second));
      expectCommands(driver, acked, sent);
    });
  });

  it('an update without a handler is acknowledged when it arrives', () => {
    testScheduler().run((helpers) => {
      const arrive = '   s--u-f';
      const acked = '    ---a-b';
      expectCommands(marbleDriver(helpers, arrive, events), acked, sent);
    });
  });

  it('an update without uuid (from the master) is never acknowledged', () => {
    testScheduler().run((helpers) => {
      const arrive = '   s-n-u';
      const acked = '    ----a';
      expectCommands(marbleDriver(helpers, arrive, events), acked, sent);
    });
    expect(acknowledgeStatusUpdate(reconciled.update.status)._tag).toBe('Left');
  });

  it('a repeated update is acknowledged once per subscription, and again after a new SUBSCRIBED', () => {
    testScheduler().run((helpers) => {
      const arrive = '   su-u-s-u';
      const seen = '     -r-r---r';
      const acked = '    -a-----a';
      const driver = marbleDriver(helpers, arrive, events);
      const states$ = driver.statusUpdates$.pipe(map((s) => s.state));
      helpers.expectObservable(states$).toBe(seen, { r: 'TASK_RUNNING' });
      expectCommands(driver, acked, sent);
    });
  });

  it('a handler that fails still lets its update be acknowledged (the failure is reported)', () => {
    testScheduler().run((helpers) => {
      const arrive = '   u';
      const work = '     --#';
      const errors = '   --h';
      const acked = '    --a';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.statusUpdates$, () => helpers.cold<Command>(work));
      const codes$ = driver.errors$.pipe(map((e) => e.code));
      helpers.expectObservable(codes$).toBe(errors, { h: 'HANDLER_FAILED' });
      expectCommands(driver, acked, sent);
    });
  });

  it("with acknowledgements: 'explicit' only the application acknowledges", () => {
    testScheduler().run((helpers) => {
      const arrive = '   s-u-f';
      const acked = '    ----b';
      const driver = marbleDriver(helpers, arrive, events, { acknowledgements: 'explicit' });
      driver.handle(driver.statusUpdates$, (s) =>
        s.state === 'TASK_FAILED' ? [acknowledgementOf(s)] : [],
      );
      expectCommands(driver, acked, sent);
    });
  });

  it('a refused acknowledgement is reported, and the uuid is acknowledged when it comes again', () => {
    testScheduler().run((helpers) => {
      const arrive = '   u--u';
      const errors = '   c';
      const acked = '    a--a';
      let refusals = 1;
      const driver = marbleDriver(helpers, arrive, events, {
        outcome: (c) =>
          c.type === 'ACKNOWLEDGE' && refusals-- > 0
            ? left(httpError(503, { body: 'Agent is not available' }))
            : right({ status: 202 }),
      });
      const codes$ = driver.errors$.pipe(map((e) => e.code));
      helpers.expectObservable(codes$).toBe(errors, { c: 'COMMAND_FAILED' });
      expectCommands(driver, acked, sent);
    });
  });
});
