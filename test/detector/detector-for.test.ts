import { DetectorError, detectorFor } from '../../src/detector';

describe('detectorFor', () => {
  it('gives the static list for URLs and host:port, nothing connecting', async () => {
    const one = detectorFor('m1:5050');
    expect('watch' in one).toBe(false);
    expect(await one.next({})).toBe('http://m1:5050');
    const list = detectorFor(['http://m1:5050', 'm2:5050']);
    expect(await list.next({})).toBe('http://m1:5050');
    expect(await list.next({ failed: 'http://m1:5050' })).toBe('http://m2:5050');
  });

  it('gives a ZooKeeper detector for zk://, alone or as a list of one, lazily', async () => {
    for (const master of ['zk://127.0.0.1:1/mesos', ['zk://127.0.0.1:1/mesos']]) {
      const d = detectorFor(master);
      expect(typeof d.watch).toBe('function');
      d.close(); // never connected: nothing to release
      await expect(d.next({})).rejects.toMatchObject({ _tag: 'DetectorError', code: 'CLOSED' });
    }
  });

  it('throws a typed error for a bad zk:// URL or one mixed with other masters', () => {
    expect(() => detectorFor('zk://zk1:2181/')).toThrow(DetectorError);
    expect(() => detectorFor('zk://u:s3cret@zk1:2181')).toThrow(/zk:\/\/u:\*\*\*@zk1:2181/);
    let thrown: unknown;
    try {
      detectorFor(['m1:5050', 'zk://u:s3cret@zk1:2181/mesos']);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ _tag: 'DetectorError', code: 'INVALID_MASTER' });
    expect((thrown as Error).message).not.toContain('s3cret');
  });
});
