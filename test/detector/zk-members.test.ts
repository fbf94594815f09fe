import { leaderOf, memberOf } from '../../src/detector';

describe('memberOf: the names Mesos masters give their nodes', () => {
  it.each([
    ['json.info_0000000012', { sequence: 12, format: 'json' }],
    ['info_0000000003', { sequence: 3, format: 'protobuf' }],
    ['0000000007', { sequence: 7, format: 'pid' }],
    ['json.info_2147483647', { sequence: 2147483647, format: 'json' }],
  ])('%s is a member', (name, member) => {
    expect(memberOf(name)).toEqual({ name, ...member });
  });

  it.each([
    'log_replicas',
    'json.info_',
    'json.info_12a',
    'json.info_2147483648',
    'other.label_0000000001',
    '',
  ])('%s is not a master member', (name) => {
    expect(memberOf(name)).toBeUndefined();
  });
});

describe('leaderOf', () => {
  it('is the member with the smallest sequence, whatever the order and the other nodes', () => {
    const children = [
      'json.info_0000000011',
      'log_replicas',
      'json.info_0000000009',
      'json.info_0000000010',
    ];
    expect(leaderOf(children)).toEqual({
      name: 'json.info_0000000009',
      sequence: 9,
      format: 'json',
    });
    expect(leaderOf([...children].reverse())?.name).toBe('json.info_0000000009');
  });

  it('compares sequences as numbers across the three formats', () => {
    expect(leaderOf(['json.info_0000000100', 'info_0000000020', '0000000003'])?.name).toBe(
      '0000000003',
    );
    expect(leaderOf(['json.info_0000000100', 'info_0000000020'])?.format).toBe('protobuf');
  });

  it('skips labels masters do not write, and finds no leader without members', () => {
    expect(leaderOf(['other_0000000001', 'json.info_0000000002'])?.sequence).toBe(2);
    expect(leaderOf(['log_replicas', 'other_0000000001'])).toBeUndefined();
    expect(leaderOf([])).toBeUndefined();
  });
});
