/**
 * ACCEPT as the master runs it (spec §5; `Master::accept` and `Master::_accept`): validate
 * the offers, check and normalise every operation, then run the operations in order against
 * the pool of the offers' resources. Unused resources go back, filtered for the framework on
 * that agent by `filters.refuse_seconds`.
 *
 * @module
 */
import type {
  Call,
  ExecutorID,
  ExecutorInfo,
  Filters,
  Offer,
  OperationStatus,
  Resource,
  TaskInfo,
  TaskStatus,
} from '../../../wire';
import {
  addResources,
  containsResources,
  formatResources,
  isShared,
  subtractResources,
} from '../../../offers';
import type { SimFramework } from '../sim-framework';
import { masterTaskStatus, operationError } from './master-status';
import { acceptOffersProblem, type OfferLookup } from './offer-validation';
import {
  createProblem,
  destroyProblem,
  growProblem,
  reserveProblem,
  shrinkProblem,
  unreserveProblem,
  type OperatingFramework,
} from './operation-validation';
import { normalizeOperation, operationResourcesProblem } from './operation-resources';
import { applyConversions, conversionsOf, type Conversion } from './resource-conversions';
import type { SimAgent } from './sim-agent';
import type { SimOffer } from './sim-offer';
import { groupConsumes, taskGroupProblem } from './task-group-validation';
import { launchConsumes, launchTaskProblem, type TaskCheckContext } from './task-validation';

/**
 * One task handed to the task tracker; `group` is shared by the tasks of one LAUNCH_GROUP.
 *
 * @example
 * ```ts
 * const l: Launch = { task, executor: task.executor };
 * ```
 */
export interface Launch {
  readonly task: TaskInfo;
  readonly executor?: ExecutorInfo;
  readonly group?: string;
}

/**
 * What ACCEPT needs from the cluster.
 *
 * @example
 * ```ts
 * processAccept(cluster.acceptEnv(), fw, call.accept);
 * ```
 */
export interface AcceptEnv extends OfferLookup {
  /** Seconds since the epoch. */
  now(): number;
  agent(id: string): SimAgent | undefined;
  /** Removes an offer; its resources are free again (no filter, no event). */
  removeOffer(offer: SimOffer): void;
  /** Rescinds an offer (RESCIND to its framework). */
  rescindOffer(offer: SimOffer): void;
  /** Outstanding offers on an agent. */
  offersOn(agentId: string): readonly SimOffer[];
  sendUpdate(fw: SimFramework, status: TaskStatus): void;
  sendOperationStatus(fw: SimFramework, status: OperationStatus): void;
  hasTask(fw: SimFramework, taskId: string): boolean;
  executorsOn(fw: SimFramework, agentId: string): readonly ExecutorID[];
  nextGroupId(): string;
  /** Applies speculative conversions to the agent's total resources. */
  applyToAgent(agent: SimAgent, conversions: readonly Conversion[]): void;
  /** Marks resources used by the framework's tasks and executors on the agent. */
  use(fw: SimFramework, agent: SimAgent, resources: readonly Resource[]): void;
  launch(fw: SimFramework, agent: SimAgent, launches: readonly Launch[]): void;
  addFilter(
    fw: SimFramework,
    role: string,
    agentId: string,
    resources: readonly Resource[],
    filters: Filters | undefined,
  ): void;
}

function tasksOf(op: Offer.Operation): readonly TaskInfo[] {
  if (op.type === 'LAUNCH') return op.launch.task_infos ?? [];
  if (op.type === 'LAUNCH_GROUP') return op.launch_group.task_group.tasks ?? [];
  return [];
}

function drop(env: AcceptEnv, fw: SimFramework, op: Offer.Operation, message: string): void {
  if (op.id !== undefined) env.sendOperationStatus(fw, operationError(op.id, message));
}

function failTasks(
  env: AcceptEnv,
  fw: SimFramework,
  tasks: readonly TaskInfo[],
  state: TaskStatus['state'],
  reason: TaskStatus.Reason,
  message: string,
): void {
  for (const task of tasks)
    env.sendUpdate(fw, masterTaskStatus(task, state, reason, message, env.now()));
}

function rejectInvalidOffers(
  env: AcceptEnv,
  fw: SimFramework,
  accept: Call.Accept,
  problem: string,
): void {
  for (const { value } of accept.offer_ids ?? []) {
    const offer = env.offer(value);
    if (offer !== undefined && offer.frameworkId === fw.id) env.removeOffer(offer);
  }
  const state = fw.hasCapability('PARTITION_AWARE') ? 'TASK_DROPPED' : 'TASK_LOST';
  for (const op of accept.operations ?? []) {
    if (op.type !== 'LAUNCH' && op.type !== 'LAUNCH_GROUP') {
      drop(env, fw, op, `Operation attempted with invalid offers: ${problem}`);
      continue;
    }
    failTasks(
      env,
      fw,
      tasksOf(op),
      state,
      'REASON_INVALID_OFFERS',
      `Task launched with invalid offers: ${problem}`,
    );
  }
}

/** Checks resources and feedback requests; the operations that go on, normalised. */
function screenOperations(
  env: AcceptEnv,
  fw: SimFramework,
  agentId: string,
  role: string,
  operations: readonly Offer.Operation[],
): Offer.Operation[] {
  const kept: Offer.Operation[] = [];
  for (const op of operations) {
    let problem = operationResourcesProblem(op);
    if (problem === undefined && op.type === 'RESERVE' && (op.reserve.source ?? []).length > 0) {
      problem = 'Reservation updates are not yet implemented for the scheduler API.';
    }
    if (problem !== undefined) {
      if (op.type === 'LAUNCH')
        failTasks(env, fw, tasksOf(op), 'TASK_ERROR', 'REASON_TASK_INVALID', problem);
      else if (op.type === 'LAUNCH_GROUP') {
        failTasks(env, fw, tasksOf(op), 'TASK_ERROR', 'REASON_TASK_GROUP_INVALID', problem);
      } else if (op.type !== 'UNKNOWN') {
        drop(env, fw, op, `Operation attempted with invalid resources: ${problem}`);
      }
      continue;
    }
    if (op.id !== undefined) {
      if (op.type === 'LAUNCH') {
        failTasks(
          env,
          fw,
          tasksOf(op),
          'TASK_ERROR',
          'REASON_TASK_INVALID',
          'The `id` field cannot be set on LAUNCH operations',
        );
      } else if (op.type === 'LAUNCH_GROUP') {
        failTasks(
          env,
          fw,
          tasksOf(op),
          'TASK_ERROR',
          'REASON_TASK_GROUP_INVALID',
          'The `id` field cannot be set on LAUNCH_GROUP operations',
        );
      } else if (op.type !== 'UNKNOWN') {
        drop(
          env,
          fw,
          op,
          `Operation requested feedback, but agent ${agentId} does not have the required RESOURCE_PROVIDER capability`,
        );
      }
      continue;
    }
    kept.push(prepare(normalizeOperation(op, role), fw));
  }
  return kept;
}

/** LAUNCH: executors get the framework id; LAUNCH_GROUP: tasks get the group's executor. */
function prepare(op: Offer.Operation, fw: SimFramework): Offer.Operation {
  if (op.type === 'LAUNCH') {
    const task_infos = (op.launch.task_infos ?? []).map((t) =>
      t.executor === undefined || t.executor.framework_id !== undefined
        ? t
        : { ...t, executor: { ...t.executor, framework_id: { value: fw.id } } },
    );
    return { ...op, launch: { task_infos } };
  }
  if (op.type === 'LAUNCH_GROUP') {
    const executor = op.launch_group.executor;
    const tasks = (op.launch_group.task_group.tasks ?? []).map((t) =>
      t.executor === undefined ? { ...t, executor } : t,
    );
    return {
      ...op,
      launch_group: { executor, task_group: { ...op.launch_group.task_group, tasks } },
    };
  }
  return op;
}

/** The state of the operations loop. */
class Pool {
  remaining: Resource[];
  /** Shared resources offered, kept whole for task validation. */
  shared: Resource[];
  resized: Resource[] = [];
  readonly launches: { readonly launches: Launch[] }[] = [];
  readonly taskIds = new Set<string>();
  readonly executorIds = new Set<string>();

  constructor(readonly offered: readonly Resource[]) {
    this.remaining = [...offered];
    this.shared = offered.filter(isShared);
  }
}

function operatingFramework(fw: SimFramework): OperatingFramework {
  return {
    id: fw.id,
    principal: fw.info.principal,
    roles: fw.roles,
    hasCapability: (t) => fw.hasCapability(t),
  };
}

function runSpeculative(
  env: AcceptEnv,
  fw: SimFramework,
  agent: SimAgent,
  op: Offer.Operation,
  problem: string | undefined,
  pool: Pool,
): void {
  if (problem !== undefined) {
    drop(env, fw, op, `${problem}; on agent ${agent.describe()}`);
    return;
  }
  const conversions = conversionsOf(op);
  const result = applyConversions(pool.remaining, conversions);
  if (typeof result === 'string') {
    drop(env, fw, op, result);
    return;
  }
  pool.remaining = result;
  env.applyToAgent(agent, conversions);
}

function runResize(
  env: AcceptEnv,
  fw: SimFramework,
  agent: SimAgent,
  op: Offer.Operation,
  problem: string | undefined,
  pool: Pool,
): void {
  if (problem !== undefined) {
    drop(env, fw, op, `${problem}; on agent ${agent.describe()}`);
    return;
  }
  const [conversion] = conversionsOf(op);
  if (conversion === undefined) return;
  if (!containsResources(pool.remaining, conversion.consumed)) {
    drop(
      env,
      fw,
      op,
      `Invalid ${op.type} operation: ${formatResources(pool.remaining)} does not contain ${formatResources(addResources([], conversion.consumed))}`,
    );
    return;
  }
  pool.remaining = subtractResources(pool.remaining, conversion.consumed);
  pool.resized = addResources(pool.resized, conversion.converted);
  env.applyToAgent(agent, [conversion]);
}

function runLaunch(
  env: AcceptEnv,
  fw: SimFramework,
  agent: SimAgent,
  tasks: readonly TaskInfo[],
  ctx: TaskCheckContext,
  pool: Pool,
): void {
  const launches: Launch[] = [];
  for (const task of tasks) {
    const available = addResources(
      pool.remaining.filter((r) => !isShared(r)),
      pool.shared,
    );
    const problem = launchTaskProblem(task, ctx, available);
    if (problem !== undefined) {
      failTasks(env, fw, [task], 'TASK_ERROR', 'REASON_TASK_INVALID', problem);
      continue;
    }
    const consumed = launchConsumes(task, ctx);
    if (task.executor !== undefined) pool.executorIds.add(task.executor.executor_id.value);
    pool.taskIds.add(task.task_id.value);
    pool.remaining = subtractResources(pool.remaining, consumed);
    env.use(fw, agent, consumed);
    launches.push(task.executor === undefined ? { task } : { task, executor: task.executor });
  }
  pool.launches.push({ launches });
}

function runLaunchGroup(
  env: AcceptEnv,
  fw: SimFramework,
  agent: SimAgent,
  op: Extract<Offer.Operation, { type: 'LAUNCH_GROUP' }>,
  ctx: TaskCheckContext,
  pool: Pool,
): void {
  const { executor, task_group: group } = op.launch_group;
  const tasks = group.tasks ?? [];
  const problem = taskGroupProblem(group, executor, ctx, pool.remaining);
  if (problem !== undefined) {
    failTasks(env, fw, tasks, 'TASK_ERROR', 'REASON_TASK_GROUP_INVALID', problem);
    return;
  }
  const consumed = groupConsumes(group, executor, ctx);
  pool.executorIds.add(executor.executor_id.value);
  for (const t of tasks) pool.taskIds.add(t.task_id.value);
  pool.remaining = subtractResources(pool.remaining, consumed);
  env.use(fw, agent, consumed);
  const id = env.nextGroupId();
  pool.launches.push({ launches: tasks.map((task) => ({ task, executor, group: id })) });
}

function runOperation(
  env: AcceptEnv,
  fw: SimFramework,
  agent: SimAgent,
  op: Offer.Operation,
  ctx: TaskCheckContext,
  pool: Pool,
): void {
  const framework = operatingFramework(fw);
  switch (op.type) {
    case 'LAUNCH':
      runLaunch(env, fw, agent, op.launch.task_infos ?? [], ctx, pool);
      return;
    case 'LAUNCH_GROUP':
      runLaunchGroup(env, fw, agent, op, ctx, pool);
      return;
    case 'RESERVE':
      runSpeculative(env, fw, agent, op, reserveProblem(op.reserve, framework), pool);
      return;
    case 'UNRESERVE':
      runSpeculative(env, fw, agent, op, unreserveProblem(op.unreserve), pool);
      return;
    case 'CREATE':
      runSpeculative(env, fw, agent, op, createProblem(op.create, agent.total, framework), pool);
      pool.shared = pool.remaining.filter(isShared);
      return;
    case 'DESTROY': {
      const problem = destroyProblem(op.destroy, agent.total, [...agent.used.values()]);
      if (problem === undefined) {
        for (const offer of [...env.offersOn(agent.id)]) {
          if ((op.destroy.volumes ?? []).some((v) => containsResources(offer.resources, [v]))) {
            env.rescindOffer(offer);
          }
        }
      }
      runSpeculative(env, fw, agent, op, problem, pool);
      pool.shared = pool.remaining.filter(isShared);
      return;
    }
    case 'GROW_VOLUME':
      runResize(env, fw, agent, op, growProblem(op.grow_volume), pool);
      return;
    case 'SHRINK_VOLUME':
      runResize(env, fw, agent, op, shrinkProblem(op.shrink_volume), pool);
      return;
    case 'CREATE_DISK':
    case 'DESTROY_DISK':
      drop(
        env,
        fw,
        op,
        `Not supported on agent ${agent.describe()} because it does not have RESOURCE_PROVIDER capability`,
      );
      return;
    case 'UNKNOWN':
      return;
  }
}

/**
 * Runs an ACCEPT call of `fw` (its HTTP answer, 202, is already given).
 *
 * @example
 * ```ts
 * processAccept(env, fw, call.accept);
 * ```
 */
export function processAccept(env: AcceptEnv, fw: SimFramework, accept: Call.Accept): void {
  const ids = accept.offer_ids ?? [];
  const problem = acceptOffersProblem(ids, fw.id, env);
  const offers = ids.map((id) => env.offer(id.value)).filter((o) => o !== undefined);
  const first = offers[0];
  const agent = first === undefined ? undefined : env.agent(first.agentId);
  if (problem !== undefined || first === undefined || agent === undefined) {
    rejectInvalidOffers(env, fw, accept, problem ?? 'No offers specified');
    return;
  }
  const operations = screenOperations(env, fw, agent.id, first.role, accept.operations ?? []);
  let offered: Resource[] = [];
  for (const offer of offers) {
    offered = addResources(offered, offer.resources);
    env.removeOffer(offer);
  }
  const pool = new Pool(offered);
  const running = env.executorsOn(fw, agent.id);
  const ctx: TaskCheckContext = {
    frameworkId: fw.id,
    agentId: agent.id,
    hasTask: (id) => pool.taskIds.has(id) || env.hasTask(fw, id),
    hasExecutor: (id) => pool.executorIds.has(id) || running.some((e) => e.value === id),
  };
  for (const op of operations) runOperation(env, fw, agent, op, ctx, pool);
  const converted = subtractResources(addResources(pool.remaining, pool.resized), offered);
  const declined = subtractResources(pool.remaining, converted);
  if (declined.length > 0) env.addFilter(fw, first.role, agent.id, declined, accept.filters);
  for (const { launches } of pool.launches)
    if (launches.length > 0) env.launch(fw, agent, launches);
}
