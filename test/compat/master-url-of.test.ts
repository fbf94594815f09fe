import { MasterAddressError, MesosSchedulerDriver, masterUrlOf } from '../../src/compat';
import { DetectorError } from '../../src/detector';

describe('masterUrlOf: the classic master addresses', () => {
  it.each([
    ['10.0.0.1:5050', 'http://10.0.0.1:5050'],
    ['master@m1.example.com:5050', 'http://m1.example.com:5050'],
    ['[::1]:5050', 'http://[::1]:5050'],
    ['http://m1:5050', 'http://m1:5050'],
    ['https://mesos.example.com/mesos', 'https://mesos.example.com/mesos'],
    ['zk://zk1:2181,zk2:2181/mesos', 'zk://zk1:2181,zk2:2181/mesos'],
    [' zk://svc:s3cret@zk1:2181/mesos ', 'zk://svc:s3cret@zk1:2181/mesos'],
  ])('%s → %s', (given, url) => {
    expect(masterUrlOf(given)).toBe(url);
  });

  it.each([
    ['zk://zk1:2181/', 'INVALID_ZK_URL'],
    ['zk://zk1:2181', 'INVALID_ZK_URL'],
    ['zk://zk1:99999/mesos', 'INVALID_ZK_URL'],
    ['file:///etc/mesos/zk', 'FILE_NOT_SUPPORTED'],
    ['m1', 'INVALID_MASTER'],
    ['m1:0', 'INVALID_MASTER'],
    ['m1:70000', 'INVALID_MASTER'],
    ['', 'INVALID_MASTER'],
  ])('%s is refused with %s', (given, code) => {
    let thrown: unknown;
    try {
      masterUrlOf(given);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MasterAddressError);
    expect(thrown).toMatchObject({ _tag: 'MasterAddressError', code, master: given });
  });

  it('a bad zk:// URL is refused with the parse error as the cause, its password masked', () => {
    let thrown: unknown;
    try {
      masterUrlOf('zk://svc:s3cret@zk1:2181/');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MasterAddressError);
    const e = thrown as MasterAddressError;
    expect(e.code).toBe('INVALID_ZK_URL');
    expect(e.master).toBe('zk://svc:***@zk1:2181/');
    expect(e.message).toContain('a path is required');
    expect(e.cause).toBeInstanceOf(DetectorError);
    expect(`${e.message} ${e.master} ${String(e.cause)}`).not.toContain('s3cret');
  });

  it('the driver constructor takes a zk:// master without connecting, and refuses a bad one', () => {
    const driver = new MesosSchedulerDriver({}, { name: 'x', user: 'y' }, 'zk://127.0.0.1:1/mesos');
    expect(driver.status).toBe('DRIVER_NOT_STARTED');
    expect(() => new MesosSchedulerDriver({}, { name: 'x', user: 'y' }, 'zk://zk1:2181')).toThrow(
      /a path is required/,
    );
  });
});
