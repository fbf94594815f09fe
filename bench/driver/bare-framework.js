// @ts-check
'use strict';

/**
 * The bare baselines of the driver benchmark: the least a scheduler must do, with the same
 * HTTP settings as the driver's transport and nothing else. undici for the subscription and
 * the calls (one connection each; calls on a keep-alive Client with the transport's `pipelining`, as in
 * src/transport/http-transport.ts), the library's RecordIO framing, and the static protobufjs
 * code (`Event.decode`, `Call.encode`): no validation, no typed model, no dispatcher, no
 * command queue, no bookkeeping.
 *
 * - as an offer decliner (offer-latency bench): each OFFERS event is answered with one DECLINE
 *   per offer, at once;
 * - as the lifecycle job (lifecycles bench): pending tasks are launched on offers (one ACCEPT
 *   per offer with as many tasks as fit), offers are declined when nothing is pending, every
 *   update with a uuid is acknowledged at once.
 */

const { Client } = require('undici');

const DIST = '../../dist/src';
/** The transport's calls in flight, as the driver has them. */
const { CALL_PIPELINING } = require(`${DIST}/transport`);
const CT = 'application/x-protobuf';

/**
 * Extra options of every bare call. undici sends a POST only when nothing else is in flight on
 * the connection (POST is not idempotent, and `blocking` defaults to true), so `pipelining`
 * alone does not pipeline calls: each would wait for the previous answer. The driver's transport
 * marks its calls `idempotent: true, blocking: false`, and so do the bare calls by default, so
 * that the baseline has the driver's HTTP settings. `BENCH_DRIVER_BARE_PIPELINED=0` measures
 * the naive client instead (every call one round trip).
 */
const PIPELINED =
  process.env['BENCH_DRIVER_BARE_PIPELINED'] === '0' ? {} : { idempotent: true, blocking: false };

/**
 * @typedef {object} BareFramework
 * @property {string} frameworkId
 * @property {string[]} pending Task ids waiting for an offer (lifecycle job).
 * @property {() => number} finished TASK_FINISHED updates received.
 * @property {() => number} updates Status updates with a uuid received.
 * @property {() => number} errors Calls that were not answered 202.
 * @property {() => void} revive Sends REVIVE.
 * @property {() => Promise<void>} stop
 */

/**
 * @param {string} url The simulated master.
 * @param {{ cpus: number, mem: number }} [task] Launch pending tasks of this size (else only decline).
 * @returns {Promise<BareFramework>}
 */
async function bareFramework(url, task) {
  /** @type {typeof import('../../dist/src/wire')} */
  const wire = require(`${DIST}/wire`);
  /** @type {any} */
  const pb = require(`${DIST}/wire/generated/pb.js`);
  const Call = pb.mesos.v1.scheduler.Call;
  const Event = pb.mesos.v1.scheduler.Event;
  const TASK_FINISHED = pb.mesos.v1.TaskState.TASK_FINISHED;
  const origin = new URL(url).origin;
  const path = '/api/v1/scheduler';
  const streamClient = new Client(origin, { pipelining: 1, bodyTimeout: 0 });
  const callClient = new Client(origin, { pipelining: CALL_PIPELINING, keepAliveTimeout: 30_000 });
  const subscribe = Call.encode(
    Call.fromObject({
      type: 'SUBSCRIBE',
      subscribe: { framework_info: { user: 'bench', name: 'bench-bare' } },
    }),
  ).finish();
  const res = await streamClient.request({
    path,
    method: 'POST',
    headers: { 'content-type': CT, accept: CT },
    body: subscribe,
  });
  if (res.statusCode !== 200) throw new Error(`bare SUBSCRIBE: ${res.statusCode}`);
  const streamId = String(res.headers['mesos-stream-id']);
  const headers = { 'content-type': CT, accept: CT, 'mesos-stream-id': streamId };
  let errors = 0;
  let finished = 0;
  let updates = 0;
  /** @type {string[]} */
  const pending = [];
  /** @type {{ value: string } | undefined} */
  let frameworkId;
  /** @type {(id: string) => void} */
  let gotId = () => {};
  const subscribed = new Promise((resolve) => {
    gotId = resolve;
  });
  /** @param {unknown} call */
  const post = (call) => {
    const body = Call.encode(call).finish();
    callClient.request({ path, method: 'POST', headers, body, ...PIPELINED }).then(
      async (r) => {
        await r.body.text();
        if (r.statusCode !== 202) errors++;
      },
      () => {
        errors++;
      },
    );
  };
  const resources =
    task === undefined
      ? []
      : [
          { name: 'cpus', type: pb.mesos.v1.Value.Type.SCALAR, scalar: { value: task.cpus } },
          { name: 'mem', type: pb.mesos.v1.Value.Type.SCALAR, scalar: { value: task.mem } },
        ];
  /**
   * @param {{ resources: { name: string, scalar?: { value: number } }[] }} offer
   * @param {string} name
   */
  const scalar = (offer, name) =>
    offer.resources.reduce((sum, r) => sum + (r.name === name ? (r.scalar?.value ?? 0) : 0), 0);

  const decoder = new wire.RecordIODecoder();
  /** @param {Uint8Array} record */
  const onRecord = (record) => {
    const event = Event.decode(record);
    if (event.type === Event.Type.SUBSCRIBED) {
      frameworkId = { value: event.subscribed.framework_id.value };
      gotId(frameworkId.value);
    } else if (event.type === Event.Type.OFFERS) {
      for (const offer of event.offers.offers) {
        const fit =
          task === undefined
            ? 0
            : Math.min(
                pending.length,
                Math.floor(scalar(offer, 'cpus') / task.cpus),
                Math.floor(scalar(offer, 'mem') / task.mem),
              );
        if (fit === 0) {
          post({
            type: Call.Type.DECLINE,
            framework_id: frameworkId,
            decline: { offer_ids: [offer.id] },
          });
          continue;
        }
        const task_infos = pending.splice(0, fit).map((id) => ({
          name: id,
          task_id: { value: id },
          agent_id: offer.agent_id,
          resources,
          command: { value: 'true' },
        }));
        post({
          type: Call.Type.ACCEPT,
          framework_id: frameworkId,
          accept: {
            offer_ids: [offer.id],
            operations: [{ type: pb.mesos.v1.Offer.Operation.Type.LAUNCH, launch: { task_infos } }],
          },
        });
      }
    } else if (event.type === Event.Type.UPDATE) {
      const status = event.update.status;
      if (status.state === TASK_FINISHED) finished++;
      if (status.uuid !== null && status.uuid !== undefined && status.uuid.length > 0) {
        updates++;
        post({
          type: Call.Type.ACKNOWLEDGE,
          framework_id: frameworkId,
          acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
        });
      }
    }
  };
  const reading = (async () => {
    for await (const chunk of res.body) {
      const pushed = decoder.pushEach(chunk, onRecord);
      if (pushed._tag === 'Left') throw new Error(`bare framing: ${pushed.left.message}`);
    }
  })().catch(() => undefined);
  const id = /** @type {string} */ (await subscribed);
  return {
    frameworkId: id,
    pending,
    finished: () => finished,
    updates: () => updates,
    errors: () => errors,
    revive: () => {
      post({ type: Call.Type.REVIVE, framework_id: frameworkId });
    },
    async stop() {
      await streamClient.destroy();
      await callClient.close();
      await reading;
    },
  };
}

module.exports = { bareFramework, PIPELINED };
