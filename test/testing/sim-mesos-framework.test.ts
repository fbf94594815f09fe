/**
 * A real third-party client, unmodified: the `mesos-framework` npm package (0.5.3, Mesos 1.x
 * JSON API) subscribes to the simulated master, receives SUBSCRIBED and heartbeats, and gets
 * the master's answers to the calls it sends, including the malformed ones.
 */
import { request } from 'undici';
import { SimulatedMaster } from '../../src/testing';
import {
  errorText,
  removeLogs,
  runMesosFramework,
  type FrameworkRun,
} from '../helpers/mesos-framework-harness';

interface StateFramework {
  readonly id: string;
  readonly name: string;
  readonly user: string;
  readonly failover_timeout: number;
  readonly active: boolean;
}

async function frameworks(url: string): Promise<{
  readonly frameworks: readonly StateFramework[];
  readonly completed_frameworks: readonly StateFramework[];
}> {
  const res = await request(`${url}/state`);
  return (await res.body.json()) as {
    frameworks: StateFramework[];
    completed_frameworks: StateFramework[];
  };
}

describe('mesos-framework against the simulated master: subscription', () => {
  let master: SimulatedMaster;
  let run: FrameworkRun | undefined;
  let stopped = false;

  beforeEach(async () => {
    stopped = false;
    master = await SimulatedMaster.start({ heartbeatIntervalSeconds: 0.2 });
  });

  afterEach(async () => {
    run?.stop();
    run = undefined;
    if (!stopped) await master.stop();
  });

  afterAll(() => {
    removeLogs();
  });

  it('subscribes, gets SUBSCRIBED with a new framework id and heartbeats at the interval', async () => {
    run = runMesosFramework(master.url);
    const subscribed = (await run.next('subscribed')) as {
      frameworkId: string;
      mesosStreamId: string;
    };
    expect(subscribed.frameworkId).toMatch(new RegExp(`^${master.core.ids.masterId}-\\d{4,}$`));
    expect(subscribed.mesosStreamId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const beats: number[] = [];
    for (let i = 0; i < 4; i++) beats.push((await run.next('heartbeat')) as number);
    // the first right after SUBSCRIBED, then one per 0.2 s
    const gaps = beats.slice(1).map((t, i) => t - (beats[i] ?? t));
    expect(Math.min(...gaps.slice(1))).toBeGreaterThanOrEqual(150);
    const state = await frameworks(master.url);
    const fw = state.frameworks.find((f) => f.id === subscribed.frameworkId);
    expect(fw).toMatchObject({
      name: 'mesos-framework-conformance',
      user: 'root',
      failover_timeout: 604800,
      active: true,
    });
    expect(run.errors()).toEqual([]);
  });

  it('gets 202 for its well-formed calls', async () => {
    run = runMesosFramework(master.url);
    await run.next('subscribed');
    const scheduler = run.scheduler;
    scheduler.revive();
    await run.next('sent_revive');
    scheduler.reconcile();
    await run.next('sent_reconcile');
    scheduler.reconcile('some-task', 'some-agent');
    await run.next('sent_reconcile');
    scheduler.kill('some-task', 'some-agent');
    await run.next('sent_kill');
    scheduler.message('some-agent', 'some-executor', 'hello');
    await run.next('sent_message');
    scheduler.acknowledge({
      status: {
        agent_id: { value: 'some-agent' },
        task_id: { value: 'some-task' },
        uuid: Buffer.from('6f1c2a3b4d5e4f60a1b2c3d4e5f60718', 'hex').toString('base64'),
      },
    });
    await run.next('sent_acknowledge');
    expect(run.errors()).toEqual([]);
  });

  it('gets the master 400 for the calls it builds wrongly (SHUTDOWN and REQUEST payloads)', async () => {
    run = runMesosFramework(master.url);
    await run.next('subscribed');
    // it puts the SHUTDOWN payload under "kill" (which lacks the required task_id there) and
    // the REQUEST payload at the top level
    run.scheduler.shutdown('some-agent', 'some-executor');
    const shutdown = await run.next('error');
    expect(errorText(shutdown)).toBe(
      "Request was not accepted properly. Reponse status code was '400'. Body was 'Failed to convert JSON into Call protobuf: Missing required fields: kill.task_id'.",
    );
    run.scheduler.request([]);
    const req = await run.next('error');
    expect(errorText(req)).toBe(
      "Request was not accepted properly. Reponse status code was '400'. Body was 'Failed to validate scheduler::Call: Expecting 'request' to be present'.",
    );
  });

  it('TEARDOWN ends its stream; its automatic re-subscription is refused as removed', async () => {
    run = runMesosFramework(master.url, { exponentialBackoffMinimum: 0.05 });
    const subscribed = (await run.next('subscribed')) as { frameworkId: string };
    run.scheduler.teardown();
    await run.next('sent_teardown');
    const is = (text: string) => (e: unknown) => errorText(e) === text;
    await run.next('error', is('Long-running connection was closed!'));
    // it re-subscribes with the removed id (a real master refuses it the same way)
    await run.next('error', is('Error received from Mesos master: Framework has been removed'));
    const state = await frameworks(master.url);
    expect(state.frameworks).toEqual([]);
    expect(state.completed_frameworks.map((f) => f.id)).toEqual([subscribed.frameworkId]);
    // end its re-subscription loop: the master goes away and the next attempt fails
    stopped = true;
    await master.stop();
    await run.next(
      'error',
      (e) => errorText(e).startsWith('There was a problem with the request: '),
      10_000,
    );
  });
});
