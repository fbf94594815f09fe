import { isLeft, isRight, type Either } from 'fp-ts/Either';
import {
  ipv4OfMasterInfo,
  masterUrlFromInfo,
  masterUrlFromPid,
  masterUrlOfMember,
  type DetectorError,
  type ZkMember,
} from '../../src/detector';
import { encodeMessage, type MasterInfo } from '../../src/wire';

function ok(r: Either<DetectorError, string>): string {
  if (isLeft(r)) throw r.left;
  return r.right;
}

function failure(r: Either<DetectorError, string>): DetectorError {
  if (isRight(r)) throw new Error(`expected a failure, got ${r.right}`);
  return r.left;
}

/** A MasterInfo as a master writes it, each source of its address pointing elsewhere. */
const INFO: MasterInfo = {
  id: '4f8d2a71-3c6e-4b9a-a1f2-7d3e9c0b5a14',
  ip: 184614922, // 10.0.1.11
  port: 5050,
  pid: 'master@10.0.1.12:5051',
  hostname: 'mesos-master-1.example.internal',
  version: '1.11.0',
  address: { hostname: 'mesos-master-1.example.internal', ip: '10.0.1.13', port: 5052 },
};

describe('masterUrlFromInfo', () => {
  it('prefers the address: its ip, else its hostname, with its port', () => {
    expect(ok(masterUrlFromInfo(INFO))).toBe('http://10.0.1.13:5052');
    const { ip: _ip, ...named } = INFO.address ?? { port: 0 };
    expect(ok(masterUrlFromInfo({ ...INFO, address: named }))).toBe(
      'http://mesos-master-1.example.internal:5052',
    );
    expect(ok(masterUrlFromInfo({ ...INFO, address: { ip: 'fd00::5', port: 5050 } }))).toBe(
      'http://[fd00::5]:5050',
    );
  });

  it('then the pid, then ip and port (the ip bytes in network order, read little-endian)', () => {
    const { address: _a, ...noAddress } = INFO;
    expect(ok(masterUrlFromInfo(noAddress))).toBe('http://10.0.1.12:5051');
    const { pid: _p, ...bare } = noAddress;
    expect(ok(masterUrlFromInfo(bare))).toBe('http://10.0.1.11:5050');
    expect(ok(masterUrlFromInfo({ ...bare, address: { port: 5052 } }))).toBe(
      'http://10.0.1.11:5050',
    );
  });

  it('uses the scheme asked for', () => {
    expect(ok(masterUrlFromInfo(INFO, { scheme: 'https' }))).toBe('https://10.0.1.13:5052');
  });

  it('is an INVALID_MASTER_INFO error without any usable address', () => {
    const e = failure(masterUrlFromInfo({ id: 'm9', ip: 0, port: 5050, pid: 'garbage' }));
    expect(e.code).toBe('INVALID_MASTER_INFO');
    expect(e.message).toContain('m9');
  });
});

describe('ipv4OfMasterInfo and masterUrlFromPid', () => {
  it.each([
    [184614922, '10.0.1.11'],
    [16777343, '127.0.0.1'],
    [0xffffffff, '255.255.255.255'],
    [-1, '255.255.255.255'],
  ])('%d is %s', (ip, text) => {
    expect(ipv4OfMasterInfo(ip)).toBe(text);
  });

  it('reads master@host:port', () => {
    expect(ok(masterUrlFromPid('master@10.0.0.1:5050'))).toBe('http://10.0.0.1:5050');
    expect(ok(masterUrlFromPid('master@[::1]:5050', { scheme: 'https' }))).toBe(
      'https://[::1]:5050',
    );
    for (const bad of ['10.0.0.1:5050', 'master@10.0.0.1', 'master@0.0.0.0:5050', 'master@h:0'])
      expect(failure(masterUrlFromPid(bad)).code).toBe('INVALID_MASTER_INFO');
  });
});

describe('masterUrlOfMember: the data of each kind of node', () => {
  const member = (format: ZkMember['format']): ZkMember => ({
    name: 'n_0000000001',
    sequence: 1,
    format,
  });

  it('json.info: the MasterInfo as JSON, keys sorted as masters write them', () => {
    const json =
      '{"address":{"hostname":"localhost","ip":"127.0.0.1","port":5050},' +
      '"capabilities":[{"type":"AGENT_UPDATE"},{"type":"QUOTA_V2"}],"hostname":"localhost",' +
      '"id":"m1","ip":16777343,"pid":"master@127.0.0.1:5050","port":5050,"version":"1.11.0"}';
    expect(ok(masterUrlOfMember(member('json'), Buffer.from(json)))).toBe('http://127.0.0.1:5050');
  });

  it('info: the MasterInfo as binary protobuf', () => {
    const bytes = encodeMessage('mesos.v1.MasterInfo', INFO, 'application/x-protobuf');
    if (isLeft(bytes)) throw bytes.left;
    expect(ok(masterUrlOfMember(member('protobuf'), bytes.right))).toBe('http://10.0.1.13:5052');
  });

  it('no label: the PID as text', () => {
    expect(ok(masterUrlOfMember(member('pid'), Buffer.from('master@10.0.0.7:5050')))).toBe(
      'http://10.0.0.7:5050',
    );
  });

  it.each([
    ['json', '{"id":"m1"'],
    ['json', '{"id":"m1","port":5050}'],
    ['json', ''],
    ['protobuf', '\u00ff\u00ff'],
    ['pid', 'not a pid'],
  ] as const)('%s data %j is an INVALID_MASTER_INFO error naming the node', (format, data) => {
    const e = failure(masterUrlOfMember(member(format), Buffer.from(data, 'latin1')));
    expect(e.code).toBe('INVALID_MASTER_INFO');
    expect(e.message).toContain('n_0000000001');
  });
});
