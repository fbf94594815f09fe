/* eslint-disable @typescript-eslint/no-deprecated -- offers for frameworks without RESERVATION_REFINEMENT carry `role` */
import {
  addResources,
  allocateResources,
  containsQuantities,
  containsResources,
  downgradeResource,
  formatResource,
  formatResources,
  isAllocatableTo,
  isStrictSubrole,
  normalizeResources,
  popReservation,
  pushReservation,
  rangesOf,
  resourcesEqual,
  scalarSum,
  subtractResources,
  toUnreserved,
  unallocateResources,
  upgradeResource,
  validateResource,
  validateResources,
  validateRole,
} from '../../src/offers';
import type { Resource } from '../../src/wire';

const cpus = (value: number, extra: Partial<Resource> = {}): Resource => ({
  name: 'cpus',
  type: 'SCALAR',
  scalar: { value },
  ...extra,
});
const mem = (value: number): Resource => ({ name: 'mem', type: 'SCALAR', scalar: { value } });
const ports = (b: number, e: number): Resource => ({
  name: 'ports',
  type: 'RANGES',
  ranges: rangesOf([[b, e]]),
});
const reserved = (role: string, type: 'STATIC' | 'DYNAMIC' = 'STATIC') => ({
  reservations: [{ type, role }],
});
const volume = (id: string, extra: Partial<Resource> = {}): Resource => ({
  name: 'disk',
  type: 'SCALAR',
  scalar: { value: 10 },
  reservations: [{ type: 'DYNAMIC', role: 'db' }],
  disk: { persistence: { id }, volume: { mode: 'RW', container_path: 'data' } },
  ...extra,
});

describe('resource lists', () => {
  it('add merges resources of the same identity and keeps others apart', () => {
    expect(addResources([cpus(1), mem(128)], [cpus(0.5), cpus(2, reserved('web'))])).toEqual([
      cpus(1.5),
      mem(128),
      cpus(2, reserved('web')),
    ]);
    expect(addResources([ports(1, 5)], [ports(6, 9)])).toEqual([ports(1, 9)]);
  });

  it('the allocation role, reservations, revocable and provider are part of the identity', () => {
    const list = normalizeResources([
      cpus(1),
      cpus(1, { allocation_info: { role: 'a' } }),
      cpus(1, reserved('a')),
      cpus(1, { revocable: {} }),
      cpus(1, { provider_id: { value: 'p' } }),
    ]);
    expect(list).toHaveLength(5);
  });

  it('subtract takes quantities away, never below zero, and ignores what is not there', () => {
    expect(
      subtractResources([cpus(4), ports(31000, 32000)], [cpus(1), ports(31000, 31000)]),
    ).toEqual([cpus(3), ports(31001, 32000)]);
    expect(subtractResources([cpus(1)], [cpus(2)])).toEqual([]);
    expect(subtractResources([cpus(1)], [mem(2), cpus(1, reserved('x'))])).toEqual([cpus(1)]);
  });

  it('contains checks each resource against one of the same identity', () => {
    expect(containsResources([cpus(4), mem(1024)], [cpus(0.5), mem(1024)])).toBe(true);
    expect(containsResources([cpus(4)], [cpus(4.001)])).toBe(false);
    expect(containsResources([cpus(4)], [cpus(4.0004)])).toBe(true);
    expect(containsResources([cpus(4)], [cpus(1, reserved('web'))])).toBe(false);
    expect(containsResources([ports(31000, 31010)], [ports(31005, 31011)])).toBe(false);
    expect(containsResources([cpus(2), cpus(2)], [cpus(3)])).toBe(true);
    expect(resourcesEqual([cpus(1), cpus(1)], [cpus(2)])).toBe(true);
  });

  it('persistent volumes are never merged and count once each', () => {
    const v1 = volume('v1');
    expect(addResources([v1], [volume('v2')])).toHaveLength(2);
    expect(containsResources([v1], [v1, v1])).toBe(false);
    expect(
      containsResources(
        [v1],
        [
          volume('v1', {
            disk: {
              persistence: { id: 'v1' },
              volume: { mode: 'RW', container_path: 'elsewhere' },
            },
          }),
        ],
      ),
    ).toBe(true);
    expect(containsResources([v1], [volume('v2')])).toBe(false);
  });

  it('shared volumes are counted by copies', () => {
    const shared = volume('s', { shared: {} });
    expect(addResources([shared], [shared])).toEqual([shared, shared]);
    expect(containsResources([shared, shared], [shared, shared])).toBe(true);
    expect(containsResources([shared], [shared, shared])).toBe(false);
    expect(subtractResources([shared, shared], [shared])).toEqual([shared]);
  });

  it('drops invalid and empty resources', () => {
    expect(
      normalizeResources([
        cpus(-1),
        cpus(0),
        mem(0.0001),
        { name: '', type: 'SCALAR', scalar: { value: 1 } },
        cpus(1),
      ]),
    ).toEqual([cpus(1)]);
  });

  it('sums scalars and counts quantities', () => {
    expect(scalarSum([cpus(1.5), cpus(0.25, reserved('x')), mem(1)], 'cpus')).toBe(1.75);
    expect(containsQuantities([cpus(0.005), mem(64)], { mem: 32 })).toBe(true);
    expect(containsQuantities([cpus(0.005)], { cpus: 0.01 })).toBe(false);
    expect(containsQuantities([ports(1, 10)], { ports: 10 })).toBe(true);
  });

  it('allocates, unallocates, pushes and pops reservations', () => {
    expect(allocateResources([cpus(1)], 'web')).toEqual([
      cpus(1, { allocation_info: { role: 'web' } }),
    ]);
    expect(unallocateResources([cpus(1, { allocation_info: { role: 'web' } }), cpus(1)])).toEqual([
      cpus(2),
    ]);
    const dynamic = { type: 'DYNAMIC' as const, role: 'web', principal: 'ops' };
    expect(pushReservation([cpus(1)], dynamic)).toEqual([cpus(1, { reservations: [dynamic] })]);
    expect(popReservation([cpus(1, { reservations: [dynamic] })])).toEqual([cpus(1)]);
    expect(toUnreserved([cpus(1, reserved('a')), cpus(1, reserved('b'))])).toEqual([cpus(2)]);
  });
});

describe('reservation formats', () => {
  it('upgrade: role * is unreserved, a role alone is STATIC, with reservation DYNAMIC', () => {
    expect(upgradeResource(cpus(1, { role: '*' }))).toEqual(cpus(1));
    expect(upgradeResource(cpus(1, { role: 'web' }))).toEqual(cpus(1, reserved('web')));
    expect(upgradeResource(cpus(1, { role: 'web', reservation: { principal: 'p' } }))).toEqual(
      cpus(1, { reservations: [{ type: 'DYNAMIC', role: 'web', principal: 'p' }] }),
    );
    expect(
      upgradeResource(cpus(1, { role: 'web', reservations: [{ type: 'STATIC', role: 'web' }] })),
    ).toEqual(cpus(1, reserved('web')));
  });

  it('downgrade is the inverse, and refuses refined reservations', () => {
    for (const r of [
      cpus(1),
      cpus(1, reserved('web')),
      cpus(1, { reservations: [{ type: 'DYNAMIC', role: 'web', principal: 'p' }] }),
    ]) {
      expect(upgradeResource(downgradeResource(r)!)).toEqual(r);
    }
    expect(downgradeResource(cpus(1))).toEqual(cpus(1, { role: '*' }));
    expect(
      downgradeResource(
        cpus(1, {
          reservations: [
            { type: 'STATIC', role: 'a' },
            { type: 'DYNAMIC', role: 'a/b' },
          ],
        }),
      ),
    ).toBeUndefined();
  });

  it('allocatable to the reservation role and its sub-roles', () => {
    expect(isAllocatableTo(cpus(1), 'any')).toBe(true);
    expect(isAllocatableTo(cpus(1, reserved('eng')), 'eng/web')).toBe(true);
    expect(isAllocatableTo(cpus(1, reserved('eng')), 'engineering')).toBe(false);
    expect(isStrictSubrole('eng/web', 'eng')).toBe(true);
    expect(isStrictSubrole('eng', 'eng')).toBe(false);
  });
});

describe('validation', () => {
  it.each<[Resource, string | undefined]>([
    [cpus(1), undefined],
    [cpus(0), undefined],
    [cpus(-1), 'Invalid scalar resource: value <= 0'],
    [cpus(0.0001), 'Invalid scalar resource: value <= 0'],
    [{ name: 'cpus', type: 'SCALAR' }, 'Invalid scalar resource'],
    [
      { name: 'ports', type: 'RANGES', ranges: rangesOf([[2, 1]]) },
      'Invalid ranges resource: begin > end',
    ],
    [
      { name: 'gpus', type: 'SET', set: { item: ['a', 'a'] } },
      'Invalid set resource: duplicated elements',
    ],
    [{ name: 't', type: 'TEXT' }, 'Unsupported resource type'],
    [cpus(1, { disk: {} }), 'DiskInfo should not be set for cpus resource'],
    [
      cpus(1, { role: '*', reservation: {} }),
      'Invalid reservation: role "*" cannot be dynamically reserved',
    ],
    [
      cpus(1, { reservations: [{ role: 'a' }] }),
      "Invalid reservation: 'Resource.ReservationInfo.type' field must be set.",
    ],
    [
      cpus(1, { reservations: [{ type: 'STATIC', role: '*' }] }),
      'Invalid reservation: role "*" cannot be reserved',
    ],
    [
      cpus(1, {
        reservations: [
          { type: 'STATIC', role: 'a' },
          { type: 'DYNAMIC', role: 'b' },
        ],
      }),
      "Invalid refined reservation: role 'b' is not a refinement of 'a'",
    ],
    [
      cpus(1, {
        reservations: [
          { type: 'STATIC', role: 'a' },
          { type: 'STATIC', role: 'a/b' },
        ],
      }),
      'Invalid refined reservation: A refined reservation cannot be STATIC',
    ],
    [
      cpus(1, { role: 'b', reservations: [{ type: 'STATIC', role: 'a' }] }),
      "Invalid resource format: 'Resource.role' field with 'b' does not match the role 'a' in 'Resource.reservations'",
    ],
    [cpus(1, { shared: {} }), 'Resource cpus cannot be shared'],
  ])('%j → %s', (resource, problem) => {
    expect(validateResource(resource)).toBe(problem);
  });

  it('names the resource in a list', () => {
    expect(validateResources([cpus(1), cpus(-2)])).toBe(
      "Resource 'cpus:-2' is invalid: Invalid scalar resource: value <= 0",
    );
  });

  it.each([
    ['*', undefined],
    ['web/prod', undefined],
    ['/a', "Role '/a' cannot start with a slash"],
    ['a/', "Role 'a/' cannot end with a slash"],
    ['a//b', "Role 'a//b' cannot contain two adjacent slashes"],
    ['', 'Role names cannot be the empty string'],
    ['a/..', "Role 'a/..' cannot include '..' as a component"],
    ['a/*', "Role 'a/*' cannot include '*' as a component"],
    ['-a', "Role component '-a' is invalid because it starts with a dash"],
    ['a b', "Role component 'a b' is invalid because it contains backspace or whitespace"],
  ])('role %j → %s', (role, problem) => {
    expect(validateRole(role)).toBe(problem);
  });
});

describe('printing', () => {
  it('prints resources as the master does', () => {
    expect(
      formatResources([
        cpus(1.5, { allocation_info: { role: '*' } }),
        { ...ports(31000, 31002), allocation_info: { role: '*' } },
        cpus(2, {
          reservations: [
            {
              type: 'DYNAMIC',
              role: 'db',
              principal: 'ops',
              labels: { labels: [{ key: 'k', value: 'v' }] },
            },
          ],
        }),
        volume('data', { shared: {} }),
        cpus(1, { revocable: {} }),
        { name: 'gpus', type: 'SET', set: { item: ['a', 'b'] } },
      ]),
    ).toBe(
      'cpus(allocated: *):1.5; ports(allocated: *):[31000-31002]; cpus(reservations: [(DYNAMIC,db,ops,{k: v})]):2; ' +
        'disk(reservations: [(DYNAMIC,db)])[data:data]<SHARED>:10; cpus{REV}:1; gpus:{a, b}',
    );
    expect(formatResources([])).toBe('{}');
    expect(
      formatResource({
        name: 'disk',
        type: 'SCALAR',
        scalar: { value: 5 },
        disk: { source: { type: 'MOUNT', mount: { root: '/mnt' } } },
      }),
    ).toBe('disk[MOUNT:/mnt]:5');
  });
});
