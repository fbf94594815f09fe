import { isLeft, isRight } from 'fp-ts/Either';
import { DetectorError, isZkUrl, parseZkUrl, redactZkUrl, type ZkUrl } from '../../src/detector';

function parsed(text: string): ZkUrl {
  const r = parseZkUrl(text);
  if (isLeft(r)) throw r.left;
  return r.right;
}

function refused(text: string): DetectorError {
  const r = parseZkUrl(text);
  if (isRight(r)) throw new Error(`${text} parsed: ${JSON.stringify(r.right)}`);
  return r.left;
}

describe('parseZkUrl', () => {
  it('reads the servers in order and the path', () => {
    const url = parsed('zk://zk1.example.internal:2181,10.0.0.2:2182,[::1]:2183/mesos');
    expect(url.servers).toEqual([
      { host: 'zk1.example.internal', port: 2181 },
      { host: '10.0.0.2', port: 2182 },
      { host: '[::1]', port: 2183 },
    ]);
    expect(url.path).toBe('/mesos');
    expect(url.credentials).toBeUndefined();
    expect(url.display).toBe('zk://zk1.example.internal:2181,10.0.0.2:2182,[::1]:2183/mesos');
  });

  it('keeps a nested path, drops a trailing slash, and gives a server without port 2181', () => {
    const url = parsed('  zk://zk1/clusters/prod/mesos/  ');
    expect(url.servers).toEqual([{ host: 'zk1', port: 2181 }]);
    expect(url.path).toBe('/clusters/prod/mesos');
  });

  it('reads digest credentials up to the last @, and masks the password in display', () => {
    const url = parsed('zk://svc:p@ss:word@zk1:2181,zk2:2181/mesos');
    expect(url.credentials).toEqual({ scheme: 'digest', user: 'svc', password: 'p@ss:word' });
    expect(url.servers.map((s) => s.host)).toEqual(['zk1', 'zk2']);
    expect(url.display).toBe('zk://svc:***@zk1:2181,zk2:2181/mesos');
  });

  it.each([
    ['zk://zk1:2181', /a path is required/],
    ['zk://zk1:2181/', /a path is required/],
    ['zk://zk1:2181//', /a path is required|not a ZooKeeper path/],
    ['zk://zk1:2181/a//b', /not a ZooKeeper path/],
    ['zk://zk1:2181/a/../b', /not a ZooKeeper path/],
    ['zk:///mesos', /no ZooKeeper server/],
    ['zk://zk1:0/mesos', /bad port/],
    ['zk://zk1:65536/mesos', /bad port/],
    ['zk://zk1:2181,/mesos', /is not host:port/],
    ['zk://zk 1:2181/mesos', /is not host:port/],
    ['zk://nopassword@zk1:2181/mesos', /user:password/],
    ['http://zk1:2181/mesos', /must start with zk:\/\//],
  ])('refuses %s', (text, why) => {
    const e = refused(text);
    expect(e).toBeInstanceOf(DetectorError);
    expect(e.code).toBe('INVALID_ZK_URL');
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(why);
  });

  it('never shows the password in an error', () => {
    const e = refused('zk://svc:s3cret@zk1:99999/mesos');
    expect(e.message).toContain('zk://svc:***@zk1:99999/mesos');
    expect(e.message).not.toContain('s3cret');
  });
});

describe('isZkUrl and redactZkUrl', () => {
  it('tells zk:// addresses from the others', () => {
    expect(['zk://a/b', ' ZK://a/b', 'zk://'].map(isZkUrl)).toEqual([true, true, true]);
    expect(['http://a', 'a:5050', 'file:///zk', ''].map(isZkUrl)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('masks the credentials of any zk:// text, even one that does not parse', () => {
    expect(redactZkUrl('zk://u:secret@h:2181/p')).toBe('zk://u:***@h:2181/p');
    expect(redactZkUrl('zk://secret@h')).toBe('zk://***@h');
    expect(redactZkUrl('zk://h:2181/p@x')).toBe('zk://h:2181/p@x');
    expect(redactZkUrl('http://u:p@h')).toBe('http://u:p@h');
  });
});
