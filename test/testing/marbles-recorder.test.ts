import { TestScheduler } from 'rxjs/testing';
import { declineOffer, killTask, reviveOffers, type Command } from '../../src';
import {
  expectCommands,
  marbleDriver,
  offer,
  offers,
  subscribed,
  type RecordedCommand,
} from '../../src/testing';

/**
 * The recorder of the marble driver and `expectCommands`: an assertion that must fail does
 * fail, and one that must hold holds.
 */
describe('expectCommands', () => {
  const o = offer({ id: 'O1' });
  const events = { s: subscribed(), o: offers(o) };
  const cmd: Readonly<Record<string, Command>> = {
    d: declineOffer(o.id),
    k: killTask({ value: 'web-1' }),
    r: reviveOffers(),
  };

  /** Runs a marble test; returns the failure its assertion reported, if any. */
  function verdict(body: Parameters<TestScheduler['run']>[0]): unknown {
    let failure: unknown;
    new TestScheduler((actual, expected) => {
      try {
        expect(actual).toEqual(expected);
      } catch (e) {
        failure = e;
      }
    }).run(body);
    return failure;
  }

  /** The logic every case below runs: one decline per offer, a kill two frames later. */
  const logic = (helpers: Parameters<Parameters<TestScheduler['run']>[0]>[0]) => {
    const driver = marbleDriver(helpers, 's-o', events);
    driver.handle(driver.offers$, (list) =>
      helpers.cold('d-k|', { d: declineOffer(list.map((x) => x.id)), k: cmd.k as Command }),
    );
    return driver;
  };

  it('holds when the commands and frames are the ones sent', () => {
    expect(
      verdict((helpers) => {
        expectCommands(logic(helpers), '--d-k', cmd);
      }),
    ).toBeUndefined();
  });

  it('fails when a command is missing, and names it', () => {
    const failure = verdict((helpers) => {
      expectCommands(logic(helpers), '--d-k-r', cmd);
    });
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('REVIVE');
  });

  it('fails when a command was sent that was not expected', () => {
    expect(
      verdict((helpers) => {
        expectCommands(logic(helpers), '--d', cmd);
      }),
    ).toBeInstanceOf(Error);
  });

  it('fails when a command went out at another frame', () => {
    expect(
      verdict((helpers) => {
        expectCommands(logic(helpers), '--d--k', cmd);
      }),
    ).toBeInstanceOf(Error);
  });

  it('fails when a command differs in a field', () => {
    const other = { ...cmd, d: declineOffer(o.id, { refuse_seconds: 5 }) };
    expect(
      verdict((helpers) => {
        expectCommands(logic(helpers), '--d-k', other);
      }),
    ).toBeInstanceOf(Error);
  });

  it('sees the commands sent before the scheduler ran, at frame 0', () => {
    expect(
      verdict((helpers) => {
        const driver = marbleDriver(helpers, '');
        driver.dispatch([cmd.r as Command, cmd.k as Command]);
        expectCommands(driver, '(rk)', cmd);
      }),
    ).toBeUndefined();
  });

  it('recorded has every command with its frame', () => {
    let recorded: readonly RecordedCommand[] = [];
    verdict((helpers) => {
      const driver = logic(helpers);
      recorded = driver.recorded;
    });
    expect(recorded).toEqual([
      { frame: 2, command: cmd.d },
      { frame: 4, command: cmd.k },
    ]);
  });

  it('send() answers with the outcome the options give', async () => {
    let sent: Promise<unknown> = Promise.resolve();
    verdict((helpers) => {
      const driver = marbleDriver(helpers, '', {}, { latency: 3 });
      sent = driver.send(cmd.r as Command);
    });
    await expect(sent).resolves.toEqual({ _tag: 'Right', right: { status: 202 } });
  });
});
