import { killTask, reviveOffers, suppressOffers, type Command } from '../../src';
import { expectCommands, marbleDriver, offers, subscribed } from '../../src/testing';
import { testScheduler } from '../helpers';

/**
 * The command bus of the marble driver. One frame is 1 ms; the diagrams of a test are aligned
 * on frame 0. `latency` is how many frames the master takes to answer a command: `dispatch`
 * sends a command only once the one before it is answered, while the commands a handler
 * returns go out as soon as they are returned.
 */
describe('the command bus, in marbles', () => {
  const cmd: Readonly<Record<string, Command>> = {
    r: reviveOffers(), //               slow: answered after 4 frames
    s: suppressOffers(), //             answered after 1 frame
    k: killTask({ value: 'web-1' }), // answered after 1 frame
  };
  const latency = (c: Command): number => (c.type === 'REVIVE' ? 4 : 1);

  it('a slow command delays the next one', () => {
    testScheduler().run((helpers) => {
      const emitted = ' rsk|';
      const subs = '    ^--!';
      const sent = '    r---sk'; // s waits for r's answer (4), k for s's (5)
      const driver = marbleDriver(helpers, '', {}, { latency });
      const commands$ = helpers.cold(emitted, cmd);
      driver.dispatch(commands$);
      expectCommands(driver, sent, cmd);
      helpers.expectSubscriptions(commands$.subscriptions).toBe(subs);
    });
  });

  it('without latency the commands go out in the frames they were emitted, in order', () => {
    testScheduler().run((helpers) => {
      const emitted = ' (rs)-k|';
      const sent = '    (rs)-k';
      const driver = marbleDriver(helpers, '');
      driver.dispatch(helpers.cold(emitted, cmd));
      expectCommands(driver, sent, cmd);
    });
  });

  it('early unsubscribe tears down both the source and the command waiting for its answer', () => {
    const scheduler = testScheduler();
    scheduler.run((helpers) => {
      const emitted = ' rs-k'; // never completes
      const subs = '    ^-!'; //  the logic unsubscribes at 2, while s waits for r's answer
      const sent = '    r'; //    s and k never go out
      const driver = marbleDriver(helpers, '', {}, { latency });
      const commands$ = helpers.cold(emitted, cmd);
      const subscription = driver.dispatch(commands$);
      scheduler.schedule(() => {
        subscription.unsubscribe();
      }, 2);
      expectCommands(driver, sent, cmd);
      helpers.expectSubscriptions(commands$.subscriptions).toBe(subs);
    });
  });

  it('empty: a stream without commands sends nothing', () => {
    testScheduler().run((helpers) => {
      const emitted = ' ---|';
      const subs = '    ^--!';
      const driver = marbleDriver(helpers, '');
      const commands$ = helpers.cold<Command>(emitted);
      driver.dispatch(commands$);
      expectCommands(driver, '');
      helpers.expectSubscriptions(commands$.subscriptions).toBe(subs);
    });
  });

  it('never-ending: commands keep going out as long as the stream emits', () => {
    testScheduler().run((helpers) => {
      const emitted = ' k-k-k-k-k-k-';
      const sent = '    k-k-k-k-k-k-';
      const driver = marbleDriver(helpers, '');
      driver.dispatch(helpers.cold(emitted, cmd));
      expectCommands(driver, sent, cmd);
    });
  });

  it("a handler's commands go out at once, one after the other, not waiting for answers", () => {
    testScheduler().run((helpers) => {
      const arrive = '  -o';
      const sent = '    -(rsk)';
      const driver = marbleDriver(helpers, arrive, { o: offers() }, { latency: 10 });
      driver.handle(driver.offers$, () => [cmd.r, cmd.s, cmd.k] as Command[]);
      expectCommands(driver, sent, cmd);
    });
  });

  it('commands sent after the driver stopped are not sent', () => {
    testScheduler().run((helpers) => {
      const arrive = '  s-|'; //   the driver stops at 2
      const emitted = ' -k-k-k';
      const sent = '    -k|'; //   what it sent, and its end
      const driver = marbleDriver(helpers, arrive, { s: subscribed() });
      driver.dispatch(helpers.cold(emitted, cmd));
      expectCommands(driver, sent, cmd);
    });
  });
});
