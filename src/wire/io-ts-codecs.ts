/**
 * io-ts codecs for the typed model, derived from the schema: the gate through which decoded
 * data enters the model. Their `validate` is the schema-driven validator, so a failure names
 * the path to the bad field.
 *
 * @module
 */
import * as t from 'io-ts';
import type * as M from './generated/model';
import { exactIntegersOf, parseJsonExact } from './json-exact';
import { normalize } from './json-normalize';
import { writeMessage } from './json-write';
import { planOf } from './schema-plan';

/**
 * The start of a JSON-text codec's failure message when the text is not JSON at all, which
 * tells it apart from a valid JSON text that is not a valid message.
 *
 * @example
 * ```ts
 * const r = messageJsonCodec<Event>('mesos.v1.scheduler.Event').decode('{"type":');
 * if (isLeft(r) && r.left[0]?.message?.startsWith(INVALID_JSON_PREFIX) === true) {
 *   console.error('not JSON:', r.left[0].message); // 'invalid JSON: Unexpected end of JSON input'
 * }
 * ```
 */
export const INVALID_JSON_PREFIX = 'invalid JSON: ';

const valueCodecs = new Map<string, t.Type<unknown, unknown>>();
const textCodecs = new Map<string, t.Type<unknown, string>>();

function failure(
  u: unknown,
  context: t.Context,
  path: readonly (string | number)[],
  message: string,
): t.Validation<never> {
  const entries = path.map((key) => ({ key: String(key), type: t.unknown, actual: undefined }));
  return t.failure(u, [...context, ...entries], message);
}

/**
 * The io-ts codec of a message by its full proto name, for JSON values (what `JSON.parse`
 * gives, or Mesos JSON pasted into code). Success returns the model value, sharing the
 * input's untouched parts; the input is never mutated. `encode` is the identity: the model
 * already is the Mesos JSON shape.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/Either';
 * const TaskStatusCodec = messageCodec<TaskStatus>('mesos.v1.TaskStatus');
 * isRight(TaskStatusCodec.decode({ task_id: { value: 't1' }, state: 'TASK_RUNNING' })); // true
 * ```
 */
export function messageCodec<A>(fullName: string): t.Type<A, unknown> {
  let codec = valueCodecs.get(fullName);
  if (codec === undefined) {
    const plan = planOf(fullName);
    codec = new t.Type<unknown, unknown, unknown>(
      fullName,
      (u): u is unknown => {
        const r = normalize(plan, u);
        return r.ok && r.value === u;
      },
      (u, context) => {
        const r = normalize(plan, u);
        return r.ok ? t.success(r.value) : failure(u, context, r.path, r.message);
      },
      t.identity,
    );
    valueCodecs.set(fullName, codec);
  }
  return codec as t.Type<A, unknown>;
}

/**
 * The io-ts codec of a message from and to Mesos JSON text: `decode` parses the text with
 * 64-bit integers kept exact and validates it; `encode` writes the master's spelling. A text
 * that is not JSON fails with a message starting with {@link INVALID_JSON_PREFIX}.
 *
 * @example
 * ```ts
 * const EventJson = messageJsonCodec<Event>('mesos.v1.scheduler.Event');
 * EventJson.decode('{"type":"HEARTBEAT"}'); // Right({ type: 'HEARTBEAT' })
 * EventJson.encode({ type: 'HEARTBEAT' }); // '{"type":"HEARTBEAT"}'
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export function messageJsonCodec<A>(fullName: string): t.Type<A, string> {
  let codec = textCodecs.get(fullName);
  if (codec === undefined) {
    const plan = planOf(fullName);
    codec = new t.Type<unknown, string, unknown>(
      `${fullName} as JSON text`,
      messageCodec<unknown>(fullName).is,
      (u, context) => {
        if (typeof u !== 'string') return t.failure(u, context, 'expected JSON text (a string)');
        let json: unknown;
        try {
          json = JSON.parse(u);
        } catch (e) {
          return t.failure(u, context, `${INVALID_JSON_PREFIX}${(e as Error).message}`);
        }
        // The parsed value is ours alone: validate it in place. Integers that JSON.parse
        // rounded are recovered from the text; if that is ambiguous, parse exactly and retry.
        let r = normalize(plan, json, { inPlace: true, exact: exactIntegersOf(u) });
        if (!r.ok && r.ambiguous) r = normalize(plan, parseJsonExact(u), { inPlace: true });
        return r.ok ? t.success(r.value) : failure(u, context, r.path, r.message);
      },
      (a) => writeMessage(plan, a as Record<string, unknown>),
    );
    textCodecs.set(fullName, codec);
  }
  return codec as t.Type<A, string>;
}

/**
 * io-ts codec of a scheduler event (`mesos.v1.scheduler.Event`) as a JSON value.
 *
 * @example
 * ```ts
 * EventCodec.decode({ type: 'HEARTBEAT' }); // Right({ type: 'HEARTBEAT' })
 * ```
 * Spec: docs/protocol.md §2.2, §6.
 */
export const EventCodec: t.Type<M.Event, unknown> = messageCodec<M.Event>(
  'mesos.v1.scheduler.Event',
);
/**
 * io-ts codec of a scheduler call (`mesos.v1.scheduler.Call`) as a JSON value: it checks what
 * the master would, such as the `framework_id` every call but SUBSCRIBE needs.
 *
 * @example
 * ```ts
 * CallCodec.decode({ type: 'TEARDOWN' }); // Left: 'required for type TEARDOWN' at `framework_id`
 * isRight(CallCodec.decode({ type: 'TEARDOWN', framework_id: { value: frameworkId } })); // true
 * ```
 * Spec: docs/protocol.md §2.2, §5.
 */
export const CallCodec: t.Type<M.Call, unknown> = messageCodec<M.Call>('mesos.v1.scheduler.Call');
/**
 * io-ts codec of an offer (`mesos.v1.Offer`) as a JSON value.
 *
 * @example
 * ```ts
 * const r = OfferCodec.decode(offerJson);
 * if (isRight(r)) console.log(r.right.hostname, r.right.resources?.length);
 * ```
 * Spec: docs/protocol.md §2.2, §7.
 */
export const OfferCodec: t.Type<M.Offer, unknown> = messageCodec<M.Offer>('mesos.v1.Offer');
/**
 * io-ts codec of a task status (`mesos.v1.TaskStatus`) as a JSON value.
 *
 * @example
 * ```ts
 * const r = TaskStatusCodec.decode({ task_id: { value: 't1' }, state: 'TASK_RUNNING' });
 * if (isRight(r)) console.log(r.right.state); // 'TASK_RUNNING'
 * ```
 * Spec: docs/protocol.md §2.2, §8.
 */
export const TaskStatusCodec: t.Type<M.TaskStatus, unknown> =
  messageCodec<M.TaskStatus>('mesos.v1.TaskStatus');
/**
 * io-ts codec of a task description (`mesos.v1.TaskInfo`) as a JSON value: `name`,
 * `task_id` and `agent_id` are required.
 *
 * @example
 * ```ts
 * const r = TaskInfoCodec.decode({
 *   name: 'web',
 *   task_id: { value: 'web-1' },
 *   agent_id: { value: 'S0' },
 *   command: { value: 'python3 -m http.server 8080' },
 * });
 * isRight(r); // true
 * ```
 * Spec: docs/protocol.md §2.2.
 */
export const TaskInfoCodec: t.Type<M.TaskInfo, unknown> =
  messageCodec<M.TaskInfo>('mesos.v1.TaskInfo');
/**
 * io-ts codec of a framework description (`mesos.v1.FrameworkInfo`) as a JSON value: `user`
 * and `name` are required.
 *
 * @example
 * ```ts
 * FrameworkInfoCodec.decode({ name: 'batch' }); // Left: 'missing required field' at `user`
 * isRight(FrameworkInfoCodec.decode({ name: 'batch', user: 'svc' })); // true
 * ```
 * Spec: docs/protocol.md §2.2, §3.
 */
export const FrameworkInfoCodec: t.Type<M.FrameworkInfo, unknown> =
  messageCodec<M.FrameworkInfo>('mesos.v1.FrameworkInfo');
