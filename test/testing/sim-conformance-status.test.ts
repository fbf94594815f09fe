/**
 * Conformance of the simulated master's scheduler endpoint with a real master, over raw HTTP:
 * every status code and body of spec §1.4, in both content types, and the order of the checks
 * wherever two conditions overlap (the first check in the master's order wins).
 */
import { SimulatedMaster, type SimOptions } from '../../src/testing';
import type { Call } from '../../src/wire';
import { post, subscribe, subscribeCall, type RawSubscription } from '../helpers/raw-client';
import {
  CALL_FIELDS,
  CONTENT_TYPES,
  callBody,
  expectEmpty,
  expectText,
  pbBytes,
  pbVarint,
  subscribeFramework,
  uuidBase64,
} from '../helpers/sim-conformance';

const NOT_ACCEPTABLE = "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'";
const UNSUPPORTED = "Expecting 'Content-Type' of application/json or application/x-protobuf";

/** One valid call of every type except SUBSCRIBE, for framework `id`. */
function everyCall(id: string): readonly Call[] {
  const framework_id = { value: id };
  const agent_id = { value: `${id}-S99` };
  return [
    { type: 'ACCEPT', framework_id, accept: { offer_ids: [{ value: `${id}-O99` }] } },
    { type: 'DECLINE', framework_id, decline: { offer_ids: [{ value: `${id}-O98` }] } },
    {
      type: 'ACCEPT_INVERSE_OFFERS',
      framework_id,
      accept_inverse_offers: { inverse_offer_ids: [{ value: `${id}-O97` }] },
    },
    {
      type: 'DECLINE_INVERSE_OFFERS',
      framework_id,
      decline_inverse_offers: { inverse_offer_ids: [{ value: `${id}-O96` }] },
    },
    { type: 'REVIVE', framework_id },
    { type: 'REVIVE', framework_id, revive: { roles: ['*'] } },
    { type: 'SUPPRESS', framework_id },
    { type: 'SUPPRESS', framework_id, suppress: { roles: ['*'] } },
    { type: 'KILL', framework_id, kill: { task_id: { value: 'no-such-task' }, agent_id } },
    { type: 'SHUTDOWN', framework_id, shutdown: { executor_id: { value: 'no-such' }, agent_id } },
    {
      type: 'ACKNOWLEDGE',
      framework_id,
      acknowledge: { agent_id, task_id: { value: 'no-such-task' }, uuid: uuidBase64() },
    },
    {
      type: 'ACKNOWLEDGE_OPERATION_STATUS',
      framework_id,
      acknowledge_operation_status: {
        agent_id,
        uuid: uuidBase64(),
        operation_id: { value: 'no-such-operation' },
      },
    },
    { type: 'RECONCILE', framework_id, reconcile: {} },
    { type: 'RECONCILE', framework_id, reconcile: { tasks: [{ task_id: { value: 'x' } }] } },
    { type: 'RECONCILE_OPERATIONS', framework_id, reconcile_operations: {} },
    {
      type: 'MESSAGE',
      framework_id,
      message: {
        agent_id,
        executor_id: { value: 'e' },
        data: Buffer.from('hi').toString('base64'),
      },
    },
    { type: 'REQUEST', framework_id, request: { requests: [] } },
  ];
}

/** For each type, a valid call and the payload field the master requires (if any). */
function payloadCases(id: string): readonly { readonly call: Call; readonly payload?: string }[] {
  const framework_id = { value: id };
  const byType = new Map<string, Call>();
  for (const c of everyCall(id)) if (!byType.has(c.type)) byType.set(c.type, c);
  byType.set('UPDATE_FRAMEWORK', {
    type: 'UPDATE_FRAMEWORK',
    framework_id,
    update_framework: { framework_info: { user: 'tester', name: 'x', id: framework_id } },
  });
  const optional = new Set(['REVIVE', 'SUPPRESS']);
  return [
    ...[...byType.values()].map((call) => ({
      call,
      ...(optional.has(call.type) ? {} : { payload: call.type.toLowerCase() }),
    })),
    { call: { type: 'TEARDOWN', framework_id } },
    { call: { type: 'UNKNOWN', framework_id } },
  ];
}

describe.each(CONTENT_TYPES)(
  'scheduler endpoint, %s: codes and bodies in the master order',
  (ct) => {
    const masters: SimulatedMaster[] = [];
    const subs: RawSubscription[] = [];

    async function start(options: SimOptions = {}): Promise<SimulatedMaster> {
      const m = await SimulatedMaster.start({
        heartbeatIntervalSeconds: 0.5,
        agents: [],
        ...options,
      });
      masters.push(m);
      return m;
    }

    async function framework(
      m: SimulatedMaster,
      extra: Parameters<typeof subscribeCall>[1] = {},
    ): Promise<{ id: string; streamId: string; sub: RawSubscription }> {
      const f = await subscribeFramework(m.url, ct, extra);
      subs.push(f.sub);
      return f;
    }

    afterEach(async () => {
      for (const s of subs.splice(0)) await s.close();
      for (const m of masters.splice(0)) await m.stop();
    });

    const subscribeBody = (): Buffer => callBody(subscribeCall('conformance'), ct);

    describe('0: authentication', () => {
      const credentials = { principal: 'ops', secret: 's3cret' };
      const basic = (user: string, secret: string): Record<string, string> => ({
        authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`,
      });

      it('401 with the Basic challenge without credentials, with wrong ones, with another scheme', async () => {
        const m = await start({ credentials });
        for (const headers of [
          {},
          basic('ops', 'wrong'),
          basic('other', 's3cret'),
          { authorization: 'Bearer s3cret' },
          { authorization: `Basic *${Buffer.from('ops:s3cret').toString('base64')}` },
        ]) {
          const a = await post(m.url, subscribeBody(), { contentType: ct, headers });
          expectText(a, 401, '401 Unauthorized.');
          expect(a.headers['www-authenticate']).toBe('Basic realm="mesos-master-scheduler"');
        }
      });

      it('401 comes before 405 and before the redirect of a standby', async () => {
        const leader = await start({ credentials });
        const standby = await start({ credentials });
        standby.stepDown({ host: '127.0.0.1', port: leader.port });
        expectText(
          await post(leader.url, '', { method: 'GET', contentType: '' }),
          401,
          '401 Unauthorized.',
        );
        expectText(
          await post(standby.url, subscribeBody(), { contentType: ct }),
          401,
          '401 Unauthorized.',
        );
        const redirected = await post(standby.url, subscribeBody(), {
          contentType: ct,
          headers: basic('ops', 's3cret'),
        });
        expect(redirected.status).toBe(307);
      });

      it('an authenticated framework without a principal gets the authenticated one', async () => {
        const m = await start({ credentials });
        const s = await subscribe(m.url, subscribeCall('authenticated'), {
          contentType: ct,
          headers: basic('ops', 's3cret'),
        });
        subs.push(s);
        const first = await s.next();
        expect(first.type).toBe('SUBSCRIBED');
        const state = await post(m.url, '', { method: 'GET', contentType: '', path: '/state' });
        const fw = (JSON.parse(state.text) as { frameworks: { principal?: string }[] })
          .frameworks[0];
        expect(fw?.principal).toBe('ops');
      });

      it('400 when FrameworkInfo.principal is not the authenticated principal', async () => {
        const m = await start({ credentials });
        const a = await post(
          m.url,
          callBody(subscribeCall('p', { principal: 'someone-else' }), ct),
          {
            contentType: ct,
            headers: basic('ops', 's3cret'),
          },
        );
        expectText(
          a,
          400,
          "Failed to validate scheduler::Call: Authenticated principal 'ops' does not match principal 'someone-else' set in `FrameworkInfo`",
        );
      });
    });

    describe('2: a standby master', () => {
      it('307 to the leader with the path and query, protocol-relative, without a body', async () => {
        const leader = await start();
        const standby = await start();
        standby.stepDown({ host: '127.0.0.1', port: leader.port });
        for (const path of ['/api/v1/scheduler?a=1&b=two', '/master/api/v1/scheduler']) {
          const a = await post(standby.url, subscribeBody(), { contentType: ct, path });
          expectEmpty(a, 307);
          expect(a.headers.location).toBe(`//127.0.0.1:${leader.port}${path}`);
        }
      });

      it('redirects before any other check: GET, no content type, a body that does not parse', async () => {
        const leader = await start();
        const standby = await start();
        standby.stepDown({ host: '127.0.0.1', port: leader.port });
        for (const a of [
          await post(standby.url, '', { method: 'GET', contentType: '' }),
          await post(standby.url, subscribeBody(), { contentType: '' }),
          await post(standby.url, 'not a call', { contentType: ct }),
          await post(standby.url, subscribeBody(), { contentType: 'text/plain' }),
        ]) {
          expectEmpty(a, 307);
        }
      });

      it('the Location leads to the leader, which accepts the SUBSCRIBE', async () => {
        const leader = await start();
        const standby = await start();
        standby.stepDown({ host: '127.0.0.1', port: leader.port });
        const a = await post(standby.url, subscribeBody(), { contentType: ct });
        const target = new URL(`http:${String(a.headers.location)}`);
        const s = await subscribe(target.origin, subscribeCall('redirected'), {
          contentType: ct,
          path: target.pathname,
        });
        subs.push(s);
        expect((await s.next()).type).toBe('SUBSCRIBED');
      });

      it('503 No leader elected without a known leader', async () => {
        const standby = await start();
        standby.stepDown(undefined);
        expectText(
          await post(standby.url, subscribeBody(), { contentType: ct }),
          503,
          'No leader elected',
        );
        expectText(
          await post(standby.url, '', { method: 'GET', contentType: '' }),
          503,
          'No leader elected',
        );
      });
    });

    describe('4: method', () => {
      it.each(['GET', 'PUT', 'DELETE'])(
        '405 for %s with Allow: POST, before the content type',
        async (method) => {
          const m = await start();
          const body = `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${method}'.`;
          for (const contentType of ['', 'text/plain', ct]) {
            const a = await post(m.url, method === 'GET' ? '' : 'garbage', { method, contentType });
            expectText(a, 405, body);
            expect(a.headers.allow).toBe('POST');
          }
        },
      );
    });

    describe('5-7: content type and body', () => {
      it('400 without Content-Type, whatever the body', async () => {
        const m = await start();
        for (const body of [subscribeBody(), Buffer.from('garbage')]) {
          expectText(
            await post(m.url, body, { contentType: '' }),
            400,
            "Expecting 'Content-Type' to be present",
          );
        }
      });

      it.each([
        'text/plain',
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/protobuf',
      ])('415 for %s, before reading the body', async (other) => {
        const m = await start();
        for (const body of [subscribeBody(), Buffer.from('{not json')]) {
          expectText(await post(m.url, body, { contentType: other }), 415, UNSUPPORTED);
        }
      });
    });

    describe('8: validation', () => {
      it("400 Expecting 'type' to be present when the type is absent or not a known value", async () => {
        const m = await start();
        const bodies =
          ct === 'application/json'
            ? ['{}', '{"type":null}', '{"type":"NOT_A_TYPE","framework_id":{"value":"f"}}']
            : [
                Buffer.alloc(0),
                Buffer.concat([pbVarint(CALL_FIELDS.type ?? 0, 99), pbBytes(1, pbBytes(1, 'f'))]),
              ];
        for (const body of bodies) {
          expectText(
            await post(m.url, body, { contentType: ct }),
            400,
            "Failed to validate scheduler::Call: Expecting 'type' to be present",
          );
        }
      });

      it('400 for every type without the payload it requires; optional payloads pass', async () => {
        const m = await start();
        for (const { call, payload } of payloadCases('f-unknown')) {
          const drop = payload === undefined ? [call.type.toLowerCase()] : [payload];
          const a = await post(m.url, callBody(call, ct, { drop }), { contentType: ct });
          if (payload === undefined) expectText(a, 400, 'Framework cannot be found');
          else
            expectText(
              a,
              400,
              `Failed to validate scheduler::Call: Expecting '${payload}' to be present`,
            );
        }
      });

      it("400 Expecting 'framework_id' for every type but SUBSCRIBE, before the payload", async () => {
        const m = await start();
        for (const { call, payload } of payloadCases('f')) {
          const drop = ['framework_id', ...(payload === undefined ? [] : [payload])];
          for (const d of [['framework_id'], drop]) {
            expectText(
              await post(m.url, callBody(call, ct, { drop: d }), { contentType: ct }),
              400,
              "Failed to validate scheduler::Call: Expecting 'framework_id' to be present",
            );
          }
        }
      });

      it("400 when 'framework_id' differs from 'subscribe.framework_info.id'", async () => {
        const m = await start();
        const top = subscribeCall('x', {}, 'fw-1');
        const calls: Call[] = [
          { ...top, subscribe: { framework_info: { user: 'u', name: 'x' } } },
          { type: 'SUBSCRIBE', subscribe: top.subscribe },
          { ...top, framework_id: { value: 'fw-2' } },
        ];
        for (const call of calls) {
          const a = await post(m.url, callBody(call, ct), { contentType: ct, accept: 'text/html' });
          expectText(
            a,
            400,
            "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'",
          );
        }
      });

      it('an empty framework id on both sides counts as none: a new framework', async () => {
        const m = await start();
        const s = await subscribe(m.url, subscribeCall('empty-id', {}, ''), { contentType: ct });
        subs.push(s);
        const first = await s.next();
        expect(first.type === 'SUBSCRIBED' && first.subscribed.framework_id.value).toMatch(
          /-0000$/,
        );
      });

      it('400 Not a valid UUID for ACKNOWLEDGE uuids that are not 16 bytes of a version 1-5 UUID', async () => {
        const m = await start();
        const ack = (uuid: string): Call => ({
          type: 'ACKNOWLEDGE',
          framework_id: { value: 'f' },
          acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid },
        });
        for (const bad of [
          Buffer.alloc(16),
          Buffer.alloc(8, 0x41),
          Buffer.from('0123456789abcdef01', 'hex'),
        ]) {
          const a = await post(m.url, callBody(ack(bad.toString('base64')), ct), {
            contentType: ct,
          });
          expectText(a, 400, 'Failed to validate scheduler::Call: Not a valid UUID');
        }
        expectText(
          await post(m.url, callBody(ack(uuidBase64()), ct), { contentType: ct }),
          400,
          'Framework cannot be found',
        );
      });

      it('ACKNOWLEDGE_OPERATION_STATUS: the uuid is checked before the required agent_id', async () => {
        const m = await start();
        const ack = (uuid: string, withAgent: boolean): Call => ({
          type: 'ACKNOWLEDGE_OPERATION_STATUS',
          framework_id: { value: 'f' },
          acknowledge_operation_status: {
            uuid,
            operation_id: { value: 'op' },
            ...(withAgent ? { agent_id: { value: 'a' } } : {}),
          },
        });
        const bad = Buffer.alloc(16).toString('base64');
        const prefix = 'Failed to validate scheduler::Call: ';
        expectText(
          await post(m.url, callBody(ack(bad, false), ct), { contentType: ct }),
          400,
          `${prefix}Not a valid UUID`,
        );
        expectText(
          await post(m.url, callBody(ack(uuidBase64(), false), ct), { contentType: ct }),
          400,
          `${prefix}Expecting 'agent_id' to be present`,
        );
        expectText(
          await post(m.url, callBody(ack(uuidBase64(), true), ct), { contentType: ct }),
          400,
          'Framework cannot be found',
        );
      });

      it("400 when 'framework_id' differs from 'update_framework.framework_info.id'", async () => {
        const m = await start();
        for (const id of [undefined, { value: 'other' }]) {
          const call: Call = {
            type: 'UPDATE_FRAMEWORK',
            framework_id: { value: 'f' },
            update_framework: {
              framework_info: { user: 'u', name: 'n', ...(id === undefined ? {} : { id }) },
            },
          };
          expectText(
            await post(m.url, callBody(call, ct), { contentType: ct }),
            400,
            "Failed to validate scheduler::Call: 'framework_id' differs from 'update_framework.framework_info.id'",
          );
        }
      });

      it('validation comes before the Accept check and the stream id check', async () => {
        const m = await start();
        const invalid = callBody(
          {
            type: 'SUBSCRIBE',
            framework_id: { value: 'x' },
            subscribe: subscribeCall('v').subscribe,
          },
          ct,
        );
        const a = await post(m.url, invalid, {
          contentType: ct,
          accept: 'text/html',
          streamId: 'some-stream',
        });
        expectText(
          a,
          400,
          "Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'",
        );
      });
    });

    describe('9-11: SUBSCRIBE headers', () => {
      it('406 when neither media type is acceptable (SUBSCRIBE and RECONCILE_OPERATIONS only)', async () => {
        const m = await start();
        expectText(
          await post(m.url, subscribeBody(), { contentType: ct, accept: 'text/html' }),
          406,
          NOT_ACCEPTABLE,
        );
        const reconcileOps: Call = {
          type: 'RECONCILE_OPERATIONS',
          framework_id: { value: 'f' },
          reconcile_operations: {},
        };
        // before the framework lookup
        expectText(
          await post(m.url, callBody(reconcileOps, ct), { contentType: ct, accept: 'text/html' }),
          406,
          NOT_ACCEPTABLE,
        );
        const revive: Call = { type: 'REVIVE', framework_id: { value: 'f' } };
        expectText(
          await post(m.url, callBody(revive, ct), { contentType: ct, accept: 'text/html' }),
          400,
          'Framework cannot be found',
        );
      });

      it('406 comes before the stream id check, which comes before everything about the framework', async () => {
        const m = await start();
        expectText(
          await post(m.url, subscribeBody(), {
            contentType: ct,
            accept: 'text/html',
            streamId: 'x',
          }),
          406,
          NOT_ACCEPTABLE,
        );
        const removed = callBody(subscribeCall('x', {}, 'never-seen'), ct);
        for (const streamId of ['x', '']) {
          expectText(
            await post(m.url, removed, { contentType: ct, streamId }),
            400,
            "Subscribe calls should not include the 'Mesos-Stream-Id' header",
          );
        }
      });

      it('200: a chunked stream with Content-Type and a UUID Mesos-Stream-Id', async () => {
        const m = await start();
        const s = await subscribe(m.url, subscribeCall('headers'), { contentType: ct, accept: ct });
        subs.push(s);
        expect(s.status).toBe(200);
        expect(s.headers['content-type']).toBe(ct);
        expect(s.headers['transfer-encoding']).toBe('chunked');
        expect(s.headers['content-length']).toBeUndefined();
        expect(s.streamId).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect((await s.next()).type).toBe('SUBSCRIBED');
      });
    });

    describe('12-20: the framework and its stream', () => {
      it('400 Framework cannot be found for an unknown id, before the stream id check', async () => {
        const m = await start();
        const call: Call = { type: 'REVIVE', framework_id: { value: 'nobody' } };
        expectText(
          await post(m.url, callBody(call, ct), { contentType: ct }),
          400,
          'Framework cannot be found',
        );
        expectText(
          await post(m.url, callBody(call, ct), { contentType: ct, streamId: 'x' }),
          400,
          'Framework cannot be found',
        );
      });

      it('403 Framework is not subscribed while a disconnected framework waits out its failover timeout', async () => {
        const m = await start();
        const f = await framework(m, { failover_timeout: 60 });
        await f.sub.close();
        const call = callBody({ type: 'REVIVE', framework_id: { value: f.id } }, ct);
        const deadline = Date.now() + 5000;
        let a = await post(m.url, call, { contentType: ct, streamId: f.streamId });
        while (a.status === 202 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 20));
          a = await post(m.url, call, { contentType: ct, streamId: f.streamId });
        }
        expectText(a, 403, 'Framework is not subscribed');
        // before the stream id checks
        expectText(
          await post(m.url, call, { contentType: ct }),
          403,
          'Framework is not subscribed',
        );
        expectText(
          await post(m.url, call, { contentType: ct, streamId: 'stale' }),
          403,
          'Framework is not subscribed',
        );
      });

      it('400 without Mesos-Stream-Id, 400 with another stream id, 202 with the right one', async () => {
        const m = await start();
        const f = await framework(m);
        const call = callBody({ type: 'REVIVE', framework_id: { value: f.id } }, ct);
        expectText(
          await post(m.url, call, { contentType: ct }),
          400,
          "All non-subscribe calls should include the 'Mesos-Stream-Id' header",
        );
        const other = '0bd2f0e5-8c5e-4d8e-9e57-3a3c1e4f9d21';
        expectText(
          await post(m.url, call, { contentType: ct, streamId: other }),
          400,
          `The stream ID '${other}' included in this request didn't match the stream ID currently associated with framework ID ${f.id}`,
        );
        expectEmpty(await post(m.url, call, { contentType: ct, streamId: f.streamId }), 202);
      });

      it('the stream id of a replaced subscription is refused, the new one accepted', async () => {
        const m = await start();
        const first = await framework(m, { failover_timeout: 60 });
        const second = await subscribeFramework(m.url, ct, { failover_timeout: 60 }, first.id);
        subs.push(second.sub);
        expect(second.id).toBe(first.id);
        expect(second.streamId).not.toBe(first.streamId);
        const call = callBody({ type: 'SUPPRESS', framework_id: { value: first.id } }, ct);
        expectText(
          await post(m.url, call, { contentType: ct, streamId: first.streamId }),
          400,
          `The stream ID '${first.streamId}' included in this request didn't match the stream ID currently associated with framework ID ${first.id}`,
        );
        expectEmpty(await post(m.url, call, { contentType: ct, streamId: second.streamId }), 202);
      });

      it('202 with an empty body for every call type; 200 for UPDATE_FRAMEWORK', async () => {
        const m = await start();
        const f = await framework(m);
        for (const call of everyCall(f.id)) {
          const a = await post(m.url, callBody(call, ct), {
            contentType: ct,
            streamId: f.streamId,
          });
          expect({ type: call.type, status: a.status }).toEqual({ type: call.type, status: 202 });
          expectEmpty(a, 202);
        }
        const update: Call = {
          type: 'UPDATE_FRAMEWORK',
          framework_id: { value: f.id },
          update_framework: {
            framework_info: { user: 'tester', name: 'conformance', id: { value: f.id } },
          },
        };
        expectEmpty(
          await post(m.url, callBody(update, ct), { contentType: ct, streamId: f.streamId }),
          200,
        );
        const teardown: Call = { type: 'TEARDOWN', framework_id: { value: f.id } };
        expectEmpty(
          await post(m.url, callBody(teardown, ct), { contentType: ct, streamId: f.streamId }),
          202,
        );
      });

      it('501 Not Implemented for a call of type UNKNOWN from a subscribed framework', async () => {
        const m = await start();
        const f = await framework(m);
        const call: Call = { type: 'UNKNOWN', framework_id: { value: f.id } };
        expectText(
          await post(m.url, callBody(call, ct), { contentType: ct, streamId: f.streamId }),
          501,
          '501 Not Implemented.',
        );
      });
    });
  },
);

describe('scheduler endpoint: bodies that do not parse', () => {
  let master: SimulatedMaster;
  beforeEach(async () => {
    master = await SimulatedMaster.start({ agents: [] });
  });
  afterEach(async () => {
    await master.stop();
  });

  const json = async (body: string | Buffer): Promise<Awaited<ReturnType<typeof post>>> =>
    post(master.url, body, { contentType: 'application/json' });
  const protobuf = async (body: Buffer): Promise<Awaited<ReturnType<typeof post>>> =>
    post(master.url, body, { contentType: 'application/x-protobuf' });

  it('protobuf: bytes that are no Call, and a Call missing a required field', async () => {
    const noUser = Buffer.concat([pbVarint(2, 1), pbBytes(3, pbBytes(1, pbBytes(2, 'name-only')))]);
    for (const body of [Buffer.from([0xff]), Buffer.from([0x0a, 0x05, 0x0a]), noUser]) {
      expectText(await protobuf(body), 400, 'Failed to parse body into Call protobuf');
    }
  });

  it('protobuf: a JSON body sent as protobuf does not parse', async () => {
    expectText(
      await protobuf(callBody(subscribeCall('x'), 'application/json')),
      400,
      'Failed to parse body into Call protobuf',
    );
  });

  it.each([
    ['', 'syntax error at line 1 near: '],
    ['{"type":', 'syntax error at line 1 near: '],
    ['{"type":}', 'syntax error at line 1 near: }'],
    ['{\n"type":\n"SUBSCRIBE",,\n}', 'syntax error at line 3 near: ,'],
    ["{'type':'SUBSCRIBE'}", "syntax error at line 1 near: 'type':'SUBSCRIBE'}"],
    ['{"type":"SUBSCRIBE"} x', 'Parsed JSON included non-whitespace trailing characters:  x'],
    ['{"a":1.2.3}', 'syntax error at line 1 near: }'],
  ])('JSON syntax: %j', async (body, detail) => {
    expectText(await json(body), 400, `Failed to parse body into JSON: ${detail}`);
  });

  it.each([
    ['a JSON array', '[]', 'Expecting a JSON object'],
    [
      'a string for a message',
      '{"type":"TEARDOWN","framework_id":"f1"}',
      "Not expecting a JSON string for field 'framework_id'",
    ],
    [
      'a number for a string',
      '{"type":"TEARDOWN","framework_id":{"value":7}}',
      "Not expecting a JSON number for field 'value'",
    ],
    [
      'a number for an enum',
      '{"type":2,"framework_id":{"value":"f1"}}',
      "Not expecting a JSON number for field 'type'",
    ],
    [
      'an object for a string',
      '{"type":"TEARDOWN","framework_id":{"value":{}}}',
      "Not expecting a JSON object for field 'value'",
    ],
    [
      'an array for a message',
      '{"type":"TEARDOWN","framework_id":[]}',
      "Not expecting a JSON array for field 'framework_id'",
    ],
    [
      'a boolean for a message',
      '{"type":"TEARDOWN","framework_id":true}',
      "Not expecting a JSON boolean for field 'framework_id'",
    ],
    [
      'bad base64',
      '{"type":"ACKNOWLEDGE","framework_id":{"value":"f"},"acknowledge":{"agent_id":{"value":"a"},"task_id":{"value":"t"},"uuid":"no*base64"}}',
      "Failed to base64 decode bytes field 'uuid': Invalid character '*'",
    ],
    [
      'a missing required field',
      '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"name":"n"}}}',
      'Missing required fields: subscribe.framework_info.user',
    ],
    [
      'a missing required field in a list',
      '{"type":"DECLINE","framework_id":{"value":"f"},"decline":{"offer_ids":[{"value":"o"},{}]}}',
      'Missing required fields: decline.offer_ids[1].value',
    ],
    [
      'a number that is not one, for a double',
      '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n","failover_timeout":"soon"}}}',
      "Failed to parse 'soon' as a JSON number for field 'failover_timeout': syntax error at line 1 near: soon",
    ],
  ])('JSON not mapping onto Call: %s', async (_what, body, detail) => {
    expectText(await json(body), 400, `Failed to convert JSON into Call protobuf: ${detail}`);
  });

  it('parsing comes before validation: an invalid call that does not parse is a parse error', async () => {
    const body =
      '{"type":"SUBSCRIBE","framework_id":{"value":"a"},"subscribe":{"framework_info":{"name":"n"}}}';
    expectText(
      await json(body),
      400,
      'Failed to convert JSON into Call protobuf: Missing required fields: subscribe.framework_info.user',
    );
  });

  it('null is an unset field, unknown keys are ignored', async () => {
    const body = '{"type":"REVIVE","framework_id":{"value":"f"},"revive":null,"frameworkId":7}';
    expectText(await json(body), 400, 'Framework cannot be found');
  });
});
