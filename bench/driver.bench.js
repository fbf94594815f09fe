// @ts-check
'use strict';

/**
 * The reactive driver end to end, against simulated masters (docs/benchmarks.md, "The driver
 * benchmark"). Four groups, each in its own process (bench/run.js):
 *
 * - `lifecycles`: task lifecycles per second (offer → launch → RUNNING → FINISHED → every
 *   update acknowledged), rxmesos (protobuf, and JSON) next to the same job written with
 *   `mesos-framework` 0.5.3 and as a bare undici + protobufjs client (the limit of this
 *   simulator with the driver's HTTP settings), each against its own simulator of identical
 *   configuration, samples interleaved (bench/driver/jobs.js).
 * - `offer-latency`: offer-to-answer latency at 1,000 offers/s with a trivial handler (one
 *   DECLINE per offer), timed inside the simulator from the write of the OFFERS event to the
 *   arrival of the DECLINE; baseline: a bare undici + protobufjs client (bench/driver/bare-framework.js).
 * - `heap`: heap growth of a subscribed driver over 1,000,000 events (UPDATE events answering
 *   implicit reconciliations), and over acknowledged status updates.
 * - `calls`: calls per second through `driver.send` (REVIVE, SUPPRESS, DECLINE in turn, 256
 *   in flight) vs bare undici posting the same bodies with the same stream id.
 *
 * The simulators run in a worker thread (bench/driver/sim-thread.js), the frameworks in the main
 * thread: each side has a core of the 2-core machine, and every figure measures the framework
 * side. JSON lines on stdout, details on stderr.
 */

const { log, config } = require('./harness');
const { startSimThread } = require('./driver/sim-thread');
const { compareAsync, percentile, verdict, collectGarbage, fmt } = require('./driver/timing');
const { rxmesosJob, mesosFrameworkJob, bareJob } = require('./driver/jobs');
const { bareFramework, PIPELINED } = require('./driver/bare-framework');

const DIST = '../dist/src';
/** The transport's calls in flight, which the bare baselines use too. */
const { CALL_PIPELINING } = require(`${DIST}/transport`);
const PROTOBUF = /** @type {import('../dist/src').ContentType} */ ('application/x-protobuf');
const JSON_CT = /** @type {import('../dist/src').ContentType} */ ('application/json');
const MIB = 1024 * 1024;

/**
 * @param {string} name
 * @param {number} fallback
 */
function envInt(name, fallback) {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${raw}: expected an integer >= 1`);
  return n;
}

/** Tasks per job in the lifecycle bench. */
const JOB = envInt('BENCH_DRIVER_JOB', 1000);
/** A job that takes longer than this fails the bench (with what the master got). */
const JOB_TIMEOUT_MS = envInt('BENCH_DRIVER_JOB_TIMEOUT_MS', 60_000);
/** A group that takes longer than this fails. */
const GROUP_TIMEOUT_MS = envInt('BENCH_DRIVER_GROUP_TIMEOUT_MS', 300_000);
/** Events the heap bench streams. */
const HEAP_EVENTS = envInt('BENCH_DRIVER_HEAP_EVENTS', 1_000_000);

/**
 * @param {import('../dist/src/driver').SchedulerDriver} driver
 * @returns {Promise<{ frameworkId: string, streamId: string }>}
 */
function subscribed(driver) {
  return new Promise((resolve) => {
    driver.state$.subscribe((state) => {
      if (state.type === 'subscribed')
        resolve({ frameworkId: state.frameworkId.value, streamId: state.streamId });
    });
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// (a) task lifecycles per second, next to mesos-framework

/** @type {import('./driver/sim-thread').SimConfig} */
const LIFECYCLE_SIM = {
  // many agents with plenty of resources (10 240 tasks of 0.1 cpus each), ports 31000-32000
  agents: Array.from({ length: 16 }, () => ({ cpus: 1024, mem: 4_194_304, disk: 1_048_576 })),
  allocationIntervalMs: 50,
  // below mesos-framework's 10 s master connection timeout (it re-subscribes after 10 s of silence)
  heartbeatIntervalSeconds: 5,
  // the agent's default: an update not acknowledged within 10 s is sent again (acknowledgements
  // come within a few seconds; an update a framework lost comes again, as in a real cluster)
  statusUpdateRetryMs: 10_000,
  taskScript: { runSeconds: 0, state: 'TASK_FINISHED' },
};

/** @param {import('./harness').report} report */
async function benchLifecycles(report) {
  const sims = await startSimThread();
  /** @type {{ stop(): Promise<void> }[]} */
  const running = [];
  try {
    /** @param {string} name */
    const start = async (name) => {
      const { url } = await sims.ask({ op: 'start', name, config: LIFECYCLE_SIM });
      /** @type {(frameworkId: string, count: number) => Promise<unknown>} */
      const untilAcked = async (frameworkId, count) => {
        /** @type {ReturnType<typeof setTimeout> | undefined} */
        let timer;
        const late = new Promise((resolve) => {
          timer = setTimeout(() => resolve('late'), JOB_TIMEOUT_MS);
        });
        const done = await Promise.race([
          sims.ask({ op: 'untilAcked', name, frameworkId, count }),
          late,
        ]);
        clearTimeout(timer);
        if (done === 'late') {
          const stats = await sims.ask({ op: 'stats', name, frameworkId });
          const runner = runners.get(name);
          throw new Error(
            `${name}: a job did not complete in ${JOB_TIMEOUT_MS} ms: the master has ` +
              `${String(stats['terminalAcked'])} of ${count} terminal acknowledgements ` +
              `(${String(stats['anyAcked'])} acknowledgements in all); errors: ` +
              `${runner === undefined ? '?' : JSON.stringify(runner.errorTexts())}`,
          );
        }
        return done;
      };
      return { url: /** @type {string} */ (url), untilAcked };
    };
    /** @type {Map<string, import('./driver/jobs').JobRunner>} */
    const runners = new Map();
    const a = await start('rxmesos');
    const b = await start('rxmesos-json');
    const c = await start('mesos-framework');
    const d = await start('bare');
    const rx = await rxmesosJob(a.url, PROTOBUF, a.untilAcked);
    running.push(rx);
    runners.set('rxmesos', rx);
    const rxJson = await rxmesosJob(b.url, JSON_CT, b.untilAcked);
    running.push(rxJson);
    runners.set('rxmesos-json', rxJson);
    const peer = await mesosFrameworkJob(c.url, c.untilAcked);
    running.push(peer);
    runners.set('mesos-framework', peer);
    const bare = await bareJob(d.url, d.untilAcked);
    running.push(bare);
    runners.set('bare', bare);
    log(
      `\nlifecycles: jobs of ${JOB} tasks (0.1 cpus, 32 MiB, finish at once), 16 agents of 1024 cpus, ` +
        `allocation every 50 ms; a job is done when the master has the acknowledgement of ` +
        `every task's TASK_FINISHED; one simulator per subject, identical, in a worker thread`,
    );
    const names = {
      rxmesos: 'rxmesos',
      'rxmesos json': 'rxmesos-json',
      'mesos-framework': 'mesos-framework',
      'bare undici + protobufjs': 'bare',
    };
    for (const sim of Object.values(names)) await sims.ask({ op: 'ackLatencies', name: sim });
    /** Busy time of both threads (event loop utilization) while each subject ran. */
    /** @typedef {{ main: number, sim: number, total: number, lifecycles: number }} Busy */
    /** @type {Map<string, Busy>} */
    const busy = new Map();
    /** @typedef {{ idle: number, active: number, utilization: number }} Elu */
    const { performance } = require('node:perf_hooks');
    /** @param {string} name @param {import('./driver/jobs').JobRunner} runner */
    const timed = (name, runner) => async () => {
      const m0 = performance.eventLoopUtilization();
      const s0 = /** @type {Elu} */ (await sims.ask({ op: 'elu' }));
      const done = await runner.run(JOB);
      const m1 = performance.eventLoopUtilization(m0);
      const s1 = /** @type {Elu} */ (await sims.ask({ op: 'elu' }));
      const b = busy.get(name) ?? { main: 0, sim: 0, total: 0, lifecycles: 0 };
      b.main += m1.active;
      b.sim += s1.active - s0.active;
      b.total += m1.active + m1.idle;
      b.lifecycles += done;
      busy.set(name, b);
      return done;
    };
    const m = await compareAsync('lifecycles', 'lifecycles', [
      { name: 'rxmesos', units: JOB, fn: timed('rxmesos', rx) },
      { name: 'rxmesos json', units: JOB, fn: timed('rxmesos json', rxJson) },
      { name: 'mesos-framework', units: JOB, fn: timed('mesos-framework', peer) },
      { name: 'bare undici + protobufjs', units: JOB, fn: timed('bare undici + protobufjs', bare) },
    ]);
    for (const [name, runner] of [
      ['rxmesos', rx],
      ['rxmesos json', rxJson],
      ['mesos-framework', peer],
      ['bare', bare],
    ]) {
      const n = /** @type {import('./driver/jobs').JobRunner} */ (runner).errors();
      if (n > 0) throw new Error(`${String(name)}: ${n} errors while measuring`);
    }
    // where the time goes: how long each status update waited for its acknowledgement
    for (const [subject, sim] of Object.entries(names)) {
      const { latenciesNs } = /** @type {{ latenciesNs: Float64Array }} */ (
        await sims.ask({ op: 'ackLatencies', name: sim })
      );
      latenciesNs.sort();
      const ms = (/** @type {number} */ p) => fmt(percentile(latenciesNs, p) / 1e6);
      const b = /** @type {Busy} */ (busy.get(subject));
      const stats = await sims.ask({
        op: 'stats',
        name: sim,
        frameworkId: /** @type {import('./driver/jobs').JobRunner} */ (runners.get(sim))
          .frameworkId,
      });
      const got = /** @type {import('./driver/jobs').JobRunner} */ (runners.get(sim)).updates();
      const resent = Number(stats['retries']);
      log(
        `    ${subject.padEnd(30)} status updates: ${String(stats['reliableSent'])} written ` +
          `(${resent} of them again after 10 s without acknowledgement), ${got} received` +
          (resent > 0 ? ' — updates were lost or not acknowledged in time' : ''),
      );
      log(
        `    ${subject.padEnd(30)} busy: framework thread ${((100 * b.main) / b.total).toFixed(0)}%, ` +
          `simulator thread ${((100 * b.sim) / b.total).toFixed(0)}%; CPU per lifecycle: ` +
          `framework ${fmt((1000 * b.main) / b.lifecycles)} µs, simulator ` +
          `${fmt((1000 * b.sim) / b.lifecycles)} µs; update written -> its ` +
          `ACKNOWLEDGE at the master: p50 ${ms(50)} ms, p90 ${ms(90)} ms, p99 ${ms(99)} ms`,
      );
    }
    const rate = (/** @type {string} */ name) =>
      /** @type {import('./driver/timing').AsyncMeasurement} */ (m.get(name)).rate;
    const peerRate = rate('mesos-framework');
    const baseline = { subject: 'mesos-framework', value: peerRate };
    const baselineMin = { subject: 'mesos-framework', value: peerRate * 60 };
    for (const subject of ['rxmesos', 'rxmesos json']) {
      report({
        bench: 'lifecycles',
        subject,
        value: rate(subject),
        unit: 'lifecycles/s',
        baseline,
      });
    }
    report({
      bench: 'lifecycles',
      subject: 'mesos-framework',
      value: peerRate,
      unit: 'lifecycles/s',
      baseline: null,
    });
    for (const subject of ['rxmesos', 'rxmesos json']) {
      report({
        bench: 'lifecycles',
        subject,
        value: rate(subject) * 60,
        unit: 'lifecycles/min',
        baseline: baselineMin,
      });
    }
    report({
      bench: 'lifecycles',
      subject: 'mesos-framework',
      value: peerRate * 60,
      unit: 'lifecycles/min',
      baseline: null,
    });
    // what each framework could do with a master that costs nothing: lifecycles per second of
    // its own thread's CPU
    const perCpuSecond = (/** @type {string} */ subject) => {
      const b = /** @type {Busy} */ (busy.get(subject));
      return b.lifecycles / (b.main / 1000);
    };
    for (const subject of ['rxmesos', 'rxmesos json', 'bare undici + protobufjs']) {
      report({
        bench: 'lifecycles-per-cpu-second',
        subject,
        value: perCpuSecond(subject),
        unit: 'lifecycles/s',
        baseline: { subject: 'mesos-framework', value: perCpuSecond('mesos-framework') },
      });
    }
    const bareRate = rate('bare undici + protobufjs');
    report({
      bench: 'lifecycles',
      subject: 'rxmesos',
      value: rate('rxmesos'),
      unit: 'lifecycles/s',
      baseline: { subject: 'bare undici + protobufjs', value: bareRate },
    });
    report({
      bench: 'lifecycles',
      subject: 'mesos-framework',
      value: peerRate,
      unit: 'lifecycles/s',
      baseline: { subject: 'bare undici + protobufjs', value: bareRate },
    });
    verdict('rxmesos lifecycles/min', rate('rxmesos') * 60, '>=', 10_000, 'lifecycles/min');
    verdict('rxmesos / mesos-framework', rate('rxmesos') / peerRate, '>=', 5, 'x');
    verdict('rxmesos json / mesos-framework', rate('rxmesos json') / peerRate, '>=', 5, 'x');
    log(
      `  ceiling: the bare client does ${fmt(bareRate / peerRate)}x mesos-framework ` +
        `(rxmesos ${fmt(rate('rxmesos') / bareRate)}x the bare client): no framework can be ` +
        `much more than ${fmt(bareRate / peerRate)}x mesos-framework against this simulator ` +
        `with these HTTP settings`,
    );
  } finally {
    for (const r of running) await r.stop();
    await sims.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// (b) offer-to-ACCEPT latency at 1,000 offers/s

const LATENCY_AGENTS = 10;
const LATENCY_TICK_MS = 10; // 10 agents every 10 ms: 1,000 offers/s
const LATENCY_WINDOW_MS = envInt('BENCH_DRIVER_LATENCY_WINDOW_MS', 1000);

/** @type {import('./driver/sim-thread').SimConfig} */
const LATENCY_SIM = {
  agents: Array.from({ length: LATENCY_AGENTS }, () => ({ cpus: 4, mem: 8192 })),
  // no periodic rounds: offers come only from the bench's paced REVIVEs
  allocationIntervalMs: 3_600_000,
  heartbeatIntervalSeconds: 15,
  statusUpdateRetryMs: 3_600_000,
  taskScript: { runSeconds: 0, state: 'TASK_FINISHED' },
};

/**
 * @typedef {object} LatencyWindow
 * @property {Float64Array} latenciesNs
 * @property {number} offers Offers written.
 * @property {number} unanswered Offers without answer 200 ms after the window.
 * @property {number} seconds
 */

/** @param {import('./harness').report} report */
async function benchOfferLatency(report) {
  /** @type {typeof import('../dist/src/driver')} */
  const { createDriver } = require(`${DIST}/driver`);
  /** @type {typeof import('../dist/src')} */
  const { declineOffer } = require(DIST);
  const sims = await startSimThread();
  /** @type {(() => Promise<unknown>)[]} */
  const stops = [];
  try {
    const rxSim = await sims.ask({ op: 'start', name: 'rxmesos', config: LATENCY_SIM });
    const bareSim = await sims.ask({ op: 'start', name: 'bare', config: LATENCY_SIM });
    const driver = createDriver({
      master: /** @type {string} */ (rxSim.url),
      framework: { name: 'bench-latency', user: 'bench' },
    });
    let driverErrors = 0;
    driver.errors$.subscribe(() => {
      driverErrors++;
    });
    driver.handle(driver.offers$, (offers) => offers.map((offer) => declineOffer(offer.id)));
    const session = subscribed(driver);
    driver.start();
    stops.push(() => driver.stop({ failover: true }));
    const rx = await session;
    const bare = await bareFramework(/** @type {string} */ (bareSim.url));
    stops.push(() => bare.stop());
    // the offers made right after SUBSCRIBE are answered before timing starts
    await sleep(200);

    const subjects = [
      { name: 'rxmesos', sim: 'rxmesos', frameworkId: rx.frameworkId },
      { name: 'bare undici + protobufjs', sim: 'bare', frameworkId: bare.frameworkId },
    ];
    /** @type {Map<string, LatencyWindow[]>} */
    const windows = new Map(subjects.map((s) => [s.name, []]));
    const rounds = config.warmup + config.samples;
    log(
      `\noffer-latency: ${LATENCY_AGENTS} agents offered every ${LATENCY_TICK_MS} ms ` +
        `(${(LATENCY_AGENTS * 1000) / LATENCY_TICK_MS} offers/s), one DECLINE per offer; ` +
        `${rounds} windows of ${LATENCY_WINDOW_MS} ms per subject, interleaved, ${config.warmup} discarded`,
    );
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < subjects.length; k++) {
        const s = /** @type {(typeof subjects)[number]} */ (
          subjects[(k + round) % subjects.length]
        );
        collectGarbage();
        const w = /** @type {LatencyWindow} */ (
          await sims.ask({
            op: 'offerLatency',
            name: s.sim,
            frameworkId: s.frameworkId,
            tickMs: LATENCY_TICK_MS,
            durationMs: LATENCY_WINDOW_MS,
          })
        );
        if (round >= config.warmup) /** @type {LatencyWindow[]} */ (windows.get(s.name)).push(w);
      }
    }
    if (driverErrors > 0) throw new Error(`rxmesos: ${driverErrors} errors while measuring`);
    if (bare.errors() > 0) throw new Error(`bare: ${bare.errors()} calls failed`);

    /** @type {Map<string, { p50: number, p99: number }>} */
    const stats = new Map();
    log('  offer-latency');
    for (const s of subjects) {
      const list = /** @type {LatencyWindow[]} */ (windows.get(s.name));
      const all = new Float64Array(list.reduce((n, w) => n + w.latenciesNs.length, 0));
      let at = 0;
      for (const w of list) {
        all.set(w.latenciesNs, at);
        at += w.latenciesNs.length;
      }
      all.sort();
      const ms = (/** @type {number} */ p) => percentile(all, p) / 1e6;
      const offers = list.reduce((n, w) => n + w.offers, 0);
      const seconds = list.reduce((n, w) => n + w.seconds, 0);
      const unanswered = list.reduce((n, w) => n + w.unanswered, 0);
      const perWindowP99 = list.map(
        (w) => percentile(Float64Array.from(w.latenciesNs).sort(), 99) / 1e6,
      );
      stats.set(s.name, { p50: ms(50), p99: ms(99) });
      log(
        `    ${s.name.padEnd(26)} p50 ${fmt(ms(50))} ms, p90 ${fmt(ms(90))} ms, p99 ${fmt(ms(99))} ms, ` +
          `p99.9 ${fmt(ms(99.9))} ms, max ${fmt(ms(100))} ms; ${all.length} answers, ` +
          `${(offers / seconds).toFixed(0)} offers/s achieved, ${unanswered} unanswered; ` +
          `p99 per window ${perWindowP99.map(fmt).join(' ')} ms`,
      );
    }
    const rxStats = /** @type {{ p50: number, p99: number }} */ (stats.get('rxmesos'));
    const bareStats = /** @type {{ p50: number, p99: number }} */ (
      stats.get('bare undici + protobufjs')
    );
    const baseName = 'bare undici + protobufjs';
    report({
      bench: 'offer-latency-p50',
      subject: 'rxmesos',
      value: rxStats.p50,
      unit: 'ms',
      baseline: { subject: baseName, value: bareStats.p50 },
    });
    report({
      bench: 'offer-latency-p99',
      subject: 'rxmesos',
      value: rxStats.p99,
      unit: 'ms',
      baseline: { subject: baseName, value: bareStats.p99 },
    });
    verdict('rxmesos offer-to-DECLINE p99', rxStats.p99, '<=', 5, 'ms');
  } finally {
    for (const stop of stops.reverse()) await stop();
    await sims.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// (c) heap growth over 1,000,000 events

const HEAP_TASKS = 2000; // one implicit reconciliation: 2000 UPDATE events
const ACKED_TASKS = envInt('BENCH_DRIVER_ACKED_TASKS', 10_000);
/** Tasks whose 3 acknowledged updates each run before the measured ones (fill bounded memory). */
const ACKED_WARMUP_TASKS = 4000;

/** @type {import('./driver/sim-thread').SimConfig} */
const HEAP_SIM = {
  agents: [{ cpus: 1000, mem: 1_000_000 }],
  allocationIntervalMs: 3_600_000,
  heartbeatIntervalSeconds: 15,
  statusUpdateRetryMs: 3_600_000,
  taskScript: { runSeconds: 3600, state: 'TASK_FINISHED' },
  quickPrefix: 'quick-',
};

/**
 * The heap in use after full collections. Several of them: V8 flushes the bytecode of functions
 * that did not run for a few collections (old space), which would otherwise show as megabytes
 * freed or grown depending on what ran before the measurement.
 * @returns {number}
 */
function heapAfterGc() {
  for (let i = 0; i < 10; i++) collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** @param {import('./harness').report} report */
async function benchHeap(report) {
  /** @type {typeof import('../dist/src/driver')} */
  const { createDriver } = require(`${DIST}/driver`);
  const sims = await startSimThread();
  /** @type {import('../dist/src/driver').SchedulerDriver | undefined} */
  let driver;
  try {
    const { url } = await sims.ask({ op: 'start', name: 'heap', config: HEAP_SIM });
    driver = createDriver({
      master: /** @type {string} */ (url),
      framework: { name: 'bench-heap', user: 'bench' },
    });
    let updates = 0;
    let errors = 0;
    /** @type {{ count: number, resolve: () => void } | undefined} */
    let waiter;
    driver.handle(driver.statusUpdates$, () => {
      updates++;
      if (waiter !== undefined && updates >= waiter.count) {
        const w = waiter;
        waiter = undefined;
        w.resolve();
      }
      return undefined;
    });
    driver.errors$.subscribe(() => {
      errors++;
    });
    const until = (/** @type {number} */ count) =>
      updates >= count
        ? Promise.resolve()
        : new Promise((resolve) => {
            waiter = { count, resolve: () => resolve(undefined) };
          });
    const session = subscribed(driver);
    driver.start();
    const { frameworkId } = await session;
    const ask = (/** @type {import('./driver/sim-thread').SimCommand} */ cmd) => sims.ask(cmd);
    // the implicit reconciliation after SUBSCRIBED (no task yet) is answered first
    await sleep(300);

    // 2000 tasks that keep running: STARTING and RUNNING, each acknowledged (and the master
    // has every acknowledgement before the stream starts: no call in flight while measuring)
    await ask({ op: 'launch', name: 'heap', frameworkId, count: HEAP_TASKS, prefix: 'long' });
    await ask({ op: 'untilAcked', name: 'heap', frameworkId, count: 2 * HEAP_TASKS, any: true });
    await until(2 * HEAP_TASKS);

    /** Streams `rounds` implicit reconciliations (2000 UPDATEs each), two in flight. */
    const stream = async (/** @type {number} */ rounds) => {
      const base = updates;
      let asked = 0;
      const askOne = () => {
        asked++;
        return ask({ op: 'reconcile', name: 'heap', frameworkId });
      };
      await askOne();
      for (let done = 0; done < rounds; done++) {
        if (asked < rounds) await askOne();
        await until(base + (done + 1) * HEAP_TASKS);
      }
    };
    const rounds = Math.ceil(HEAP_EVENTS / HEAP_TASKS);
    log(
      `\nheap: ${rounds * HEAP_TASKS} UPDATE events (implicit reconciliation of ${HEAP_TASKS} ` +
        `running tasks, ${rounds} times) to one subscribed driver with a status update handler`,
    );
    await stream(25); // warm-up: JIT, buffers, pools
    await sleep(500);
    const before = heapAfterGc();
    const t0 = process.hrtime.bigint();
    const eventsBefore = updates;
    await stream(rounds);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const events = updates - eventsBefore;
    await sleep(500);
    const after = heapAfterGc();
    const growth = (after - before) / MIB;
    log(
      `  ${events} events in ${seconds.toFixed(1)} s (${(events / seconds).toFixed(0)} events/s); ` +
        `heap ${(before / MIB).toFixed(1)} -> ${(after / MIB).toFixed(1)} MiB after full GCs`,
    );
    report({
      bench: 'heap-growth-1m-events',
      subject: 'rxmesos',
      value: growth,
      unit: 'MiB',
      baseline: null,
    });
    verdict(`rxmesos heap growth over ${events} events`, growth, '<=', 20, 'MiB');

    // acknowledged updates: tasks that finish at once, 3 updates each, every one acknowledged.
    // A first batch fills whatever bounded memory the driver keeps per acknowledgement (the
    // uuids it acknowledged, to acknowledge a duplicate once); the second is measured, so a
    // bounded structure shows no growth and an unbounded one grows with every update.
    let launched = 0;
    const batch = 2000;
    const launchQuick = async (/** @type {number} */ tasks) => {
      for (let end = launched + tasks; launched < end;) {
        const count = Math.min(batch, end - launched);
        await ask({ op: 'launch', name: 'heap', frameworkId, count, prefix: `quick-${launched}` });
        launched += count;
        await ask({ op: 'untilAcked', name: 'heap', frameworkId, count: launched });
      }
    };
    await launchQuick(ACKED_WARMUP_TASKS);
    await sleep(500); // the last answers and timers settle
    const ackedBefore = heapAfterGc();
    const t1 = process.hrtime.bigint();
    const updatesBefore = updates;
    await launchQuick(ACKED_TASKS);
    const ackedSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const acked = updates - updatesBefore;
    await sleep(500); // the answers to the last acknowledgements arrive
    const ackedAfter = heapAfterGc();
    const ackedGrowth = (ackedAfter - ackedBefore) / MIB;
    log(
      `  ${acked} acknowledged UPDATE events (${ACKED_TASKS} tasks x STARTING, RUNNING, FINISHED, ` +
        `after ${3 * ACKED_WARMUP_TASKS} not measured) in ${ackedSeconds.toFixed(1)} s ` +
        `(${(acked / ackedSeconds).toFixed(0)} events/s): heap ${(ackedBefore / MIB).toFixed(1)} -> ` +
        `${(ackedAfter / MIB).toFixed(1)} MiB, ${((ackedGrowth * MIB) / acked).toFixed(0)} bytes ` +
        `per event; ${((((ackedGrowth * MIB) / acked) * 1e6) / MIB).toFixed(1)} MiB per 1,000,000 ` +
        `such events if the growth were linear`,
    );
    report({
      bench: `heap-growth-${acked / 1000}k-acked-updates`,
      subject: 'rxmesos',
      value: ackedGrowth,
      unit: 'MiB',
      baseline: null,
    });
    verdict(
      'rxmesos heap growth over 1,000,000 acknowledged updates (extrapolated)',
      (((ackedGrowth * MIB) / acked) * 1e6) / MIB,
      '<=',
      20,
      'MiB',
    );
    if (errors > 0) throw new Error(`rxmesos: ${errors} errors while measuring`);
  } finally {
    await driver?.stop({ failover: true });
    await sims.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// (d) calls per second through the command bus vs bare undici

const CALLS_PER_OP = 4000;
const CALLS_IN_FLIGHT = 256;
/** Shortest sample of the `calls` group (see `benchCalls`). */
const CALLS_MIN_SAMPLE_MS = 1500;

/** @type {import('./driver/sim-thread').SimConfig} */
const CALLS_SIM = {
  agents: [{}, {}, {}],
  allocationIntervalMs: 1000,
  heartbeatIntervalSeconds: 15,
  statusUpdateRetryMs: 3_600_000,
  taskScript: { runSeconds: 0, state: 'TASK_FINISHED' },
};

/** @param {import('./harness').report} report */
async function benchCalls(report) {
  /** @type {typeof import('../dist/src/driver')} */
  const { createDriver } = require(`${DIST}/driver`);
  /** @type {typeof import('../dist/src')} */
  const lib = require(DIST);
  const { Client } = require('undici');
  const sims = await startSimThread();
  /** @type {import('../dist/src/driver').SchedulerDriver | undefined} */
  let driver;
  /** @type {import('undici').Client | undefined} */
  let client;
  try {
    const { url } = await sims.ask({ op: 'start', name: 'calls', config: CALLS_SIM });
    driver = createDriver({
      master: /** @type {string} */ (url),
      framework: { name: 'bench-calls', user: 'bench' },
    });
    const d = driver;
    const session = subscribed(driver);
    driver.start();
    const { frameworkId, streamId } = await session;
    await sleep(200);
    const commands = [
      lib.reviveOffers(),
      lib.suppressOffers(),
      lib.declineOffer({ value: 'no-such-offer' }),
    ];
    const bodies = commands.map((command) => {
      const body = lib.encodeCall(lib.toCall(command, { value: frameworkId }), PROTOBUF);
      if (body._tag === 'Left') throw body.left;
      return body.right;
    });
    // the driver's transport: one keep-alive connection, as many calls pipelined
    client = new Client(new URL(/** @type {string} */ (url)).origin, {
      pipelining: CALL_PIPELINING,
      keepAliveTimeout: 30_000,
    });
    const c = client;
    const headers = { 'content-type': PROTOBUF, accept: PROTOBUF, 'mesos-stream-id': streamId };

    /** Runs CALLS_PER_OP calls, CALLS_IN_FLIGHT at a time; resolves to the 2xx count. */
    const loop = async (/** @type {(i: number) => Promise<boolean>} */ one) => {
      let next = 0;
      let ok = 0;
      const lane = async () => {
        while (next < CALLS_PER_OP) {
          if (await one(next++)) ok++;
        }
      };
      await Promise.all(Array.from({ length: CALLS_IN_FLIGHT }, lane));
      return ok;
    };
    const viaDriver = (/** @type {number} */ i) =>
      d
        .send(/** @type {import('../dist/src').Command} */ (commands[i % 3]))
        .then((outcome) => outcome._tag === 'Right');
    const viaUndici = async (/** @type {number} */ i) => {
      const res = await c.request({
        path: '/api/v1/scheduler',
        method: 'POST',
        headers,
        body: bodies[i % 3],
        ...PIPELINED,
      });
      await res.body.text();
      return res.statusCode === 202;
    };
    log(
      `\ncalls: ${CALLS_PER_OP} calls per op (REVIVE, SUPPRESS, DECLINE in turn, protobuf), ` +
        `${CALLS_IN_FLIGHT} in flight; baseline: undici Client (pipelining ${CALL_PIPELINING}) posting the ` +
        `driver's bodies, encoded beforehand, with the same stream id` +
        (PIPELINED.idempotent === true ? ' (calls really pipelined)' : ''),
    );
    // Each sample starts after a forced full GC, which shrinks the young generation: the next
    // few thousand calls of either subject run at half speed while it grows back. Samples of
    // at least 1.5 s measure the steady state instead of that transient.
    const m = await compareAsync(
      'calls',
      'calls',
      [
        { name: 'rxmesos driver.send', units: CALLS_PER_OP, fn: () => loop(viaDriver) },
        { name: 'undici request', units: CALLS_PER_OP, fn: () => loop(viaUndici) },
      ],
      { minSampleMs: CALLS_MIN_SAMPLE_MS },
    );
    const value = /** @type {import('./driver/timing').AsyncMeasurement} */ (
      m.get('rxmesos driver.send')
    ).rate;
    const base = /** @type {import('./driver/timing').AsyncMeasurement} */ (m.get('undici request'))
      .rate;
    report({
      bench: 'calls',
      subject: 'rxmesos driver.send',
      value,
      unit: 'calls/s',
      baseline: { subject: 'undici request', value: base },
    });
    verdict('driver.send / undici', value / base, '>=', 0.7, 'x');
  } finally {
    await client?.close();
    await driver?.stop({ failover: true });
    await sims.stop();
  }
}

/** Names of the benches (groups) of this module, in run order. */
const groups = ['lifecycles', 'offer-latency', 'heap', 'calls'];

/**
 * Runs the given benches (default: all), in this process.
 * @param {import('./harness').report} report
 * @param {readonly string[]} [only]
 */
async function run(report, only = groups) {
  // a group that hangs (a lost event, a call never answered) fails the run instead
  const guard = setTimeout(() => {
    log(`driver bench: ${only.join(', ')} did not finish in ${GROUP_TIMEOUT_MS} ms`);
    process.exit(1);
  }, GROUP_TIMEOUT_MS);
  guard.unref();
  if (only.includes('lifecycles')) await benchLifecycles(report);
  if (only.includes('offer-latency')) await benchOfferLatency(report);
  if (only.includes('heap')) await benchHeap(report);
  if (only.includes('calls')) await benchCalls(report);
  clearTimeout(guard);
}

module.exports = { run, groups };
