/**
 * io-ts codecs for the typed model, derived from the schema: the gate through which decoded
 * data enters the model. Their `validate` is the schema-driven normalizer, so a failure names
 * the path to the bad field, and success returns the model value (sharing the input's
 * untouched parts; the input is never mutated).
 *
 * @module
 */
import * as t from 'io-ts';
import type * as M from './generated/model';
import { normalize } from './json-normalize';
import { planOf } from './schema-plan';

const sharedCache = new Map<string, t.Type<unknown, unknown, unknown>>();
const inPlaceCache = new Map<string, t.Type<unknown, unknown, unknown>>();

/**
 * The io-ts codec of a message by its full proto name. `encode` is the identity: the model
 * already is the Mesos JSON shape.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/Either';
 * const TaskStatusCodec = messageCodec<TaskStatus>('mesos.v1.TaskStatus');
 * isRight(TaskStatusCodec.decode({ task_id: { value: 't1' }, state: 'TASK_RUNNING' })); // true
 * ```
 */
export function messageCodec<A>(fullName: string): t.Type<A, unknown, unknown> {
  return codecOf<A>(fullName, false);
}

/**
 * The same codec, but one that changes its input in place where a field must change (an
 * int64 number becoming its decimal string). Only for values nobody else holds: the wire
 * codecs use it on freshly parsed bodies.
 *
 * @example
 * ```ts
 * const r = ownedMessageCodec<Event>('mesos.v1.scheduler.Event').decode(JSON.parse(text));
 * ```
 */
export function ownedMessageCodec<A>(fullName: string): t.Type<A, unknown, unknown> {
  return codecOf<A>(fullName, true);
}

function codecOf<A>(fullName: string, inPlace: boolean): t.Type<A, unknown, unknown> {
  const cache = inPlace ? inPlaceCache : sharedCache;
  let codec = cache.get(fullName);
  if (codec === undefined) {
    const plan = planOf(fullName);
    const is = (u: unknown): u is unknown => {
      const r = normalize(plan, u);
      return r.ok && r.value === u;
    };
    codec = new t.Type<unknown, unknown, unknown>(
      fullName,
      is,
      (u, context) => {
        const r = normalize(plan, u, { inPlace });
        if (r.ok) return t.success(r.value);
        const entries = r.path.map((key) => ({ key: String(key), type: t.unknown, actual: undefined }));
        return t.failure(u, [...context, ...entries], r.message);
      },
      t.identity,
    );
    cache.set(fullName, codec);
  }
  return codec as t.Type<A, unknown, unknown>;
}

/** io-ts codec of a scheduler event (`mesos.v1.scheduler.Event`). */
export const EventCodec: t.Type<M.Event, unknown, unknown> = messageCodec<M.Event>('mesos.v1.scheduler.Event');
/** io-ts codec of a scheduler call (`mesos.v1.scheduler.Call`). */
export const CallCodec: t.Type<M.Call, unknown, unknown> = messageCodec<M.Call>('mesos.v1.scheduler.Call');
/** io-ts codec of an offer (`mesos.v1.Offer`). */
export const OfferCodec: t.Type<M.Offer, unknown, unknown> = messageCodec<M.Offer>('mesos.v1.Offer');
/** io-ts codec of a task status (`mesos.v1.TaskStatus`). */
export const TaskStatusCodec: t.Type<M.TaskStatus, unknown, unknown> = messageCodec<M.TaskStatus>('mesos.v1.TaskStatus');
/** io-ts codec of a task description (`mesos.v1.TaskInfo`). */
export const TaskInfoCodec: t.Type<M.TaskInfo, unknown, unknown> = messageCodec<M.TaskInfo>('mesos.v1.TaskInfo');
/** io-ts codec of a framework description (`mesos.v1.FrameworkInfo`). */
export const FrameworkInfoCodec: t.Type<M.FrameworkInfo, unknown, unknown> =
  messageCodec<M.FrameworkInfo>('mesos.v1.FrameworkInfo');
