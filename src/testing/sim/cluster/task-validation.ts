/**
 * The master's validation of the tasks of a LAUNCH operation (`validation::task::validate`),
 * with its messages. Checks, health checks, command and container infos, and the
 * compatibility of an executor with a running one of the same id are not validated.
 *
 * @module
 */
import type { ExecutorInfo, Resource, TaskInfo } from '../../../wire';
import {
  addResources,
  containsResources,
  formatResources,
  isShared,
  scalarSum,
} from '../../../offers';
import { idProblem } from './mesos-id';
import {
  overlapping,
  persistenceIdProblem,
  resourcesProblem,
  revocableMixProblem,
  singleRoleProblem,
} from './resource-checks';

/**
 * What task validation needs to know about the framework and agent.
 *
 * @example
 * ```ts
 * const ctx: TaskCheckContext = { frameworkId: 'F', agentId: 'S0', hasTask: () => false, hasExecutor: () => false };
 * ```
 */
export interface TaskCheckContext {
  readonly frameworkId: string;
  readonly agentId: string;
  /** Whether the framework already has a task with this id (running or launched in this call). */
  hasTask(taskId: string): boolean;
  /** Whether the framework's executor already runs on the agent (or was launched in this call). */
  hasExecutor(executorId: string): boolean;
}

function negative(nanoseconds: string | undefined): boolean {
  return nanoseconds !== undefined && BigInt(nanoseconds) < 0n;
}

function resourcesOfTaskProblem(resources: readonly Resource[]): string | undefined {
  if (resources.length === 0) return 'Task uses no resources';
  const invalid = resourcesProblem(resources);
  if (invalid !== undefined) return `Task uses invalid resources: ${invalid}`;
  const ids = persistenceIdProblem(resources);
  if (ids !== undefined) return `Task uses duplicate persistence ID: ${ids}`;
  const role = singleRoleProblem(resources);
  if (role !== undefined) return `Invalid task resources: ${role}`;
  const mix = revocableMixProblem(resources);
  if (mix !== undefined) return `Task mixes revocable and non-revocable resources: ${mix}`;
  return undefined;
}

function limitsProblem(task: TaskInfo): string | undefined {
  const limits = task.limits ?? {};
  const names = Object.keys(limits);
  if (names.length === 0) return undefined;
  if (names.some((n) => n !== 'cpus' && n !== 'mem')) {
    return "Only cpus and mem may be included in a task's resource limits";
  }
  const resources = task.resources ?? [];
  const cpuLimit = limits.cpus;
  if (cpuLimit !== undefined) {
    if (!resources.some((r) => r.name === 'cpus')) {
      return 'When a CPU limit is specified, a CPU request must also be specified';
    }
    if (cpuLimit.value < scalarSum(resources, 'cpus')) {
      return 'The cpu limit must be greater than or equal to the cpu request';
    }
  }
  const memLimit = limits.mem;
  if (memLimit !== undefined) {
    if (!resources.some((r) => r.name === 'mem')) {
      return 'When a memory limit is specified, a memory request must also be specified';
    }
    if (
      Number.isFinite(memLimit.value) &&
      memLimit.value < Math.trunc(scalarSum(resources, 'mem'))
    ) {
      return 'The memory limit must be greater than or equal to the memory request';
    }
  }
  return undefined;
}

/**
 * The checks every task gets, in the master's order: id, unique id, agent id, kill policy,
 * maximum completion time, resources, resource limits.
 *
 * @example
 * ```ts
 * taskProblem(task, ctx); // 'Task has duplicate ID: web-1'
 * ```
 */
export function taskProblem(task: TaskInfo, ctx: TaskCheckContext): string | undefined {
  const id = task.task_id.value;
  const idError = idProblem(id);
  if (idError !== undefined) return idError;
  if (ctx.hasTask(id)) return `Task has duplicate ID: ${id}`;
  if (task.agent_id.value !== ctx.agentId) {
    return `Task uses invalid agent ${task.agent_id.value} while agent ${ctx.agentId} is expected`;
  }
  if (negative(task.kill_policy?.grace_period?.nanoseconds)) {
    return "Task's 'kill_policy.grace_period' must be non-negative";
  }
  if (negative(task.max_completion_time?.nanoseconds)) {
    return "Task's `max_completion_time` must be non-negative";
  }
  return resourcesOfTaskProblem(task.resources ?? []) ?? limitsProblem(task);
}

/**
 * The checks of an executor given with a task or a task group
 * (`executor::internal::validate`, without the compatibility check).
 *
 * @example
 * ```ts
 * executorProblem(executor, ctx); // "'ExecutorInfo.framework_id' must be set"
 * ```
 */
export function executorProblem(executor: ExecutorInfo, ctx: TaskCheckContext): string | undefined {
  switch (executor.type) {
    case 'DEFAULT':
      if (executor.command !== undefined) {
        return "'ExecutorInfo.command' must not be set for 'DEFAULT' executor";
      }
      if (executor.container !== undefined) {
        if (executor.container.type !== 'MESOS') {
          return "'ExecutorInfo.container.type' must be 'MESOS' for 'DEFAULT' executor";
        }
        if (executor.container.mesos?.image !== undefined) {
          return "'ExecutorInfo.container.mesos.image' must not be set for 'DEFAULT' executor";
        }
      }
      break;
    case 'CUSTOM':
      if (executor.command === undefined) {
        return "'ExecutorInfo.command' must be set for 'CUSTOM' executor";
      }
      break;
    case 'UNKNOWN':
    case undefined:
      break;
  }
  const idError = idProblem(executor.executor_id.value);
  if (idError !== undefined) return idError;
  if (negative(executor.shutdown_grace_period?.nanoseconds)) {
    return "ExecutorInfo's 'shutdown_grace_period' must be non-negative";
  }
  if (executor.framework_id === undefined) return "'ExecutorInfo.framework_id' must be set";
  if (executor.framework_id.value !== ctx.frameworkId) {
    return `ExecutorInfo has an invalid FrameworkID (Actual: ${executor.framework_id.value} vs Expected: ${ctx.frameworkId})`;
  }
  const resources = executor.resources ?? [];
  const invalid = resourcesProblem(resources);
  if (invalid !== undefined) return `Executor uses invalid resources: ${invalid}`;
  const ids = persistenceIdProblem(resources);
  if (ids !== undefined) return `Executor uses duplicate persistence ID: ${ids}`;
  const role = singleRoleProblem(resources);
  if (role !== undefined) return `Invalid executor resources: ${role}`;
  const mix = revocableMixProblem(resources);
  if (mix !== undefined) return `Executor mixes revocable and non-revocable resources: ${mix}`;
  return undefined;
}

/**
 * What a launch takes from the offer: the task's resources, plus its executor's when the
 * executor is not running yet.
 *
 * @example
 * ```ts
 * launchConsumes(task, ctx);
 * ```
 */
export function launchConsumes(task: TaskInfo, ctx: TaskCheckContext): Resource[] {
  const executor = task.executor;
  const withExecutor =
    executor !== undefined && !ctx.hasExecutor(executor.executor_id.value)
      ? (executor.resources ?? [])
      : [];
  return addResources(task.resources ?? [], withExecutor);
}

function launchExecutorProblem(
  task: TaskInfo,
  ctx: TaskCheckContext,
  available: readonly Resource[],
): string | undefined {
  const executor = task.executor;
  if ((executor === undefined) === (task.command === undefined)) {
    return 'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present';
  }
  if (executor !== undefined) {
    const problem = executorProblem(executor, ctx);
    if (problem !== undefined) return problem;
    if (executor.type !== undefined && executor.type !== 'CUSTOM') {
      return "'ExecutorInfo.type' must be 'CUSTOM'";
    }
    if (executor.command === undefined) return "'ExecutorInfo.command' must be set";
    const shared = (executor.resources ?? []).filter(isShared);
    if (shared.length > 0) {
      return `Executor resources ${formatResources(addResources([], executor.resources ?? []))} should not contain any shared resources`;
    }
    if (executor.container?.linux_info?.share_cgroups === true) {
      return "The 'share_cgroups' field cannot be set to 'true' on executor containers";
    }
  }
  const both = addResources(task.resources ?? [], executor?.resources ?? []);
  const invalid = resourcesProblem(both);
  if (invalid !== undefined) return `Task and its executor use invalid resources: ${invalid}`;
  if (executor !== undefined && overlapping([task.resources ?? [], executor.resources ?? []])) {
    return `There are overlapping resources in the task resources ${JSON.stringify(task.resources ?? [])} and executor resources ${JSON.stringify(executor.resources ?? [])}`;
  }
  const ids = persistenceIdProblem(both);
  if (ids !== undefined) return `Task and its executor use duplicate persistence ID: ${ids}`;
  const mix = revocableMixProblem(both);
  if (mix !== undefined) {
    return `Task and its executor mix revocable and non-revocable resources: ${mix}`;
  }
  const total = launchConsumes(task, ctx);
  if (!containsResources(available, total)) {
    return `Total resources ${formatResources(total)} required by task and its executor is more than available ${formatResources(addResources([], available))}`;
  }
  return undefined;
}

/**
 * Everything the master checks on one task of a LAUNCH operation, given what is still
 * available from the offers; undefined when the task may be launched.
 *
 * @example
 * ```ts
 * launchTaskProblem(task, ctx, remaining);
 * // 'Total resources cpus(allocated: *):8 required by task and its executor is more than available …'
 * ```
 */
export function launchTaskProblem(
  task: TaskInfo,
  ctx: TaskCheckContext,
  available: readonly Resource[],
): string | undefined {
  const problem = taskProblem(task, ctx) ?? launchExecutorProblem(task, ctx, available);
  if (problem !== undefined) return problem;
  if (task.container?.linux_info?.share_cgroups === false) {
    return "Only tasks in a task group may have 'share_cgroups' set to 'false'";
  }
  return undefined;
}
