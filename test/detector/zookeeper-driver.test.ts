/**
 * Master detection through ZooKeeper, end to end: simulated masters announce themselves in a
 * real ZooKeeper as Mesos masters do, and the reactive driver, the classic driver and
 * `rxmesos execute` find the leader there and follow it when it changes.
 */
import { executeCommand } from '../../src/cli/execute';
import { MesosSchedulerDriver } from '../../src/compat';
import { createDriver, type DriverState, type SchedulerDriver } from '../../src/driver';
import { SimulatedMaster, type SimOptions } from '../../src/testing';
import type { MasterInfo } from '../../src/wire';
import { runInProcess } from '../cli/cli-harness';
import {
  fence,
  frameworkInfo,
  next,
  record,
  spySubscribes,
  testOptions,
} from '../driver/driver-harness';
import { describeWithZooKeeper, ZooKeeperServer } from '../helpers/zookeeper-server';
import { ZkKit } from './zk-kit';

type Subscribed = Extract<DriverState, { readonly type: 'subscribed' }>;

describeWithZooKeeper('ZooKeeper master detection, end to end', () => {
  let zk: ZooKeeperServer;
  let kit: ZkKit;
  let folders = 0;
  const masters: SimulatedMaster[] = [];
  let driver: SchedulerDriver | undefined;

  beforeAll(async () => {
    zk = await ZooKeeperServer.start();
    kit = await ZkKit.connect(zk.connectString);
  });

  afterEach(async () => {
    await driver?.stop({ failover: true });
    driver = undefined;
    for (const m of masters.splice(0)) await m.stop();
  });

  afterAll(async () => {
    await kit.close();
    await zk.destroy();
  });

  /** A folder for this test, and a function announcing a master in it as Mesos masters do. */
  async function cluster(): Promise<{
    readonly zkUrl: string;
    readonly announce: (m: SimulatedMaster) => Promise<string>;
  }> {
    const path = `/e${++folders}/mesos`;
    await kit.mkdirp(path);
    return {
      zkUrl: `zk://${zk.connectString}${path}`,
      announce: (m) => kit.register(path, m.core.masterInfo),
    };
  }

  /** A simulated master (without agents unless options are given). */
  async function master(
    options: SimOptions = { agents: [], heartbeatIntervalSeconds: 0.2 },
  ): Promise<SimulatedMaster> {
    const m = await SimulatedMaster.start(options);
    masters.push(m);
    return m;
  }

  it('the reactive driver subscribes at the leader, then follows it to the next one with its id', async () => {
    const { zkUrl, announce } = await cluster();
    const [m1, m2] = [await master(), await master()];
    const first = await announce(m1);
    // the master option as a string: the driver finds the leader in ZooKeeper
    const d = createDriver(testOptions(zkUrl, 'application/x-protobuf', frameworkInfo('zk')));
    driver = d;
    const states = record(d.state$);
    d.start();
    const registered = await next(d.registered$);
    expect(registered.masterInfo?.port).toBe(m1.port);
    const id = registered.frameworkId.value;

    // a second master joins (a standby: the first still leads), then the leader goes away
    await announce(m2);
    const atM2 = spySubscribes(m2.core);
    const disconnected = next(d.disconnected$);
    const reregistered = next(d.reregistered$);
    await kit.remove(first);
    expect(await disconnected).toContain(`${m1.url} no longer leads`);
    const info: MasterInfo | undefined = await reregistered;
    expect([info?.id, info?.port]).toEqual([m2.masterId, m2.port]);
    expect(atM2().map((c) => c.framework_id?.value)).toEqual([id]);
    expect(d.frameworkId?.value).toBe(id);
    const subscribedAt = states
      .filter((s): s is Subscribed => s.type === 'subscribed')
      .map((s) => s.master);
    expect(subscribedAt).toEqual([m1.url, m2.url]);
    await fence(d); // calls go to the new leader
    expect(m2.core.framework(id)?.connected).toBe(true);
  });

  it('the classic driver takes the zk:// address and registers at the leader', async () => {
    const { zkUrl, announce } = await cluster();
    const m = await master();
    await announce(m);
    const registered = new Promise<MasterInfo | undefined>((resolve) => {
      const classic = new MesosSchedulerDriver(
        {
          registered: (_d, _id, masterInfo) => {
            resolve(masterInfo);
          },
        },
        frameworkInfo('classic-zk'),
        zkUrl,
      );
      driver = classic.reactive;
      classic.start();
    });
    expect((await registered)?.port).toBe(m.port);
  });

  it('rxmesos execute --master zk://… runs its tasks on the leader', async () => {
    const { zkUrl, announce } = await cluster();
    const m = await master({ exec: true, allocationIntervalMs: 100 });
    await announce(m);
    const r = await runInProcess(executeCommand.run, [
      '--master',
      zkUrl,
      '--tasks',
      '2',
      '--name',
      'zk',
      '--',
      'true',
    ]);
    expect(r.stdout).toMatch(/finished 2, failed 0/);
    expect(r.code).toBe(0);
  }, 30_000);
});

describe('rxmesos execute --master with a bad zk:// URL', () => {
  it('is a usage error (64) naming the fault, the password masked', async () => {
    const r = await runInProcess(executeCommand.run, [
      '--master',
      'zk://svc:s3cret@zk1:2181,zk2:2181/',
      '--',
      'true',
    ]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('zk://svc:***@zk1:2181,zk2:2181/');
    expect(r.stderr).toContain('a path is required');
    expect(r.stderr).not.toContain('s3cret');
  });
});
