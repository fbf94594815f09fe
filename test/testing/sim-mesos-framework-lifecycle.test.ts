/**
 * The unmodified `mesos-framework` npm package runs a command task on the simulated master
 * from offer to TASK_FINISHED: it takes an offer, launches with ACCEPT, receives the status
 * updates and acknowledges each one that carries a uuid.
 */
import { Mesos } from 'mesos-framework';
import { SimulatedMaster } from '../../src/testing';
import {
  removeLogs,
  runMesosFramework,
  type FrameworkRun,
} from '../helpers/mesos-framework-harness';

interface Update {
  readonly status: {
    readonly task_id: { readonly value: string };
    readonly agent_id?: { readonly value: string };
    readonly state: string;
    readonly uuid?: string;
  };
}

interface OffersEvent {
  readonly offers: readonly { readonly id: { readonly value: string } }[];
}

describe('mesos-framework against the simulated master: a task from offer to TASK_FINISHED', () => {
  let master: SimulatedMaster;
  let run: FrameworkRun | undefined;

  beforeEach(async () => {
    master = await SimulatedMaster.start({
      heartbeatIntervalSeconds: 1,
      allocationIntervalMs: 100,
      agents: [{ cpus: 2, mem: 1024, disk: 1024, ports: [[31000, 31010]] }],
      taskScript: () => ({ runSeconds: 0.2, state: 'TASK_FINISHED' }),
      // an update that is not acknowledged comes again after 0.2 s
      statusUpdateRetryMs: 200,
    });
  });

  afterEach(async () => {
    run?.stop();
    run = undefined;
    await master.stop();
  });

  afterAll(() => {
    removeLogs();
  });

  it('launches one command task, sees it run and finish, and acknowledges every update', async () => {
    const { CommandInfo } = Mesos.getMesos();
    if (CommandInfo === undefined) throw new Error('mesos-framework has no CommandInfo');
    run = runMesosFramework(master.url, {
      tasks: {
        once: {
          instances: 1,
          commandInfo: new CommandInfo(null, null, true, 'true', null, null),
          resources: { cpus: 0.1, mem: 32, disk: 0, ports: 1 },
        },
      },
    });
    await run.next('subscribed');
    const offers = (await run.next('offers', undefined, 10_000)) as OffersEvent;
    expect(offers.offers.length).toBeGreaterThan(0);
    await run.next('sent_accept', undefined, 10_000);
    const launched = run.scheduler.launchedTasks[0];
    const taskId = launched?.taskId;
    expect(taskId).toMatch(/^mesos-framework-conformance\.once-1\./);
    const forTask = (state: string) => (u: unknown) =>
      (u as Update).status.task_id.value === taskId && (u as Update).status.state === state;
    const running = (await run.next('update', forTask('TASK_RUNNING'), 10_000)) as Update;
    const finished = (await run.next('update', forTask('TASK_FINISHED'), 10_000)) as Update;
    for (const u of [running, finished]) {
      expect(u.status.uuid).toEqual(expect.any(String));
      expect(Buffer.from(u.status.uuid ?? '', 'base64')).toHaveLength(16);
      expect(u.status.agent_id?.value).toMatch(new RegExp(`^${master.core.ids.masterId}-S\\d+$`));
    }
    // one ACKNOWLEDGE per update with a uuid, each answered 202
    const updates = run.emitted.filter((e) => e.name === 'update').length;
    for (let i = 0; i < updates; i++) await run.next('sent_acknowledge', undefined, 10_000);
    // the master took the acknowledgements: no update of the task comes again
    await new Promise((r) => setTimeout(r, 800));
    const states = run.emitted
      .filter((e) => e.name === 'update' && (e.arg as Update).status.task_id.value === taskId)
      .map((e) => (e.arg as Update).status.state);
    expect(new Set(states).size).toBe(states.length);
    expect(states[states.length - 1]).toBe('TASK_FINISHED');
    // a finished task is not restarted by default: it leaves the launched list
    expect(run.scheduler.launchedTasks.map((t) => t.taskId)).not.toContain(taskId);
    expect(run.errors().filter((e) => e.startsWith('Request was not accepted'))).toEqual([]);
    expect(run.errors().filter((e) => e.startsWith("Couldn't parse"))).toEqual([]);
  });
});
