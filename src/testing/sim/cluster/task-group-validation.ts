/**
 * The master's validation of a LAUNCH_GROUP operation (`validation::task::group::validate`):
 * every task, the executor, and the resources of the whole group. The `share_cgroups`
 * consistency rules and executor-command validation are not checked.
 *
 * @module
 */
import type { ExecutorInfo, Resource, TaskGroupInfo, TaskInfo } from '../../../wire';
import { addResources, containsResources, formatResources, scalarSum } from '../../../offers';
import { deepEqual } from './deep-equal';
import {
  formatDouble,
  formatMegabytes,
  overlapping,
  persistenceIdProblem,
  revocableMixProblem,
} from './resource-checks';
import { executorProblem, taskProblem, type TaskCheckContext } from './task-validation';

const MIN_CPUS = 0.01;
const MIN_MEM = 32;

function groupTaskProblem(task: TaskInfo, ctx: TaskCheckContext): string | undefined {
  const problem = taskProblem(task, ctx);
  if (problem !== undefined) return problem;
  if (task.executor === undefined) return "'TaskInfo.executor' must be set";
  const container = task.container;
  if (container !== undefined) {
    const type = task.health_check?.type;
    if ((container.network_infos ?? []).length > 0 && (type === 'HTTP' || type === 'TCP')) {
      return "HTTP and TCP health checks are not supported for nested containers not joining parent's network";
    }
    if (container.type === 'DOCKER') return 'Docker ContainerInfo is not supported on the task';
  }
  if (Object.keys(task.limits ?? {}).length > 0 && container?.linux_info?.share_cgroups !== false) {
    return "Resource limits may only be set for tasks within a task group when the 'share_cgroups' field is set to 'false'.";
  }
  return undefined;
}

/**
 * What a task group takes from the offer: its tasks' resources, plus its executor's when the
 * executor is not running yet.
 *
 * @example
 * ```ts
 * groupConsumes(group, executor, ctx);
 * ```
 */
export function groupConsumes(
  group: TaskGroupInfo,
  executor: ExecutorInfo,
  ctx: TaskCheckContext,
): Resource[] {
  let total: Resource[] = [];
  for (const t of group.tasks ?? []) total = addResources(total, t.resources ?? []);
  if (!ctx.hasExecutor(executor.executor_id.value)) {
    total = addResources(total, executor.resources ?? []);
  }
  return total;
}

function groupExecutorProblem(
  group: TaskGroupInfo,
  executor: ExecutorInfo,
  ctx: TaskCheckContext,
  available: readonly Resource[],
): string | undefined {
  const general = executorProblem(executor, ctx);
  if (general !== undefined) return general;
  if (executor.type === undefined) return "'ExecutorInfo.type' must be set";
  if (executor.type === 'UNKNOWN') return 'Unknown executor type';
  if (executor.container?.type === 'DOCKER') {
    return 'Docker ContainerInfo is not supported on the executor';
  }
  const id = executor.executor_id.value;
  for (const t of group.tasks ?? []) {
    if (t.executor !== undefined && !deepEqual(t.executor, executor)) {
      return `The \`ExecutorInfo\` of task '${t.task_id.value}' is different from executor '${id}'`;
    }
  }
  const resources = executor.resources ?? [];
  const hasCpus = resources.some((r) => r.name === 'cpus' && r.type === 'SCALAR');
  const cpus = scalarSum(resources, 'cpus');
  if (!hasCpus || cpus < MIN_CPUS) {
    return `Executor '${id}' uses less CPUs (${hasCpus ? formatDouble(cpus) : 'None'}) than the minimum required (${formatDouble(MIN_CPUS)})`;
  }
  const hasMem = resources.some((r) => r.name === 'mem' && r.type === 'SCALAR');
  const mem = Math.trunc(scalarSum(resources, 'mem'));
  if (!hasMem || mem < MIN_MEM) {
    return `Executor '${id}' uses less memory (${hasMem ? formatMegabytes(mem) : 'None'}) than the minimum required (${formatMegabytes(MIN_MEM)})`;
  }
  if (!resources.some((r) => r.name === 'disk' && r.type === 'SCALAR')) {
    return `Executor '${id}' uses no disk`;
  }
  let all: Resource[] = [...resources];
  for (const t of group.tasks ?? []) all = addResources(all, t.resources ?? []);
  const ids = persistenceIdProblem(all);
  if (ids !== undefined) return `Task group and executor use duplicate persistence ID: ${ids}`;
  const mix = revocableMixProblem(all);
  if (mix !== undefined) {
    return `Task group and executor mix revocable and non-revocable resources: ${mix}`;
  }
  const taskResources = (group.tasks ?? []).map((t) => t.resources ?? []);
  if (overlapping([...taskResources, resources])) {
    return `There are overlapping resources in the task group's task resources ${JSON.stringify(taskResources)} and/or executor resources ${JSON.stringify(resources)}`;
  }
  const total = groupConsumes(group, executor, ctx);
  if (!containsResources(available, total)) {
    return `Total resources ${formatResources(total)} required by task group and its executor are more than available ${formatResources(addResources([], available))}`;
  }
  return undefined;
}

/**
 * Everything the master checks on a LAUNCH_GROUP, given what is still available from the
 * offers; the first problem, or undefined when the group may be launched.
 *
 * @example
 * ```ts
 * taskGroupProblem(group, executor, ctx, remaining); // "Executor 'e' uses no disk"
 * ```
 */
export function taskGroupProblem(
  group: TaskGroupInfo,
  executor: ExecutorInfo,
  ctx: TaskCheckContext,
  available: readonly Resource[],
): string | undefined {
  for (const task of group.tasks ?? []) {
    const problem = groupTaskProblem(task, ctx);
    if (problem !== undefined) return `Task '${task.task_id.value}' is invalid: ${problem}`;
  }
  return groupExecutorProblem(group, executor, ctx, available);
}
