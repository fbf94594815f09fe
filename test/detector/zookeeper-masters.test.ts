/**
 * The ZooKeeper detector against a real ZooKeeper server, with masters registered as Mesos
 * masters register: ephemeral sequential `json.info_` nodes holding their MasterInfo JSON.
 */
import { isLeft } from 'fp-ts/Either';
import * as zookeeper from 'node-zookeeper-client';
import {
  parseZkUrl,
  zookeeperMasters,
  type MasterDetector,
  type ZookeeperMastersOptions,
} from '../../src/detector';
import { encodeMessage } from '../../src/wire';
import { describeWithZooKeeper, ZooKeeperServer } from '../helpers/zookeeper-server';
import { digestOnly, loopbackMasterInfo, recordingLogger, tracked, until, ZkKit } from './zk-kit';

describeWithZooKeeper('zookeeperMasters against a real ZooKeeper', () => {
  let server: ZooKeeperServer;
  let kit: ZkKit;
  let folders = 0;
  const detectors: MasterDetector[] = [];
  const kits: ZkKit[] = [];

  beforeAll(async () => {
    server = await ZooKeeperServer.start();
    kit = await ZkKit.connect(server.connectString);
  });

  afterEach(async () => {
    for (const d of detectors.splice(0)) d.close();
    for (const k of kits.splice(0)) await k.close();
  });

  afterAll(async () => {
    await kit.close();
    await server.destroy();
  });

  /** A fresh folder for each test, so that no test sees another's masters. */
  const folder = (): string => `/t${++folders}/mesos`;

  function detector(
    path: string,
    options: ZookeeperMastersOptions = {},
    userInfo = '',
  ): MasterDetector {
    const url = parseZkUrl(`zk://${userInfo}${server.connectString}${path}`);
    if (isLeft(url)) throw url.left;
    const d = zookeeperMasters(url.right, options);
    detectors.push(d);
    return d;
  }

  it('answers the member with the smallest sequence; other nodes are ignored', async () => {
    const path = folder();
    await kit.mkdirp(`${path}/log_replicas`);
    const first = await kit.register(path, loopbackMasterInfo(5051));
    await kit.register(path, loopbackMasterInfo(5052));
    expect(first).toBe(`${path}/json.info_0000000001`); // log_replicas took sequence 0
    const d = detector(path);
    expect(await d.next({})).toBe('http://127.0.0.1:5051');
    // the answer does not move while the leader stays, whatever the hints say
    expect(await d.next({ failed: 'http://127.0.0.1:5051' })).toBe('http://127.0.0.1:5051');
    expect(await d.next({ leader: 'http://127.0.0.1:5052' })).toBe('http://127.0.0.1:5051');
  });

  it('reads legacy members too: a PID node and a binary MasterInfo node', async () => {
    const path = folder();
    await kit.mkdirp(path);
    // the oldest masters' nodes have no label: the name is the sequence alone
    const pidNode = await kit.create(
      `${path}/0000000000`,
      Buffer.from('master@127.0.0.1:5061'),
      zookeeper.CreateMode.EPHEMERAL,
    );
    const pb = encodeMessage(
      'mesos.v1.MasterInfo',
      { id: 'old', ip: 16777343, port: 5062 },
      'application/x-protobuf',
    );
    if (isLeft(pb)) throw pb.left;
    await kit.create(
      `${path}/info_`,
      Buffer.from(pb.right),
      zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
    );
    const d = detector(path);
    expect(await d.next({})).toBe('http://127.0.0.1:5061');
    const lost = new Promise<string>((resolve) => d.watch?.('http://127.0.0.1:5061', resolve));
    await kit.remove(pidNode);
    expect(await lost).toBe('http://127.0.0.1:5061 no longer leads');
    expect(await d.next({})).toBe('http://127.0.0.1:5062');
  });

  it('when the leader goes, watch() reports it lost and next() answers the next master', async () => {
    const path = folder();
    await kit.mkdirp(path);
    const first = await kit.register(path, loopbackMasterInfo(5071));
    await kit.register(path, loopbackMasterInfo(5072));
    const d = detector(path);
    const leader = await d.next({});
    expect(leader).toBe('http://127.0.0.1:5071');
    const reasons: string[] = [];
    d.watch?.(leader, (reason) => reasons.push(reason));
    const unwatched: string[] = [];
    d.watch?.(leader, (reason) => unwatched.push(reason))();
    await kit.remove(first);
    await until(() => reasons.length > 0, 'the leader to be reported lost');
    expect(await d.next({})).toBe('http://127.0.0.1:5072');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/no longer leads|leading master is now/);
    expect(unwatched).toEqual([]);
    // watching a master that does not lead reports it lost at once
    const stale = await new Promise<string>((resolve) => d.watch?.(leader, resolve));
    expect(stale).toContain('is not the leading master');
  });

  it('waits while no master leads: no folder yet, then an empty folder, then a member', async () => {
    const path = folder();
    const logger = recordingLogger();
    const d = detector(path, { logger });
    const answer = tracked(d.next({}));
    await until(
      () => logger.lines.some((l) => l.includes('no master has registered')),
      'the detector to see no folder',
    );
    await kit.mkdirp(`${path}/log_replicas`);
    await until(
      () => logger.lines.some((l) => l.includes('no master is registered')),
      'the detector to list the empty folder',
    );
    expect(answer.settled()).toBe(false);
    await kit.register(path, loopbackMasterInfo(5081));
    expect(await answer.promise).toBe('http://127.0.0.1:5081');
  });

  it('a leader whose node holds no usable MasterInfo fails next(); a usable one answers', async () => {
    const path = folder();
    await kit.mkdirp(path);
    const bad = await kit.create(
      `${path}/json.info_`,
      Buffer.from('{"id":"broken"}'),
      zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
    );
    const logger = recordingLogger();
    const d = detector(path, { logger });
    await expect(d.next({})).rejects.toMatchObject({
      _tag: 'DetectorError',
      code: 'INVALID_MASTER_INFO',
      retryable: true,
    });
    await kit.register(path, loopbackMasterInfo(5091)); // the broken one still leads
    await kit.remove(bad);
    await until(
      () => logger.lines.some((l) => l.startsWith('ZooKeeper: leading master')),
      'the usable master to lead',
    );
    expect(await d.next({})).toBe('http://127.0.0.1:5091');
  });

  it('digest credentials: reads a folder only its user may read, never showing the password', async () => {
    const path = folder();
    const secret = 'svc:s3cret';
    const owner = await ZkKit.connect(server.connectString, secret);
    kits.push(owner);
    await owner.mkdirp(path, digestOnly(secret));
    await owner.register(path, loopbackMasterInfo(5101), digestOnly(secret));

    const logger = recordingLogger();
    const anonymous = detector(path, { logger });
    const refused = await anonymous.next({}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'ZOOKEEPER_FAILED', zkCode: 'NO_AUTH' });

    const wrong = detector(path, { logger }, 'svc:wrong-password@');
    const alsoRefused = await wrong.next({}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(alsoRefused).toMatchObject({ code: 'ZOOKEEPER_FAILED', zkCode: 'NO_AUTH' });
    expect((alsoRefused as Error).message).not.toContain('wrong-password');

    const authorized = detector(path, { logger }, `${secret}@`);
    expect(await authorized.next({})).toBe('http://127.0.0.1:5101');
    expect(logger.lines.join('\n')).not.toMatch(/s3cret|wrong-password/);
  });

  it('close() settles a waiting next() with CLOSED and releases its connection', async () => {
    const sockets = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    await until(() => server.connections === 1, 'the earlier detectors to close'); // the kit's
    const before = sockets();
    const path = folder();
    const logger = recordingLogger();
    const d = detector(path, { logger });
    const answer = d.next({});
    await until(() => logger.lines.some((l) => l.includes('ZooKeeper connected')), 'a session');
    expect(server.connections).toBe(2);
    d.close();
    await expect(answer).rejects.toMatchObject({ _tag: 'DetectorError', code: 'CLOSED' });
    await expect(d.next({})).rejects.toMatchObject({ code: 'CLOSED' });
    await until(
      () => server.connections === 1 && sockets() <= before,
      'the detector to close its connection',
    );
  });
});

describeWithZooKeeper('zookeeperMasters when ZooKeeper goes away', () => {
  let server: ZooKeeperServer;
  let folders = 0;
  const detectors: MasterDetector[] = [];
  const kits: ZkKit[] = [];

  beforeAll(async () => {
    server = await ZooKeeperServer.start();
  });

  afterEach(async () => {
    for (const d of detectors.splice(0)) d.close();
    for (const k of kits.splice(0)) await k.close();
  });

  afterAll(async () => {
    await server.destroy();
  });

  /** The masters' client, and a fresh folder for this test's masters. */
  async function members(): Promise<{ readonly kit: ZkKit; readonly path: string }> {
    const kit = await ZkKit.connect(server.connectString);
    kits.push(kit);
    const path = `/g${++folders}/mesos`;
    await kit.mkdirp(path);
    return { kit, path };
  }

  function detector(
    path: string,
    options: ZookeeperMastersOptions = {},
    connectString = server.connectString,
  ): MasterDetector {
    const url = parseZkUrl(`zk://${connectString}${path}`);
    if (isLeft(url)) throw url.left;
    const d = zookeeperMasters(url.right, options);
    detectors.push(d);
    return d;
  }

  it('a restart (the session survives): the leader stays, and its watch still works', async () => {
    const { kit, path } = await members();
    const first = await kit.register(path, loopbackMasterInfo(5201));
    await kit.register(path, loopbackMasterInfo(5202));
    const logger = recordingLogger();
    const d = detector(path, { logger });
    expect(await d.next({})).toBe('http://127.0.0.1:5201');
    const reasons: string[] = [];
    d.watch?.('http://127.0.0.1:5201', (r) => reasons.push(r));

    await server.restart();
    const connections = (): number =>
      logger.lines.filter((l) => l.startsWith('ZooKeeper connected')).length;
    await until(() => connections() >= 2, 'the detector to reconnect');
    expect(reasons).toEqual([]); // a lost connection is not a lost leader
    expect(await d.next({})).toBe('http://127.0.0.1:5201');

    await kit.remove(first);
    await until(() => reasons.length > 0, 'the leader change after the restart');
    expect(reasons).toEqual(['http://127.0.0.1:5201 no longer leads']);
    expect(await d.next({})).toBe('http://127.0.0.1:5202');
  });

  it('a server that stops answering: the connection is made again, else the session given up', async () => {
    const { kit, path } = await members();
    const first = await kit.register(path, loopbackMasterInfo(5231));
    await kit.register(path, loopbackMasterInfo(5232));
    const logger = recordingLogger();
    const d = detector(path, { sessionTimeoutMs: 1000, logger });
    expect(await d.next({})).toBe('http://127.0.0.1:5231');
    const lost = new Promise<string>((resolve) => d.watch?.('http://127.0.0.1:5231', resolve));

    // the open connections die silently; new ones work: the change below reaches the detector
    // only if it notices and connects again
    server.hang();
    const other = await ZkKit.connect(server.connectString);
    kits.push(other);
    await other.remove(first);
    expect(await lost).toMatch(/no longer leads|session/);
    expect(await d.next({})).toBe('http://127.0.0.1:5232');
    expect(logger.lines.some((l) => l.startsWith('ZooKeeper stopped answering'))).toBe(true);

    // now new connections are taken and never answered either: no leader after the timeout
    const lostAgain = new Promise<string>((resolve) => d.watch?.('http://127.0.0.1:5232', resolve));
    server.hang({ newConnections: true });
    expect(await lostAgain).toBe('no connection to ZooKeeper for the session timeout');
    const answer = tracked(d.next({}));
    server.recover();
    expect(await answer.promise).toBe('http://127.0.0.1:5232'); // its master's session lives on
  });

  it('no connection for the session timeout: no leader until ZooKeeper is back', async () => {
    const { kit, path } = await members();
    await kit.register(path, loopbackMasterInfo(5221));
    const d = detector(path, { sessionTimeoutMs: 1000 });
    expect(await d.next({})).toBe('http://127.0.0.1:5221');
    const lost = new Promise<string>((resolve) => d.watch?.('http://127.0.0.1:5221', resolve));

    await server.stop();
    expect(await lost).toBe('no connection to ZooKeeper for the session timeout');
    const answer = tracked(d.next({}));
    await server.restart(); // same data: the members' session (10 s) is still valid
    expect(await answer.promise).toBe('http://127.0.0.1:5221');
  });

  // last: it wipes the server
  it('ZooKeeper lost its data (the old session cannot come back): no leader, then the new members', async () => {
    const { kit, path } = await members();
    await kit.register(path, loopbackMasterInfo(5211));
    const d = detector(path, { sessionTimeoutMs: 1000 });
    expect(await d.next({})).toBe('http://127.0.0.1:5211');
    const lost = new Promise<string>((resolve) => d.watch?.('http://127.0.0.1:5211', resolve));

    // the server refuses the old session (it has seen newer transactions than the server has)
    await server.restart({ wipe: true });
    expect(await lost).toMatch(/session/);
    const answer = tracked(d.next({}));
    const again = await ZkKit.connect(server.connectString); // the masters join again
    kits.push(again);
    await again.mkdirp(path);
    await again.register(path, loopbackMasterInfo(5212));
    expect(await answer.promise).toBe('http://127.0.0.1:5212');
  });
});
