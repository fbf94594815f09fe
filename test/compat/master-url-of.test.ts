import { MasterAddressError, MesosSchedulerDriver, masterUrlOf } from '../../src/compat';

describe('masterUrlOf: the classic master addresses', () => {
  it.each([
    ['10.0.0.1:5050', 'http://10.0.0.1:5050'],
    ['master@m1.example.com:5050', 'http://m1.example.com:5050'],
    ['[::1]:5050', 'http://[::1]:5050'],
    ['http://m1:5050', 'http://m1:5050'],
    ['https://mesos.example.com/mesos', 'https://mesos.example.com/mesos'],
  ])('%s → %s', (given, url) => {
    expect(masterUrlOf(given)).toBe(url);
  });

  it.each([
    ['zk://zk1:2181,zk2:2181/mesos', 'ZOOKEEPER_NOT_SUPPORTED'],
    ['file:///etc/mesos/zk', 'FILE_NOT_SUPPORTED'],
    ['m1', 'INVALID_MASTER'],
    ['m1:0', 'INVALID_MASTER'],
    ['m1:70000', 'INVALID_MASTER'],
    ['', 'INVALID_MASTER'],
  ])('%s is refused with %s', (given, code) => {
    expect(() => masterUrlOf(given)).toThrow(MasterAddressError);
    try {
      masterUrlOf(given);
    } catch (e) {
      expect(e).toMatchObject({ _tag: 'MasterAddressError', code, master: given });
    }
  });

  it('the driver constructor throws the typed error for zk:// before connecting', () => {
    expect(
      () => new MesosSchedulerDriver({}, { name: 'x', user: 'y' }, 'zk://zk1:2181/mesos'),
    ).toThrow(/ZooKeeper master detection .* is not supported yet/);
  });
});
