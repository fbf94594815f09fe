import { declineOffer } from '../../src';
import { offer, offers, subscribed, timeline } from '../../src/testing';
import { virtualDrivers } from '../helpers';

/**
 * The driver's offer timeout (`offerTimeoutMs`), in virtual time: offers the application has
 * neither accepted nor declined that long after they came are declined by the driver, and
 * rescinded on the streams. 1 frame = 1 ms.
 */
describe('the offer timeout of the driver in virtual time', () => {
  const a = offer({ id: 'A' });
  const b = offer({ id: 'B' });
  const c = offer({ id: 'C' });
  const values = { s: subscribed(), o: offers(a, b), p: offers(c) };

  const virtualDriver = virtualDrivers();

  function start(events: string, offerTimeoutMs: number | undefined) {
    const { clock, master, driver } = virtualDriver(
      'offer-timeout',
      { subscriptions: [{ events, values }] },
      { reconcileOnSubscribe: false, ...(offerTimeoutMs === undefined ? {} : { offerTimeoutMs }) },
    );
    const rescinded = clock.record(driver.offerRescinded$);
    driver.start();
    const declines = () =>
      master.calls
        .filter((x) => x.call.type === 'DECLINE')
        .map((x) => ({
          frame: x.frame,
          value:
            x.call.type === 'DECLINE' ? (x.call.decline.offer_ids ?? []).map((id) => id.value) : [],
        }));
    return { clock, driver, rescinded, declines };
  }

  it('declines what nobody answered, once its time is up, and rescinds it on the stream', async () => {
    const { clock, rescinded, declines } = start('s 9ms o 4989ms p', 30_000);
    await clock.advanceTo(60_000);
    // A and B came at 10, C at 5000: their timeouts end at 30 010 and 35 000
    expect(declines()).toEqual(timeline('30010ms x 4989ms y', { x: ['A', 'B'], y: ['C'] }));
    expect(rescinded).toEqual(timeline('30010ms (ab) 4986ms c', { a: a.id, b: b.id, c: c.id }));
  });

  it('leaves alone what the application answered in time', async () => {
    const { clock, driver, declines, rescinded } = start('s 9ms o', 30_000);
    // the application declines A at once and keeps B
    driver.handle(driver.offers$, (list) =>
      list.filter((o) => o.id.value === 'A').map((o) => declineOffer(o.id)),
    );
    await clock.advanceTo(60_000);
    expect(declines()).toEqual(timeline('10ms x 29999ms y', { x: ['A'], y: ['B'] }));
    expect(rescinded.map((r) => r.value.value)).toEqual(['B']);
  });

  it('holds offers for ever without the option', async () => {
    const { clock, declines, rescinded } = start('s 9ms o', undefined);
    await clock.advanceTo(600_000);
    expect([declines(), rescinded]).toEqual([[], []]);
  });
});
