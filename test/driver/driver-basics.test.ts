import { firstValueFrom, take, toArray } from 'rxjs';
import { suppressOffers } from '../../src/calls';
import { createDriver, type DriverState, type SchedulerDriver } from '../../src/driver';
import { SimulatedMaster } from '../../src/testing';
import type { ContentType } from '../../src/wire';

describe.each<ContentType>(['application/json', 'application/x-protobuf'])(
  'driver against the simulated master (%s)',
  (ct) => {
    let master: SimulatedMaster;
    let driver: SchedulerDriver | undefined;
    beforeEach(async () => {
      master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 0.1 });
    });
    afterEach(async () => {
      driver?.abort();
      await master.stop();
    });

    it('subscribes, registers, gets heartbeats, and stop() tears the framework down', async () => {
      const d = createDriver({
        master: master.url,
        framework: { name: 'basics', user: 'me' },
        contentType: ct,
      });
      driver = d;
      const states: DriverState['type'][] = [];
      d.state$.subscribe((s) => states.push(s.type));
      const registered = firstValueFrom(d.registered$);
      const beats = firstValueFrom(d.heartbeats$.pipe(take(2), toArray()));
      expect(d.start()).toBe('DRIVER_RUNNING');
      const reg = await registered;
      expect(reg.frameworkId.value).toMatch(/-0000$/);
      expect(reg.masterInfo?.port).toBe(master.port);
      expect(await beats).toHaveLength(2);
      expect(d.frameworkId).toEqual(reg.frameworkId);
      expect(states).toEqual([
        'disconnected',
        'detecting',
        'connecting',
        'subscribing',
        'subscribed',
      ]);
      expect(await d.stop()).toBe('DRIVER_STOPPED');
      expect(await d.join()).toBe('DRIVER_STOPPED');
      expect(master.core.framework(reg.frameworkId.value)).toBeUndefined();
      expect(master.core.completed.map((f) => f.id)).toContain(reg.frameworkId.value);
    });

    it('stop({ failover: true }) only disconnects: the framework stays known to the master', async () => {
      const d = createDriver({
        master: master.url,
        framework: { name: 'fo', user: 'me', failover_timeout: 60 },
        contentType: ct,
      });
      driver = d;
      d.start();
      const reg = await firstValueFrom(d.registered$);
      expect(await d.stop({ failover: true })).toBe('DRIVER_STOPPED');
      const fw = master.core.framework(reg.frameworkId.value);
      expect(fw).toBeDefined();
      await new Promise((r) => setTimeout(r, 50));
      expect(fw?.connected).toBe(false);
    });

    it('re-subscribes with the same id after the stream is cut, and resends suppressed roles', async () => {
      const d = createDriver({
        master: master.url,
        framework: { name: 'cut', user: 'me', failover_timeout: 60 },
        contentType: ct,
        backoff: { initialMs: 10, maxMs: 50 },
      });
      driver = d;
      d.start();
      const reg = await firstValueFrom(d.registered$);
      expect((await d.send(suppressOffers()))._tag).toBe('Right');
      const disconnected = firstValueFrom(d.disconnected$);
      const reregistered = firstValueFrom(d.reregistered$);
      master.core.framework(reg.frameworkId.value)?.stream?.cut({ midRecord: true });
      expect(await disconnected).toMatch(/.+/);
      await reregistered;
      expect(d.frameworkId).toEqual(reg.frameworkId);
      expect([...(master.core.framework(reg.frameworkId.value)?.suppressedRoles ?? [])]).toEqual([
        '*',
      ]);
    });

    it('a second instance with the same id fails the first over: ERROR, no re-subscribe, aborted', async () => {
      const a = createDriver({
        master: master.url,
        framework: { name: 'one', user: 'me', failover_timeout: 60 },
        contentType: ct,
      });
      driver = a;
      const errors = firstValueFrom(a.errors$);
      a.start();
      const reg = await firstValueFrom(a.registered$);
      const b = createDriver({
        master: master.url,
        framework: { name: 'one', user: 'me', failover_timeout: 60, id: reg.frameworkId },
        contentType: ct,
      });
      b.start();
      await firstValueFrom(b.registered$);
      const e = await errors;
      expect([e.code, e.message]).toEqual(['MASTER_ERROR', 'Framework failed over']);
      expect(await a.join()).toBe('DRIVER_ABORTED');
      expect(b.status).toBe('DRIVER_RUNNING');
      b.abort();
    });

    it('commands sent before SUBSCRIBED wait and go out after it; after stop they fail with NOT_RUNNING', async () => {
      const d = createDriver({
        master: master.url,
        framework: { name: 'queue', user: 'me' },
        contentType: ct,
      });
      driver = d;
      d.start();
      const early = d.send(suppressOffers());
      expect((await early)._tag).toBe('Right');
      await d.stop();
      const late = await d.send(suppressOffers());
      expect(late._tag === 'Left' && late.left.code).toBe('NOT_RUNNING');
    });
  },
);
