/**
 * The resources inside an offer operation: checking them (`Resources::validate`), bringing
 * them to the post-refinement format and giving them the offer's allocation role, as the
 * master does before running the operation (`validateAndUpgradeResources`,
 * `injectAllocationInfo`).
 *
 * @module
 */
import type { ExecutorInfo, Offer, Resource, TaskInfo } from '../../../wire';
import { upgradeResources, validateResource, validateResources } from '../../../offers';

type ResourcesMap = (resources: readonly Resource[]) => Resource[];

function mapTask(task: TaskInfo, f: ResourcesMap): TaskInfo {
  return {
    ...task,
    ...(task.resources === undefined ? {} : { resources: f(task.resources) }),
    ...(task.executor === undefined ? {} : { executor: mapExecutor(task.executor, f) }),
  };
}

function mapExecutor(executor: ExecutorInfo, f: ResourcesMap): ExecutorInfo {
  return executor.resources === undefined
    ? executor
    : { ...executor, resources: f(executor.resources) };
}

function one(resource: Resource, f: ResourcesMap): Resource {
  return f([resource])[0] ?? resource;
}

/**
 * The operation with `f` applied to each of its resource lists.
 *
 * @example
 * ```ts
 * mapOperationResources(op, upgradeResources);
 * ```
 */
export function mapOperationResources(op: Offer.Operation, f: ResourcesMap): Offer.Operation {
  switch (op.type) {
    case 'LAUNCH':
      return {
        ...op,
        launch: {
          ...op.launch,
          task_infos: (op.launch.task_infos ?? []).map((t) => mapTask(t, f)),
        },
      };
    case 'LAUNCH_GROUP':
      return {
        ...op,
        launch_group: {
          executor: mapExecutor(op.launch_group.executor, f),
          task_group: {
            ...op.launch_group.task_group,
            tasks: (op.launch_group.task_group.tasks ?? []).map((t) => mapTask(t, f)),
          },
        },
      };
    case 'RESERVE':
      return {
        ...op,
        reserve: {
          ...(op.reserve.source === undefined ? {} : { source: f(op.reserve.source) }),
          ...(op.reserve.resources === undefined ? {} : { resources: f(op.reserve.resources) }),
        },
      };
    case 'UNRESERVE':
      return { ...op, unreserve: { resources: f(op.unreserve.resources ?? []) } };
    case 'CREATE':
      return { ...op, create: { volumes: f(op.create.volumes ?? []) } };
    case 'DESTROY':
      return { ...op, destroy: { volumes: f(op.destroy.volumes ?? []) } };
    case 'GROW_VOLUME':
      return {
        ...op,
        grow_volume: {
          volume: one(op.grow_volume.volume, f),
          addition: one(op.grow_volume.addition, f),
        },
      };
    case 'SHRINK_VOLUME':
      return {
        ...op,
        shrink_volume: { ...op.shrink_volume, volume: one(op.shrink_volume.volume, f) },
      };
    case 'CREATE_DISK':
      return { ...op, create_disk: { ...op.create_disk, source: one(op.create_disk.source, f) } };
    case 'DESTROY_DISK':
      return { ...op, destroy_disk: { source: one(op.destroy_disk.source, f) } };
    case 'UNKNOWN':
      return op;
  }
}

function tasksProblem(tasks: readonly TaskInfo[]): string | undefined {
  for (const t of tasks) {
    const p =
      validateResources(t.resources ?? []) ?? validateResources(t.executor?.resources ?? []);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * Why the resources of an operation are malformed (the master answers `TASK_ERROR` for
 * launches, drops other operations), or undefined.
 *
 * @example
 * ```ts
 * operationResourcesProblem({ type: 'UNKNOWN' }); // 'Unknown offer operation'
 * ```
 */
export function operationResourcesProblem(op: Offer.Operation): string | undefined {
  switch (op.type) {
    case 'LAUNCH':
      return tasksProblem(op.launch.task_infos ?? []);
    case 'LAUNCH_GROUP':
      return (
        validateResources(op.launch_group.executor.resources ?? []) ??
        tasksProblem(op.launch_group.task_group.tasks ?? [])
      );
    case 'RESERVE':
      return (
        validateResources(op.reserve.resources ?? []) ?? validateResources(op.reserve.source ?? [])
      );
    case 'UNRESERVE':
      return validateResources(op.unreserve.resources ?? []);
    case 'CREATE':
      return validateResources(op.create.volumes ?? []);
    case 'DESTROY':
      return validateResources(op.destroy.volumes ?? []);
    case 'GROW_VOLUME':
      return validateResource(op.grow_volume.volume) ?? validateResource(op.grow_volume.addition);
    case 'SHRINK_VOLUME':
      return validateResource(op.shrink_volume.volume);
    case 'CREATE_DISK':
      return validateResource(op.create_disk.source);
    case 'DESTROY_DISK':
      return validateResource(op.destroy_disk.source);
    case 'UNKNOWN':
      return 'Unknown offer operation';
  }
}

/**
 * The operation with its resources in the post-refinement format and allocated to `role`
 * where they carry no allocation role yet.
 *
 * @example
 * ```ts
 * normalizeOperation(op, offer.role);
 * ```
 */
export function normalizeOperation(op: Offer.Operation, role: string): Offer.Operation {
  return mapOperationResources(op, (resources) =>
    upgradeResources(resources).map((r) =>
      r.allocation_info === undefined ? { ...r, allocation_info: { role } } : r,
    ),
  );
}
