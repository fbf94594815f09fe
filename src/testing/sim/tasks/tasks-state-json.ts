/**
 * The task parts of a framework in `GET /state`, in the real master's shape (`json(Task)`,
 * `json(TaskStatus)`, `json(ExecutorInfo)` in `common/http.cpp`; compare a real master's
 * `/state`): `tasks`, `unreachable_tasks`, `completed_tasks`, `executors`, `used_resources`.
 *
 * @module
 */
import type { CommandInfo, Labels, Resource, TaskStatus } from '../../../wire';
import { resourcesJson } from './resources-json';
import type { SimExecutor } from './sim-executor';
import type { SimTask } from './sim-task';
import type { FrameworkTaskState } from './task-book';

/**
 * The task fields of one framework's `/state` entry.
 *
 * @example
 * ```ts
 * const { tasks, completed_tasks } = frameworkTasksJson(state);
 * ```
 */
export interface FrameworkTasksJson {
  readonly used_resources: Record<string, number | string>;
  readonly tasks: readonly Record<string, unknown>[];
  readonly unreachable_tasks: readonly Record<string, unknown>[];
  readonly completed_tasks: readonly Record<string, unknown>[];
  readonly executors: readonly Record<string, unknown>[];
}

function labelsJson(labels: Labels | undefined): unknown[] | undefined {
  return labels?.labels?.map((l) => ({
    key: l.key,
    ...(l.value === undefined ? {} : { value: l.value }),
  }));
}

function statusJson(status: TaskStatus): Record<string, unknown> {
  const cs = status.container_status;
  const labels = labelsJson(status.labels);
  return {
    state: status.state,
    timestamp: status.timestamp ?? 0,
    ...(labels === undefined ? {} : { labels }),
    ...(cs === undefined
      ? {}
      : {
          container_status: {
            ...(cs.container_id === undefined ? {} : { container_id: cs.container_id }),
            ...(cs.network_infos === undefined ? {} : { network_infos: cs.network_infos }),
            ...(cs.cgroup_info === undefined ? {} : { cgroup_info: cs.cgroup_info }),
          },
        }),
    ...(status.healthy === undefined ? {} : { healthy: status.healthy }),
  };
}

/**
 * One task as `/state` lists it.
 *
 * @example
 * ```ts
 * taskJson(task).state; // 'TASK_RUNNING'
 * ```
 */
export function taskJson(task: SimTask): Record<string, unknown> {
  const info = task.info;
  const labels = labelsJson(info.labels);
  return {
    id: task.id,
    name: info.name,
    framework_id: task.frameworkId,
    executor_id: task.executor.kind === 'command' ? '' : task.executor.id,
    slave_id: task.agentId,
    state: task.state,
    resources: resourcesJson(task.resources),
    role: task.role,
    statuses: task.statuses.map(statusJson),
    ...(labels === undefined ? {} : { labels }),
    ...(info.discovery === undefined ? {} : { discovery: info.discovery }),
    ...(info.container === undefined ? {} : { container: info.container }),
    ...(info.health_check === undefined ? {} : { health_check: info.health_check }),
  };
}

function commandJson(command: CommandInfo | undefined): Record<string, unknown> {
  return {
    ...(command?.shell === undefined ? {} : { shell: command.shell }),
    ...(command?.value === undefined ? {} : { value: command.value }),
    argv: command?.arguments ?? [],
    ...(command?.environment === undefined ? {} : { environment: command.environment }),
    uris: (command?.uris ?? []).map((u) => ({ value: u.value, executable: u.executable ?? false })),
  };
}

/**
 * One executor as `/state` lists it under its framework.
 *
 * @example
 * ```ts
 * executorJson(executor).slave_id; // 'S0'
 * ```
 */
export function executorJson(executor: SimExecutor): Record<string, unknown> {
  const info = executor.info;
  const labels = labelsJson(info?.labels);
  return {
    executor_id: executor.id,
    name: info?.name ?? '',
    framework_id: executor.frameworkId,
    command: commandJson(info?.command),
    resources: resourcesJson(executor.resources),
    ...(labels === undefined ? {} : { labels }),
    slave_id: executor.agentId,
  };
}

/**
 * The task fields of a framework's `/state` entry. `used_resources` sums the resources of
 * tasks that still hold theirs and of the executors the master counts.
 *
 * @example
 * ```ts
 * const json = frameworkTasksJson(core.tasks.stateOf(fw.id));
 * json.tasks.length;
 * ```
 */
export function frameworkTasksJson(state: FrameworkTaskState): FrameworkTasksJson {
  const used: Resource[] = [];
  for (const t of state.active) if (!t.released) used.push(...t.resources);
  for (const e of state.executors) used.push(...e.resources);
  return {
    used_resources: resourcesJson(used),
    tasks: state.active.map(taskJson),
    unreachable_tasks: state.unreachable.map(taskJson),
    completed_tasks: state.completed.map(taskJson),
    executors: state.executors.map(executorJson),
  };
}
