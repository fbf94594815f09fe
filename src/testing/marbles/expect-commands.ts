/**
 * The assertion of a marble test: the commands a marble driver sent, in marble notation.
 *
 * @module
 */
import type { Command } from '../../calls';
import type { MarbleDriver } from './marble-driver';

/**
 * Asserts, when the `TestScheduler.run` it is called in flushes, that the driver sent exactly
 * these commands at these frames: `marbles` is the expected diagram (one frame per
 * millisecond, `(ab)` for commands of one frame, `|` when the driver stopped) and `values`
 * names the commands. The comparison is the `TestScheduler`'s own, so a failure shows the
 * frames and commands expected and sent, with the test framework's diff.
 *
 * @example
 * ```ts
 * const o = offer({ id: 'O1' });
 * const driver = marbleDriver(helpers, '-o', { o: offers(o) });
 * driver.handle(driver.offers$, (list) => list.map((x) => declineOffer(x.id)));
 * expectCommands(driver, '-d', { d: declineOffer(o.id) });
 * ```
 * Spec: docs/protocol.md §5.
 */
export function expectCommands(
  driver: Pick<MarbleDriver, 'helpers' | 'commands$'>,
  marbles: string,
  values?: Readonly<Record<string, Command>>,
): void {
  driver.helpers.expectObservable(driver.commands$).toBe(marbles, values);
}
