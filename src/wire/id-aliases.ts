/**
 * Short names for the branded id messages of the model.
 *
 * @module
 */
import type {
  AgentID,
  ExecutorID,
  FrameworkID,
  OfferID,
  OperationID,
  TaskID,
} from './generated/model';

/**
 * An offer's id (`mesos.v1.OfferID`). Branded: a `TaskId` does not fit here.
 *
 * @example
 * ```ts
 * const id: OfferId = { value: '4f8d2a71-…-O41' };
 * ```
 */
export type OfferId = OfferID;

/**
 * An agent's id (`mesos.v1.AgentID`), branded.
 *
 * @example
 * ```ts
 * const a: AgentId = { value: '…-S0' };
 * ```
 */
export type AgentId = AgentID;

/**
 * A task's id (`mesos.v1.TaskID`), branded.
 *
 * @example
 * ```ts
 * const t: TaskId = { value: 'web-1' };
 * ```
 */
export type TaskId = TaskID;

/**
 * A framework's id (`mesos.v1.FrameworkID`), branded.
 *
 * @example
 * ```ts
 * const f: FrameworkId = { value: '…-0000' };
 * ```
 */
export type FrameworkId = FrameworkID;

/**
 * An executor's id (`mesos.v1.ExecutorID`), branded.
 *
 * @example
 * ```ts
 * const e: ExecutorId = { value: 'web-1' };
 * ```
 */
export type ExecutorId = ExecutorID;

/**
 * An operation's id (`mesos.v1.OperationID`), branded.
 *
 * @example
 * ```ts
 * const o: OperationId = { value: 'op-1' };
 * ```
 */
export type OperationId = OperationID;
