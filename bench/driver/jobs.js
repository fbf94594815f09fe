// @ts-check
'use strict';

/**
 * The job of the lifecycle benchmark, written three times: with the rxmesos driver, with the
 * `mesos-framework` package (0.5.3), and as the bare baseline (bench/driver/bare-framework.js),
 * each against its own simulated master (bench/driver/sim-thread.js).
 *
 * The job: run `count` command tasks (0.1 cpus, 32 MiB each, command `true`) to completion.
 * Each framework stays subscribed between jobs; a job puts its tasks in the framework's queue
 * of pending tasks and sends REVIVE (filters from earlier declines are lifted); the framework
 * launches the pending tasks on the offers it gets, declines offers when nothing is pending,
 * and acknowledges every status update. A job is done when the simulated master has received
 * the acknowledgement of the terminal update (TASK_FINISHED) of every one of its tasks.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { bareFramework } = require('./bare-framework');

const DIST = '../../dist/src';

/** Resources of one task. */
const TASK = { cpus: 0.1, mem: 32 };

/**
 * A subscribed framework that runs jobs.
 * @typedef {object} JobRunner
 * @property {string} frameworkId
 * @property {(count: number) => Promise<number>} run Runs one job; resolves to the tasks that finished.
 * @property {() => number} errors Errors reported so far (must stay 0).
 * @property {() => string[]} errorTexts The first errors reported.
 * @property {() => number} updates Status updates with a uuid received (duplicates included).
 * @property {() => Promise<void>} stop
 */

/**
 * The job with the rxmesos driver.
 * @param {string} url The simulated master.
 * @param {import('../../dist/src').ContentType} contentType
 * @param {(frameworkId: string, count: number) => Promise<unknown>} untilAcked
 * @returns {Promise<JobRunner>}
 */
async function rxmesosJob(url, contentType, untilAcked) {
  /** @type {typeof import('../../dist/src/driver')} */
  const { createDriver } = require(`${DIST}/driver`);
  /** @type {typeof import('../../dist/src')} */
  const { declineOffer, launchTasks, reviveOffers } = require(DIST);
  const driver = createDriver({
    master: url,
    framework: { name: 'bench-rxmesos', user: 'bench' },
    contentType,
  });
  /** @type {string[]} */
  const pending = [];
  let finished = 0;
  let errors = 0;
  let job = 0;
  let target = 0;
  /** @type {import('../../dist/src').Resource[]} */
  const resources = [
    { name: 'cpus', type: 'SCALAR', scalar: { value: TASK.cpus } },
    { name: 'mem', type: 'SCALAR', scalar: { value: TASK.mem } },
  ];
  /** @param {import('../../dist/src').Offer} offer @param {string} name */
  const scalar = (offer, name) =>
    (offer.resources ?? [])
      .filter((r) => r.name === name && r.type === 'SCALAR')
      .reduce((sum, r) => sum + (r.scalar?.value ?? 0), 0);

  driver.handle(driver.offers$, (offers) =>
    offers.map((offer) => {
      const fit = Math.min(
        pending.length,
        Math.floor(scalar(offer, 'cpus') / TASK.cpus),
        Math.floor(scalar(offer, 'mem') / TASK.mem),
      );
      if (fit === 0) return declineOffer(offer.id);
      const tasks = pending.splice(0, fit).map((id) => ({
        name: id,
        task_id: { value: id },
        agent_id: offer.agent_id,
        resources,
        command: { value: 'true' },
      }));
      return launchTasks(offer.id, tasks);
    }),
  );
  let updates = 0;
  driver.handle(driver.statusUpdates$, (status) => {
    if (status.uuid !== undefined) updates++;
    if (status.state === 'TASK_FINISHED') finished++;
    return undefined;
  });
  /** @type {string[]} */
  const texts = [];
  driver.errors$.subscribe((e) => {
    errors++;
    if (texts.length < 5) texts.push(e.message);
  });
  const registered = new Promise((resolve) => {
    driver.registered$.subscribe(resolve);
  });
  driver.start();
  const { frameworkId } = /** @type {import('../../dist/src/driver').Registered} */ (
    await registered
  );
  return {
    frameworkId: frameworkId.value,
    async run(count) {
      const before = finished;
      for (let i = 0; i < count; i++) pending.push(`rx-${job}-${i}`);
      job++;
      target += count;
      void driver.send(reviveOffers());
      await untilAcked(frameworkId.value, target);
      return finished - before;
    },
    errors: () => errors,
    errorTexts: () => texts,
    updates: () => updates,
    async stop() {
      await driver.stop({ failover: true });
    },
  };
}

/**
 * The same job with `mesos-framework`: its `Scheduler` launches pending tasks on offers (its
 * built-in OFFERS handler), declines offers when none is pending and acknowledges updates (its
 * built-in UPDATE handler). A job's tasks are added to `scheduler.pendingTasks` in the shape
 * its constructor gives the `tasks` option (one deep copy of the task definition per
 * instance, named `<name>-<n>`), followed by `scheduler.revive()`.
 * @param {string} url
 * @param {(frameworkId: string, count: number) => Promise<unknown>} untilAcked
 * @returns {Promise<JobRunner>}
 */
async function mesosFrameworkJob(url, untilAcked) {
  /** @type {typeof import('mesos-framework')} */
  const { Scheduler, Mesos } = require('mesos-framework');
  const CommandInfo = Mesos.getMesos()['CommandInfo'];
  if (CommandInfo === undefined) throw new Error('mesos-framework has no CommandInfo');
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmesos-bench-mesos-framework-'));
  const u = new URL(url);
  const scheduler = new Scheduler({
    masterUrl: u.hostname,
    port: Number(u.port),
    frameworkName: 'bench-mesos-framework',
    user: 'bench',
    logging: { path: logDir, fileName: 'scheduler.log', level: 'error' },
    tasks: {},
  });
  let finished = 0;
  let errors = 0;
  let job = 0;
  let target = 0;
  let stopping = false;
  /** @type {string[]} */
  const texts = [];
  scheduler.on('error', (/** @type {unknown} */ e) => {
    if (stopping) return;
    errors++;
    if (texts.length < 5)
      texts.push(
        typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e),
      );
  });
  let updates = 0;
  scheduler.on('update', (/** @type {{ status: { state: string, uuid?: string } }} */ update) => {
    if (update.status.uuid !== undefined) updates++;
    if (update.status.state === 'TASK_FINISHED') finished++;
  });
  await new Promise((resolve) => scheduler.once('ready', resolve));
  const subscribed = new Promise((resolve) => scheduler.once('subscribed', resolve));
  scheduler.subscribe();
  const { frameworkId } = /** @type {{ frameworkId: string }} */ (await subscribed);
  /** @type {{ pendingTasks: Record<string, unknown>[] }} */
  const queue = /** @type {never} */ (scheduler);
  return {
    frameworkId,
    async run(count) {
      const before = finished;
      for (let i = 1; i <= count; i++) {
        queue.pendingTasks.push({
          name: `job${job}-${i}`,
          instances: count,
          isSubmitted: false,
          allowScaling: false,
          commandInfo: new CommandInfo(null, null, true, 'true', null, null),
          resources: { cpus: TASK.cpus, mem: TASK.mem, disk: 0, ports: 0 },
        });
      }
      job++;
      target += count;
      scheduler.revive();
      await untilAcked(frameworkId, target);
      return finished - before;
    },
    errors: () => errors,
    errorTexts: () => texts,
    updates: () => updates,
    async stop() {
      stopping = true;
      // the subscription request is a plain object until the first SUBSCRIBE went out
      /** @type {{ destroy?: () => void }} */ (scheduler.httpRequest).destroy?.();
      scheduler.logger.close();
      fs.rmSync(logDir, { recursive: true, force: true });
    },
  };
}

/**
 * The same job with the bare baseline (bench/driver/bare-framework.js): the same HTTP settings
 * as the driver's transport, protobufjs, no validation, no dispatcher.
 * @param {string} url
 * @param {(frameworkId: string, count: number) => Promise<unknown>} untilAcked
 * @returns {Promise<JobRunner>}
 */
async function bareJob(url, untilAcked) {
  const bare = await bareFramework(url, TASK);
  let job = 0;
  let target = 0;
  return {
    frameworkId: bare.frameworkId,
    async run(count) {
      const before = bare.finished();
      for (let i = 0; i < count; i++) bare.pending.push(`bare-${job}-${i}`);
      job++;
      target += count;
      bare.revive();
      await untilAcked(bare.frameworkId, target);
      return bare.finished() - before;
    },
    errors: () => bare.errors(),
    errorTexts: () => (bare.errors() > 0 ? [`${bare.errors()} calls not answered 202`] : []),
    updates: () => bare.updates(),
    stop: () => bare.stop(),
  };
}

module.exports = { rxmesosJob, mesosFrameworkJob, bareJob, TASK };
