/**
 * Task statuses in the shapes real agents and masters send them (compare a real master's
 * stream): agent/executor updates carry `source`, `agent_id`, `executor_id`, `timestamp`, a
 * fresh `uuid` and the container status; master-generated ones (reconciliation, agent
 * removal, framework removal) come from `SOURCE_MASTER` and never carry a uuid (spec §8).
 *
 * @module
 */
import type {
  AgentID,
  CheckStatusInfo,
  ContainerID,
  ContainerStatus,
  TaskID,
  TaskState,
  TaskStatus,
  TimeInfo,
} from '../../../wire';
import { newStatusUuid } from './status-uuid';

/**
 * The container status an agent adds to an executor's update: the container id, the
 * agent's IP as the container's address, and the executor's pid when there is one.
 *
 * @example
 * ```ts
 * containerStatus({ value: 'c0' }, 4242);
 * // { container_id: { value: 'c0' }, network_infos: [{ ip_addresses: [{ protocol: 'IPv4', ip_address: '127.0.0.1' }] }], executor_pid: 4242 }
 * ```
 */
export function containerStatus(containerId: ContainerID, executorPid?: number): ContainerStatus {
  const status: Building<ContainerStatus> = {
    container_id: containerId,
    network_infos: AGENT_NETWORK,
  };
  if (executorPid !== undefined) status.executor_pid = executorPid;
  return status;
}

/** A status under construction: its optional fields are set one by one. */
type Building<T> = { -readonly [K in keyof T]: T[K] };

/** The agent's address as every container status gives it (shared: the model is immutable). */
const AGENT_NETWORK: ContainerStatus['network_infos'] = [
  { ip_addresses: [{ protocol: 'IPv4', ip_address: '127.0.0.1' }] },
];

/**
 * The parts of an agent or executor update (see {@link agentStatus}).
 *
 * @example
 * ```ts
 * const input: AgentStatusInput = { taskId: { value: 't1' }, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR',
 *   agentId: 'S0', executorId: 't1', timestamp: 1.5 };
 * ```
 */
export interface AgentStatusInput {
  readonly taskId: TaskID;
  readonly state: TaskState;
  readonly message?: string;
  readonly source: 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';
  readonly reason?: TaskStatus.Reason;
  readonly agentId: string;
  readonly executorId: string;
  readonly timestamp: number;
  readonly containerStatus?: ContainerStatus;
}

/**
 * A reliable update as an agent forwards it, with a fresh uuid.
 *
 * @example
 * ```ts
 * agentStatus({ taskId: { value: 't1' }, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR',
 *   agentId: 'S0', executorId: 't1', timestamp: 1.5 });
 * ```
 */
export function agentStatus(input: AgentStatusInput): TaskStatus {
  const status: Building<TaskStatus> = {
    task_id: input.taskId,
    state: input.state,
    source: input.source,
    agent_id: { value: input.agentId },
    executor_id: { value: input.executorId },
    timestamp: input.timestamp,
    uuid: newStatusUuid(),
  };
  if (input.message !== undefined) status.message = input.message;
  if (input.reason !== undefined) status.reason = input.reason;
  if (input.containerStatus !== undefined) status.container_status = input.containerStatus;
  return status;
}

/**
 * The parts of a master-generated update (see {@link masterStatus}).
 *
 * @example
 * ```ts
 * const input: MasterStatusInput = { taskId: { value: 't1' }, state: 'TASK_LOST', message: 'health check timed out',
 *   reason: 'REASON_AGENT_REMOVED', timestamp: 1.5 };
 * ```
 */
export interface MasterStatusInput {
  readonly taskId: TaskID;
  readonly state: TaskState;
  readonly message: string;
  readonly reason: TaskStatus.Reason;
  readonly agentId?: AgentID;
  readonly executorId?: string;
  readonly timestamp: number;
  readonly healthy?: boolean;
  readonly checkStatus?: CheckStatusInfo;
  readonly containerStatus?: ContainerStatus;
  readonly unreachableTime?: TimeInfo;
}

/**
 * An update the master makes itself (`protobuf::createStatusUpdate` from `SOURCE_MASTER`,
 * without uuid).
 *
 * @example
 * ```ts
 * masterStatus({ taskId: { value: 'x' }, state: 'TASK_UNKNOWN', message: 'Reconciliation: Task is unknown',
 *   reason: 'REASON_RECONCILIATION', timestamp: 1.5 });
 * ```
 */
export function masterStatus(input: MasterStatusInput): TaskStatus {
  return {
    task_id: input.taskId,
    state: input.state,
    message: input.message,
    source: 'SOURCE_MASTER',
    reason: input.reason,
    ...(input.agentId === undefined ? {} : { agent_id: input.agentId }),
    ...(input.executorId === undefined ? {} : { executor_id: { value: input.executorId } }),
    timestamp: input.timestamp,
    ...(input.healthy === undefined ? {} : { healthy: input.healthy }),
    ...(input.checkStatus === undefined ? {} : { check_status: input.checkStatus }),
    ...(input.containerStatus === undefined ? {} : { container_status: input.containerStatus }),
    ...(input.unreachableTime === undefined ? {} : { unreachable_time: input.unreachableTime }),
  };
}
