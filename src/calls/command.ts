/**
 * The value every call builder returns: a scheduler call without its framework id.
 *
 * @module
 */
import type { Call } from '../wire';

/** Drops `framework_id` from one member of the call union, keeping `readonly` and `?`. */
type WithoutFrameworkId<C> = C extends unknown
  ? { readonly [K in keyof C as K extends 'framework_id' ? never : K]: C[K] }
  : never;

/**
 * A scheduler call as the framework means it, before the driver sends it: a `Call` without
 * `framework_id`, discriminated on `type` like `Call` itself.
 *
 * A builder cannot know the framework id (the master hands it out on `SUBSCRIBED`, and a
 * re-subscription may be needed before the command is sent), so the driver stamps it with
 * {@link toCall} when it sends. Commands are plain data in the model's own spelling, in the
 * canonical form the wire decoder produces (empty lists left out), so a command compares equal
 * with `toEqual` to the same call decoded from the wire, and prints as Mesos JSON does.
 * `SUBSCRIBE` is not a command (the driver subscribes when it connects), nor is `UNKNOWN`.
 *
 * @example
 * ```ts
 * const c: Command = declineOffer({ value: 'O1' }, { refuse_seconds: 30 });
 * if (c.type === 'DECLINE') console.log(c.decline.offer_ids); // [{ value: 'O1' }]
 * ```
 * Spec: docs/protocol.md §5.
 */
export type Command = WithoutFrameworkId<Exclude<Call, { readonly type: 'UNKNOWN' | 'SUBSCRIBE' }>>;

/**
 * The `type` of a {@link Command}: every call type but `SUBSCRIBE` and `UNKNOWN`.
 *
 * @example
 * ```ts
 * const t: CommandType = 'DECLINE';
 * ```
 * Spec: docs/protocol.md §5.
 */
export type CommandType = Command['type'];

/**
 * The member of {@link Command} whose `type` is `T`; what each builder returns.
 *
 * @example
 * ```ts
 * const kill: CommandOf<'KILL'> = killTask({ value: 'web-1' });
 * console.log(kill.kill.task_id.value); // 'web-1'
 * ```
 * Spec: docs/protocol.md §5.
 */
export type CommandOf<T extends CommandType> = Extract<Command, { readonly type: T }>;
