/**
 * Types shared by the offer operation builders.
 *
 * @module
 */
import type { Offer, OperationId } from '../wire';

/**
 * The member of `Offer.Operation` whose `type` is `T`; what each operation builder returns.
 *
 * @example
 * ```ts
 * const op: OperationOf<'LAUNCH'> = launch(task);
 * console.log(op.launch.task_infos?.length); // 1
 * ```
 * Spec: docs/protocol.md §5.
 */
export type OperationOf<T extends Offer.Operation.Type> = Extract<
  Offer.Operation,
  { readonly type: T }
>;

/**
 * Options of the operations that may ask for feedback (all but LAUNCH and LAUNCH_GROUP).
 *
 * `id`: the operation's id, chosen by the framework. With it the outcome arrives as
 * `UPDATE_OPERATION_STATUS` events (to acknowledge with {@link acknowledgeOperationStatus}), if
 * the agent supports operation feedback; without it, the operation reports nothing.
 *
 * @example
 * ```ts
 * const opts: OperationOptions = { id: { value: 'op-reserve-0001' } };
 * ```
 * Spec: docs/protocol.md §5.
 */
export interface OperationOptions {
  readonly id?: OperationId;
}
