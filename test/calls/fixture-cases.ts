/**
 * The call fixtures (test/fixtures/calls/*.json) paired with the builder calls that make them,
 * their nested payloads (tasks, resources, framework info) taken from the fixtures themselves.
 */
import {
  acceptInverseOffers,
  acceptOffers,
  acknowledgeOperationStatus,
  acknowledgeStatusUpdate,
  create,
  destroy,
  destroyDisk,
  declineOffer,
  killTask,
  launchGroup,
  launchTasks,
  reconcileOperations,
  reconcileTasks,
  requestResources,
  reserve,
  reviveOffers,
  seconds,
  sendFrameworkMessage,
  shrinkVolume,
  shutdownExecutor,
  suppressOffers,
  teardown,
  unreserve,
  updateFramework,
  type Command,
} from '../../src/calls';
import {
  JSON_CT,
  fixtureCallOf,
  fixtureOperation,
  fixtureOperationStatus,
  fixtureStatus,
  ok,
} from './call-fixtures';

// The ids of the fixtures (test/fixtures/calls/*.json), written out as a caller would.
export const CLUSTER = '4f8d2a71-3c6e-4b9a-a1f2-7d3e9c0b5a14';
const offerId = (n: number) => ({ value: `${CLUSTER}-O${n}` });
const agentId = (n: number) => ({ value: `${CLUSTER}-S${n}` });
const PROVIDER = { value: '7d2c90e4-5b1a-4f3e-8c6d-1e9f0a2b3c4d' };
const ETL_TASK = { value: 'etl-nightly.7c2e9a10-4b3f-11ef-9a51-0242ac110002' };
const EXECUTOR = { value: 'orca-executor-0c1d' };

/** Each call fixture and the builder call that should make it (its payloads reused). */
export const CASES: readonly (readonly [fixture: string, build: () => Command])[] = [
  ['teardown', () => teardown()],
  [
    'accept-launch',
    () => {
      const { launch } = fixtureOperation('accept-launch', 'LAUNCH');
      return launchTasks(offerId(41), launch.task_infos ?? [], { refuse_seconds: 5 });
    },
  ],
  [
    'accept-launch_group',
    () => {
      const { launch_group } = fixtureOperation('accept-launch_group', 'LAUNCH_GROUP');
      const tasks = launch_group.task_group.tasks ?? [];
      return acceptOffers(offerId(42), [launchGroup(launch_group.executor, tasks)], {
        refuse_seconds: 30,
      });
    },
  ],
  [
    'accept-reserve',
    () => {
      const op = fixtureOperation('accept-reserve', 'RESERVE');
      return acceptOffers(
        [offerId(42)],
        [reserve(op.reserve.resources ?? [], { id: { value: 'op-reserve-0001' } })],
      );
    },
  ],
  [
    'accept-unreserve',
    () => {
      const op = fixtureOperation('accept-unreserve', 'UNRESERVE');
      return acceptOffers(offerId(42), [
        unreserve(op.unreserve.resources ?? [], { id: { value: 'op-unreserve-0001' } }),
      ]);
    },
  ],
  [
    'accept-create',
    () => {
      const op = fixtureOperation('accept-create', 'CREATE');
      return acceptOffers(offerId(42), [
        create(op.create.volumes ?? [], { id: { value: 'op-create-0001' } }),
      ]);
    },
  ],
  [
    'accept-destroy',
    () => {
      const op = fixtureOperation('accept-destroy', 'DESTROY');
      return acceptOffers(offerId(42), [
        destroy(op.destroy.volumes ?? [], { id: { value: 'op-destroy-0001' } }),
      ]);
    },
  ],
  [
    'accept-shrink_volume',
    () => {
      const op = fixtureOperation('accept-shrink_volume', 'SHRINK_VOLUME');
      return acceptOffers(offerId(42), [
        shrinkVolume(op.shrink_volume.volume, 512, { id: { value: 'op-shrink-0001' } }),
      ]);
    },
  ],
  [
    'accept-destroy_disk',
    () => {
      const op = fixtureOperation('accept-destroy_disk', 'DESTROY_DISK');
      return acceptOffers(offerId(43), [
        destroyDisk(op.destroy_disk.source, { id: { value: 'op-destroy-disk-0001' } }),
      ]);
    },
  ],
  ['decline', () => declineOffer([offerId(42), offerId(43)], { refuse_seconds: 3600 })],
  ['accept_inverse_offers', () => acceptInverseOffers(offerId(44))],
  ['revive-all-roles', () => reviveOffers()],
  ['revive', () => reviveOffers(['ml'])],
  ['suppress-all-roles', () => suppressOffers([])],
  ['suppress', () => suppressOffers('analytics')],
  [
    'kill',
    () => killTask(ETL_TASK, { agentId: agentId(1), killPolicy: { grace_period: seconds(5) } }),
  ],
  ['shutdown', () => shutdownExecutor(EXECUTOR, agentId(1))],
  [
    'acknowledge',
    () => ok(acknowledgeStatusUpdate(fixtureStatus('update-running-with-uuid', JSON_CT))),
  ],
  [
    'acknowledge_operation_status',
    () =>
      ok(
        acknowledgeOperationStatus(
          fixtureOperationStatus('update_operation_status-with-uuid', JSON_CT),
        ),
      ),
  ],
  [
    'reconcile',
    () =>
      reconcileTasks([
        // a whole TaskStatus: only task_id and agent_id are sent
        { ...fixtureStatus('update-running-with-uuid', JSON_CT), task_id: ETL_TASK },
        { task_id: { value: 'etl-nightly.1b93d4f2-4b3f-11ef-9a51-0242ac110002' } },
      ]),
  ],
  ['reconcile-implicit', () => reconcileTasks([])],
  [
    'reconcile_operations',
    () =>
      reconcileOperations([
        {
          operation_id: { value: 'op-create-disk-0001' },
          agent_id: agentId(2),
          resource_provider_id: PROVIDER,
        },
        { operation_id: { value: 'op-reserve-0001' }, agent_id: agentId(1) },
      ]),
  ],
  [
    'message',
    () => sendFrameworkMessage(EXECUTOR, agentId(1), '{"cmd":"flush","deadline_ms":2500}'),
  ],
  [
    'request',
    () =>
      requestResources([
        {
          agent_id: agentId(0),
          resources: [
            { name: 'cpus', type: 'SCALAR', scalar: { value: 4 } },
            { name: 'mem', type: 'SCALAR', scalar: { value: 8192 } },
          ],
        },
      ]),
  ],
  [
    'update_framework',
    () => {
      const { update_framework: u } = fixtureCallOf('update_framework', 'UPDATE_FRAMEWORK');
      return updateFramework(u.framework_info, {
        suppressedRoles: ['ml', 'reporting'],
        ...(u.offer_constraints === undefined ? {} : { offerConstraints: u.offer_constraints }),
      });
    },
  ],
];
