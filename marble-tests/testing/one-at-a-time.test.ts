import { map, type Observable } from 'rxjs';
import { declineOffer, killTask, type Command, type Offer } from '../../src';
import {
  expectCommands,
  marbleDriver,
  offer,
  offers,
  update,
  type MarbleEvent,
} from '../../src/testing';
import { testScheduler } from '../helpers';

/**
 * The one-callback-at-a-time guarantee, as the marble driver keeps it: an event is delivered
 * only after the handlers (`handle`) of the event before it are done, asynchronous work
 * included. Events that arrive meanwhile wait, in order. One frame is 1 ms; the diagrams of a
 * test are aligned on frame 0 (a handler's work starts where its event is delivered).
 */
describe('one callback at a time, in marbles', () => {
  const o1 = offer({ id: 'O1' });
  const o2 = offer({ id: 'O2' });
  const o3 = offer({ id: 'O3' });
  const events: Readonly<Record<string, MarbleEvent>> = {
    a: offers(o1),
    b: offers(o2),
    c: offers(o3),
    u: update('web-1', 'TASK_FAILED'),
  };
  const declined = { x: declineOffer(o1.id), y: declineOffer(o2.id), z: declineOffer(o3.id) };
  const offered = { x: 'O1', y: 'O2', z: 'O3' };
  /** Which offers were delivered, by id: short in a failure's diff. */
  const idsOf = (offers$: Observable<readonly Offer[]>): Observable<string> =>
    offers$.pipe(map((list) => list.map((o) => o.id.value).join()));
  const declineEach = (list: readonly Offer[]): Command[] => list.map((o) => declineOffer(o.id));

  it('one: an event with a synchronous handler is delivered when it arrives', () => {
    testScheduler().run((helpers) => {
      const arrive = '   --a';
      const delivered = '--x';
      const sent = '     --x';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.offers$, declineEach);
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
      expectCommands(driver, sent, declined);
    });
  });

  it('many: events that arrive while a handler works wait for it, in order', () => {
    testScheduler().run((helpers) => {
      const arrive = '   abc';
      const work = '     ---(d|)'; //  for each offer: 3 frames, then its decline
      const delivered = 'x--y--z';
      const sent = '     ---x--y--z';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.offers$, (list) =>
        helpers.cold(work, { d: declineOffer(list.map((o) => o.id)) }),
      );
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
      expectCommands(driver, sent, declined);
    });
  });

  it('every handler of an event is waited for, whichever stream it listens to', () => {
    testScheduler().run((helpers) => {
      const arrive = '   ab';
      const work = '     ----|'; // the events$ handler, for each event
      const delivered = 'x---y';
      const sent = '     x---y';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.offers$, declineEach);
      driver.handle(driver.events$, () => helpers.cold<Command>(work));
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
      expectCommands(driver, sent, declined);
    });
  });

  it('plain subscribers see the events but are not waited for', () => {
    testScheduler().run((helpers) => {
      const arrive = '   ab';
      const work = '     ----|'; // nobody waits for it
      const delivered = 'xy';
      const driver = marbleDriver(helpers, arrive, events);
      driver.offers$.subscribe(() => {
        helpers.cold(work).subscribe();
      });
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
    });
  });

  it('a handler that throws is reported, and the next event is delivered', () => {
    testScheduler().run((helpers) => {
      const arrive = '   a-b';
      const errors = '   f';
      const sent = '     --y';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.offers$, (list) => {
        if (list[0]?.id.value === 'O1') throw new Error('no room for O1');
        return declineEach(list);
      });
      const codes$ = driver.errors$.pipe(map((e) => e.code));
      helpers.expectObservable(codes$).toBe(errors, { f: 'HANDLER_FAILED' });
      expectCommands(driver, sent, declined);
    });
  });

  it('a handler whose work errors is reported then, and the next event comes after it', () => {
    testScheduler().run((helpers) => {
      const arrive = '   ab';
      const work = '     --#'; // for O1
      const errors = '   --f';
      const delivered = 'x-y';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.offers$, (list) =>
        list[0]?.id.value === 'O1' ? helpers.cold<Command>(work) : declineEach(list),
      );
      const codes$ = driver.errors$.pipe(map((e) => e.code));
      helpers.expectObservable(codes$).toBe(errors, { f: 'HANDLER_FAILED' });
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
    });
  });

  it("with onHandlerError 'abort' a failing handler stops the driver and its streams", () => {
    testScheduler().run((helpers) => {
      const arrive = '   a-b';
      const delivered = '(x|)';
      const sent = '     |';
      const driver = marbleDriver(helpers, arrive, events, { onHandlerError: 'abort' });
      driver.handle(driver.offers$, () => {
        throw new Error('broken');
      });
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
      expectCommands(driver, sent);
    });
  });

  it('never-ending: a handler that never completes holds every later event', () => {
    testScheduler().run((helpers) => {
      const arrive = '   a-bu';
      const work = '     -'; // never completes
      const delivered = 'x';
      const driver = marbleDriver(helpers, arrive, events);
      driver.handle(driver.offers$, () => helpers.cold<Command>(work));
      driver.handle(driver.statusUpdates$, (s) => [killTask(s.task_id)]);
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
      expectCommands(driver, ''); // the update never comes, so no KILL
    });
  });

  it('early unsubscribe: a handler removed while it works no longer holds later events', () => {
    const scheduler = testScheduler();
    scheduler.run((helpers) => {
      const arrive = '   a--b';
      const work = '     -----|'; // started before the handler was removed: runs to its end
      const subs = '     ^----!';
      const delivered = 'x----y';
      const driver = marbleDriver(helpers, arrive, events);
      const work$ = helpers.cold<Command>(work);
      const handler = driver.handle(driver.offers$, () => work$);
      scheduler.schedule(() => {
        handler.unsubscribe();
      }, 1);
      helpers.expectObservable(idsOf(driver.offers$)).toBe(delivered, offered);
      helpers.expectSubscriptions(work$.subscriptions).toBe(subs);
    });
  });
});
