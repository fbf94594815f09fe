import {
  acceptInverseOffers,
  acceptOffers,
  create,
  createDisk,
  declineInverseOffers,
  declineOffer,
  growVolume,
  killTask,
  launch,
  launchGroup,
  launchTasks,
  reconcileOperations,
  reconcileTasks,
  requestResources,
  reserve,
  reviveOffers,
  sendFrameworkMessage,
  shrinkVolume,
  suppressOffers,
  toCall,
  updateFramework,
  type Command,
} from '../../src/calls';
import type { ExecutorInfo, FrameworkInfo, Resource, TaskInfo } from '../../src/wire';
import { CONTENT_TYPES, F, overTheWire } from './call-fixtures';
import { CASES } from './fixture-cases';

const O1 = { value: 'O1' };
const O2 = { value: 'O2' };
const S1 = { value: 'S1' };
const cpus = (value: number): Resource => ({ name: 'cpus', type: 'SCALAR', scalar: { value } });
const task = (id: string): TaskInfo => ({
  name: id,
  task_id: { value: id },
  agent_id: S1,
  resources: [cpus(0.5)],
  command: { value: `run ${id}` },
});
const executor: ExecutorInfo = {
  type: 'DEFAULT',
  executor_id: { value: 'E1' },
  resources: [cpus(0.1)],
};
const volume: Resource = {
  name: 'disk',
  type: 'SCALAR',
  scalar: { value: 1024 },
  reservations: [{ type: 'DYNAMIC', role: 'r', principal: 'p' }],
  disk: { persistence: { id: 'v1' }, volume: { mode: 'RW', container_path: 'data' } },
};
const rawDisk: Resource = {
  provider_id: { value: 'P1' },
  name: 'disk',
  type: 'SCALAR',
  scalar: { value: 10240 },
  disk: { source: { type: 'RAW', vendor: 'org.example', id: 'd1' } },
};
const info: FrameworkInfo = { user: 'svc', name: 'fw', roles: ['a', 'b'] };

/** Builder calls without a fixture of their own, and the edge cases of those with one. */
const MORE: readonly (readonly [string, Command])[] = [
  ['launchTasks, several offers and tasks', launchTasks([O1, O2], [task('t1'), task('t2')])],
  ['launchTasks, one task', launchTasks(O1, task('t1'))],
  ['launchTasks, no task', launchTasks(O1, [])],
  ['acceptOffers, no operation', acceptOffers(O1, [], { refuse_seconds: 60 })],
  [
    'acceptOffers, operations in order',
    acceptOffers(O1, [
      reserve([volume], { id: { value: 'op-1' }, source: [cpus(1)] }),
      create([volume]),
      launch(task('t1')),
      launchGroup(executor, { tasks: [task('g1'), task('g2')] }),
      growVolume(volume, cpus(1), { id: { value: 'op-2' } }),
      shrinkVolume(volume, { value: 256 }),
      createDisk(rawDisk, 'MOUNT', { targetProfile: 'fast', id: { value: 'op-3' } }),
      createDisk(rawDisk, 'BLOCK'),
    ]),
  ],
  ['declineOffer, no filters', declineOffer(O1)],
  ['declineOffer, no offers', declineOffer([])],
  ['declineInverseOffers', declineInverseOffers([O1, O2], { refuse_seconds: 600 })],
  ['acceptInverseOffers, filters', acceptInverseOffers([O1], { refuse_seconds: 0 })],
  ['killTask, task only', killTask({ value: 't1' })],
  ['reviveOffers, one role', reviveOffers('a')],
  ['suppressOffers, two roles', suppressOffers(['a', 'b'])],
  ['reconcileTasks, no argument', reconcileTasks()],
  ['reconcileOperations, all', reconcileOperations()],
  ['requestResources, none', requestResources([])],
  ['updateFramework, info only', updateFramework(info)],
  [
    'sendFrameworkMessage, bytes',
    sendFrameworkMessage({ value: 'E1' }, S1, new Uint8Array([0, 255, 10])),
  ],
];

describe('every command survives the wire', () => {
  const all = [...CASES.map(([name, build]) => [name, build()] as const), ...MORE].flatMap(
    ([name, command]) => CONTENT_TYPES.map((ct) => [name, ct, command] as const),
  );

  it.each(all)('%s, as %s: stamped, encoded and decoded, it is unchanged', (_, ct, command) => {
    expect(overTheWire(command, ct)).toEqual(toCall(command, F));
  });
});

describe('the builders', () => {
  it('take one id or a list of them alike', () => {
    expect(declineOffer(O1)).toEqual(declineOffer([O1]));
    expect(launchTasks(O1, task('t'))).toEqual(launchTasks([O1], [task('t')]));
    expect(acceptInverseOffers(O1)).toEqual(acceptInverseOffers([O1]));
    expect(declineInverseOffers(O1)).toEqual(declineInverseOffers([O1]));
    expect(reviveOffers('a')).toEqual(reviveOffers(['a']));
    expect(suppressOffers('a')).toEqual(suppressOffers(['a']));
    expect(launch(task('t'))).toEqual(launch([task('t')]));
  });

  it('launchTasks is an ACCEPT with one LAUNCH, as acceptOffers would make it', () => {
    const tasks = [task('t1'), task('t2')];
    const filters = { refuse_seconds: 10 };
    expect(launchTasks([O1, O2], tasks, filters)).toEqual(
      acceptOffers([O1, O2], [launch(tasks)], filters),
    );
    expect(launchTasks(O1, tasks)).toEqual({
      type: 'ACCEPT',
      accept: {
        offer_ids: [O1],
        operations: [{ type: 'LAUNCH', launch: { task_infos: tasks } }],
      },
    });
  });

  it('leave out what was not given, and empty lists, as the decoder does', () => {
    expect(declineOffer(O1)).toEqual({ type: 'DECLINE', decline: { offer_ids: [O1] } });
    expect(Object.keys(declineOffer(O1).decline)).toEqual(['offer_ids']);
    expect(killTask({ value: 't' })).toEqual({ type: 'KILL', kill: { task_id: { value: 't' } } });
    expect(Object.keys(killTask({ value: 't' }).kill)).toEqual(['task_id']);
    expect(reviveOffers([])).toEqual({ type: 'REVIVE' });
    expect(suppressOffers()).toEqual({ type: 'SUPPRESS' });
    expect(reconcileTasks()).toEqual({ type: 'RECONCILE', reconcile: {} });
    expect(reconcileOperations([])).toEqual({
      type: 'RECONCILE_OPERATIONS',
      reconcile_operations: {},
    });
    expect(requestResources([])).toEqual({ type: 'REQUEST', request: {} });
    expect(launchTasks(O1, [])).toEqual({
      type: 'ACCEPT',
      accept: { offer_ids: [O1], operations: [{ type: 'LAUNCH', launch: {} }] },
    });
    expect(updateFramework(info, { suppressedRoles: [] })).toEqual({
      type: 'UPDATE_FRAMEWORK',
      update_framework: { framework_info: info },
    });
  });

  it('never share a list with the caller', () => {
    const ids = [O1];
    const tasks = [task('t1')];
    const roles = ['a'];
    const cmds = [declineOffer(ids), launchTasks(ids, tasks), reviveOffers(roles)];
    const before = JSON.stringify(cmds);
    ids.push(O2);
    tasks.push(task('t2'));
    roles.push('b');
    expect(JSON.stringify(cmds)).toBe(before);
  });

  it('reconcileTasks and reconcileOperations send only the identifying fields', () => {
    const status = {
      task_id: { value: 't1' },
      agent_id: S1,
      state: 'TASK_RUNNING' as const,
      uuid: 'Wh8MPpsnTY6mxC9+kdA7WA==',
    };
    expect(reconcileTasks([status, task('t2')])).toEqual({
      type: 'RECONCILE',
      reconcile: {
        tasks: [
          { task_id: { value: 't1' }, agent_id: S1 },
          { task_id: { value: 't2' }, agent_id: S1 },
        ],
      },
    });
    const op = { operation_id: { value: 'op' }, state: 'OPERATION_FINISHED' as const };
    expect(reconcileOperations([op])).toEqual({
      type: 'RECONCILE_OPERATIONS',
      reconcile_operations: { operations: [{ operation_id: { value: 'op' } }] },
    });
  });

  it('sendFrameworkMessage sends text as UTF-8 and bytes as they are, in base64', () => {
    const text = sendFrameworkMessage({ value: 'E' }, S1, 'Jürgen ✓');
    expect(Buffer.from(text.message.data, 'base64').toString('utf8')).toBe('Jürgen ✓');
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = backing.subarray(2, 5);
    expect(sendFrameworkMessage({ value: 'E' }, S1, view).message.data).toBe(
      Buffer.from([1, 2, 3]).toString('base64'),
    );
    expect(sendFrameworkMessage({ value: 'E' }, S1, '').message.data).toBe('');
  });

  it('the operations take an id except LAUNCH and LAUNCH_GROUP', () => {
    const id = { value: 'op' };
    expect(reserve([cpus(1)], { id }).id).toBe(id);
    expect(growVolume(volume, cpus(1), { id }).id).toBe(id);
    expect(createDisk(rawDisk, 'MOUNT', { id }).id).toBe(id);
    expect('id' in reserve([cpus(1)])).toBe(false);
    expect('id' in launch(task('t'))).toBe(false);
    expect('id' in launchGroup(executor, [task('t')])).toBe(false);
  });

  it('operation payloads use the proto field names', () => {
    expect(shrinkVolume(volume, 512)).toEqual({
      type: 'SHRINK_VOLUME',
      shrink_volume: { volume, subtract: { value: 512 } },
    });
    expect(createDisk(rawDisk, 'BLOCK', { targetProfile: 'p' })).toEqual({
      type: 'CREATE_DISK',
      create_disk: { source: rawDisk, target_type: 'BLOCK', target_profile: 'p' },
    });
    expect(launchGroup(executor, { tasks: [task('a')] })).toEqual(
      launchGroup(executor, [task('a')]),
    );
    expect(launchGroup(executor, {})).toEqual({
      type: 'LAUNCH_GROUP',
      launch_group: { executor, task_group: {} },
    });
    expect(reserve([volume], { source: [cpus(1)] })).toEqual({
      type: 'RESERVE',
      reserve: { source: [cpus(1)], resources: [volume] },
    });
  });
});
