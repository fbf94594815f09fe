import { Subscription } from 'rxjs';
import type { Command } from '../../src/calls';
import {
  MesosSchedulerDriver,
  type ClassicSchedulerDriver,
  type DriverStatus,
} from '../../src/compat';
import type { SimulatedMaster } from '../../src/testing';
import type { TaskStatus } from '../../src/wire';
import { hostPort, startMaster, waitFor } from './compat-harness';

const offer = { value: 'O1' };
const agent = { value: 'A1' };
const status: TaskStatus = {
  task_id: { value: 'T1' },
  agent_id: agent,
  state: 'TASK_RUNNING',
  uuid: 'AAECAwQFBgcICQoLDA0ODw==',
};

/** Every call method, and the call type it sends when running (undefined: sends nothing). */
const METHODS: readonly (readonly [
  string,
  (d: ClassicSchedulerDriver) => DriverStatus,
  Command['type'] | undefined,
])[] = [
  ['requestResources', (d) => d.requestResources([{ agent_id: agent }]), 'REQUEST'],
  ['launchTasks', (d) => d.launchTasks([offer], []), 'ACCEPT'],
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  ['launchTasks (single offer)', (d) => d.launchTasks(offer, []), 'ACCEPT'],
  ['killTask', (d) => d.killTask({ value: 'T1' }), 'KILL'],
  ['acceptOffers', (d) => d.acceptOffers([offer], []), 'ACCEPT'],
  ['declineOffer', (d) => d.declineOffer(offer, { refuse_seconds: 5 }), 'DECLINE'],
  ['reviveOffers()', (d) => d.reviveOffers(), 'REVIVE'],
  ['reviveOffers(roles)', (d) => d.reviveOffers(['web']), 'REVIVE'],
  ['reviveOffers([])', (d) => d.reviveOffers([]), undefined],
  ['suppressOffers()', (d) => d.suppressOffers(), 'SUPPRESS'],
  ['suppressOffers(roles)', (d) => d.suppressOffers(['web']), 'SUPPRESS'],
  ['suppressOffers([])', (d) => d.suppressOffers([]), undefined],
  ['acknowledgeStatusUpdate', (d) => d.acknowledgeStatusUpdate(status), 'ACKNOWLEDGE'],
  ['sendFrameworkMessage', (d) => d.sendFrameworkMessage({ value: 'E1' }, agent, 'hi'), 'MESSAGE'],
  ['reconcileTasks', (d) => d.reconcileTasks([status]), 'RECONCILE'],
  [
    'updateFramework',
    (d) => d.updateFramework({ name: 'x2', user: 'me' }, ['web']),
    'UPDATE_FRAMEWORK',
  ],
];

describe('MesosSchedulerDriver: the status every method returns', () => {
  let master: SimulatedMaster;
  let driver: MesosSchedulerDriver;
  let sent: Command[];
  beforeEach(async () => {
    master = await startMaster();
    driver = new MesosSchedulerDriver({}, { name: 'status', user: 'me' }, hostPort(master), {
      implicitAcknowledgements: false,
    });
    sent = [];
    // record the commands instead of sending them
    jest.spyOn(driver.reactive, 'dispatch').mockImplementation((commands) => {
      sent.push(...(commands as readonly Command[]));
      return new Subscription();
    });
  });
  afterEach(async () => {
    driver.abort();
    await driver.join();
    await master.stop();
  });

  it('before start: DRIVER_NOT_STARTED and no call; abort, stop and join change nothing', async () => {
    for (const [, call] of METHODS) expect(call(driver)).toBe('DRIVER_NOT_STARTED');
    expect(driver.stop()).toBe('DRIVER_NOT_STARTED');
    expect(driver.abort()).toBe('DRIVER_NOT_STARTED');
    expect(await driver.join()).toBe('DRIVER_NOT_STARTED');
    expect(driver.status).toBe('DRIVER_NOT_STARTED');
    expect(sent).toEqual([]);
  });

  it.each(METHODS.map(([name, call, type]) => [name, call, type] as const))(
    'while running: %s returns DRIVER_RUNNING and sends %s',
    async (_name, call, type) => {
      expect(driver.start()).toBe('DRIVER_RUNNING');
      expect(driver.start()).toBe('DRIVER_RUNNING');
      await waitFor(() => driver.reactive.frameworkId !== undefined, 5000, 'subscription');
      expect(call(driver)).toBe('DRIVER_RUNNING');
      expect(sent.map((c) => c.type)).toEqual(type === undefined ? [] : [type]);
    },
  );

  it('after abort: DRIVER_ABORTED from every method, no call, join resolves DRIVER_ABORTED', async () => {
    driver.start();
    expect(driver.abort()).toBe('DRIVER_ABORTED');
    for (const [, call] of METHODS) expect(call(driver)).toBe('DRIVER_ABORTED');
    expect(driver.start()).toBe('DRIVER_ABORTED');
    expect(driver.stop()).toBe('DRIVER_ABORTED');
    expect(driver.abort()).toBe('DRIVER_ABORTED');
    expect(await driver.join()).toBe('DRIVER_ABORTED');
    expect(await driver.run()).toBe('DRIVER_ABORTED');
    expect(sent).toEqual([]);
  });

  it('after stop: DRIVER_STOPPED at once from every method, no call', async () => {
    driver.start();
    expect(driver.stop(true)).toBe('DRIVER_STOPPED');
    for (const [, call] of METHODS) expect(call(driver)).toBe('DRIVER_STOPPED');
    expect(driver.abort()).toBe('DRIVER_STOPPED');
    expect(await driver.join()).toBe('DRIVER_STOPPED');
    expect(sent).toEqual([]);
  });

  it('with implicit acknowledgements, acknowledgeStatusUpdate sends nothing', async () => {
    const implicit = new MesosSchedulerDriver({}, { name: 'i', user: 'me' }, master.url);
    const dispatch = jest.spyOn(implicit.reactive, 'dispatch');
    implicit.start();
    expect(implicit.acknowledgeStatusUpdate(status)).toBe('DRIVER_RUNNING');
    expect(implicit.acknowledgeStatusUpdate({ ...status, uuid: undefined })).toBe('DRIVER_RUNNING');
    expect(dispatch).not.toHaveBeenCalled();
    implicit.abort();
    expect(await implicit.join()).toBe('DRIVER_ABORTED');
  });
});
