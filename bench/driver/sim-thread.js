// @ts-check
'use strict';

/**
 * Simulated masters in a worker thread, for bench/driver.bench.js, and the main thread's handle
 * on them.
 *
 * The simulators run on their own thread (their own core on the 2-core machine), so that what
 * the main thread measures is the framework side (the rxmesos driver, or its peer) and not the
 * simulator's work. The worker hooks into each simulator through its public object model
 * (`master.core`), never through the wire:
 *
 * - `core.send` (every event the master writes) is wrapped: the time each OFFERS event was
 *   written is kept per offer id, and the uuid of each terminal UPDATE per framework;
 * - `core.cluster.accept` / `core.cluster.decline` are wrapped: the arrival of the answer to
 *   an offer is timed against its OFFERS write (offer-to-ACCEPT latency, measured entirely on
 *   the simulator's clock, so the client's clock plays no part);
 * - `core.tasks.acknowledge` is wrapped: acknowledgements (all, and those of terminal updates)
 *   are counted per framework, so that a task lifecycle counts as done only when its last
 *   acknowledgement reached the master.
 *
 * Every command is a request with an id, answered once; see {@link SimThread}.
 */

const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const DIST = '../../dist/src';

/**
 * The options of one simulator, as plain data (they cross the thread boundary).
 * @typedef {object} SimConfig
 * @property {readonly import('../../dist/src/testing').AgentSpec[]} agents
 * @property {number} allocationIntervalMs
 * @property {number} heartbeatIntervalSeconds
 * @property {number} statusUpdateRetryMs
 * @property {import('../../dist/src/testing').TaskScript} taskScript How every task ends, except:
 * @property {string} [quickPrefix] Tasks whose name starts with this finish at once (TASK_FINISHED).
 */

/**
 * @typedef {{ op: 'start', name: string, config: SimConfig }
 *   | { op: 'untilAcked', name: string, frameworkId: string, count: number, any?: boolean }
 *   | { op: 'offerLatency', name: string, frameworkId: string, tickMs: number, durationMs: number }
 *   | { op: 'launch', name: string, frameworkId: string, count: number, prefix: string }
 *   | { op: 'reconcile', name: string, frameworkId: string }
 *   | { op: 'heartbeats', name: string, frameworkId: string, count: number }
 *   | { op: 'stats', name: string, frameworkId: string }
 *   | { op: 'ackLatencies', name: string }
 *   | { op: 'elu' }
 *   | { op: 'stop' }} SimCommand
 */

// ---------------------------------------------------------------------------------------------
// The worker

function simWorker() {
  /** @type {typeof import('../../dist/src/testing')} */
  const { SimulatedMaster } = require(`${DIST}/testing`);
  const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

  /**
   * One simulator and its probes.
   * @typedef {object} Probed
   * @property {import('../../dist/src/testing').SimulatedMaster} master
   * @property {Map<string, Set<string>>} terminalUuids Terminal updates sent, per framework.
   * @property {Map<string, number>} terminalAcked Acknowledged terminal updates, per framework.
   * @property {Map<string, number>} anyAcked Acknowledgements of any update, per framework.
   * @property {Map<string, { count: number, any: boolean, reply: () => void }[]>} ackWaiters
   * @property {Map<string, bigint> | undefined} offerSentAt While timing offers: offer id → write time.
   * @property {number[]} latenciesNs Answers to timed offers.
   * @property {Map<string, bigint>} updateSentAt Reliable updates not acknowledged yet: uuid → write time.
   * @property {number[]} ackLatenciesNs Update write → its acknowledgement, since the last `ackLatencies`.
   * @property {number} offersTimed
   * @property {number} eventsSent
   * @property {number} reliableSent UPDATE events with a uuid written (retries included).
   * @property {number} retries Of those, updates written again (not acknowledged in time).
   */
  /** @type {Map<string, Probed>} */
  const sims = new Map();

  /** @param {string} name */
  const sim = (name) => {
    const s = sims.get(name);
    if (s === undefined) throw new Error(`no simulator ${name}`);
    return s;
  };
  /** @param {Probed} s @param {string} id */
  const framework = (s, id) => {
    const fw = s.master.core.framework(id);
    if (fw === undefined) throw new Error(`no framework ${id}`);
    return fw;
  };

  /** @param {string} name @param {SimConfig} config */
  async function start(name, config) {
    const script = config.taskScript;
    const quick = config.quickPrefix;
    /** @type {import('../../dist/src/testing').TaskScript} */
    const finishNow = { runSeconds: 0, state: 'TASK_FINISHED' };
    const master = await SimulatedMaster.start({
      agents: config.agents,
      allocationIntervalMs: config.allocationIntervalMs,
      heartbeatIntervalSeconds: config.heartbeatIntervalSeconds,
      statusUpdateRetryMs: config.statusUpdateRetryMs,
      taskScript: (task) =>
        quick !== undefined && task.name.startsWith(quick) ? finishNow : script,
    });
    /** @type {Probed} */
    const s = {
      master,
      terminalUuids: new Map(),
      terminalAcked: new Map(),
      anyAcked: new Map(),
      ackWaiters: new Map(),
      offerSentAt: undefined,
      latenciesNs: [],
      updateSentAt: new Map(),
      ackLatenciesNs: [],
      offersTimed: 0,
      eventsSent: 0,
      reliableSent: 0,
      retries: 0,
    };
    const core = master.core;
    /** @type {typeof import('../../dist/src/wire')} */
    const { isTerminalTaskState } = require(`${DIST}/wire`);

    const send = core.send.bind(core);
    core.send = (fw, event) => {
      send(fw, event);
      s.eventsSent++;
      if (event.type === 'OFFERS' && s.offerSentAt !== undefined) {
        const at = process.hrtime.bigint();
        for (const offer of event.offers.offers ?? []) s.offerSentAt.set(offer.id.value, at);
        s.offersTimed += (event.offers.offers ?? []).length;
      } else if (event.type === 'UPDATE') {
        const status = event.update.status;
        if (status.uuid !== undefined) {
          // the simulator writes its uuids in canonical base64
          const key = status.uuid;
          s.reliableSent++;
          if (s.updateSentAt.has(key)) s.retries++;
          else s.updateSentAt.set(key, process.hrtime.bigint());
        }
        if (status.uuid !== undefined && isTerminalTaskState(status.state)) {
          let set = s.terminalUuids.get(fw.id);
          if (set === undefined) s.terminalUuids.set(fw.id, (set = new Set()));
          set.add(status.uuid);
        }
      }
    };

    /** @param {readonly { value: string }[] | undefined} ids */
    const answered = (ids) => {
      const sentAt = s.offerSentAt;
      if (sentAt === undefined) return;
      const now = process.hrtime.bigint();
      for (const { value } of ids ?? []) {
        const at = sentAt.get(value);
        if (at === undefined) continue;
        sentAt.delete(value);
        s.latenciesNs.push(Number(now - at));
      }
    };
    const cluster = core.cluster;
    const accept = cluster.accept.bind(cluster);
    cluster.accept = (fw, call) => {
      answered(call.offer_ids);
      accept(fw, call);
    };
    const decline = cluster.decline.bind(cluster);
    cluster.decline = (fw, call) => {
      answered(call.offer_ids);
      decline(fw, call);
    };

    const tasks = core.tasks;
    const acknowledge = tasks.acknowledge.bind(tasks);
    tasks.acknowledge = (fw, ack) => {
      // a client may spell the uuid's base64 differently: compare the canonical spelling then
      const uuid = s.updateSentAt.has(ack.uuid)
        ? ack.uuid
        : Buffer.from(ack.uuid, 'base64').toString('base64');
      const sentAt = s.updateSentAt.get(uuid);
      if (sentAt !== undefined) {
        s.updateSentAt.delete(uuid);
        s.ackLatenciesNs.push(Number(process.hrtime.bigint() - sentAt));
      }
      const set = s.terminalUuids.get(fw.id);
      const terminal = set !== undefined && set.delete(uuid);
      const n = (s.terminalAcked.get(fw.id) ?? 0) + (terminal ? 1 : 0);
      s.terminalAcked.set(fw.id, n);
      const any = (s.anyAcked.get(fw.id) ?? 0) + 1;
      s.anyAcked.set(fw.id, any);
      const waiters = s.ackWaiters.get(fw.id) ?? [];
      for (let i = waiters.length - 1; i >= 0; i--) {
        const w = /** @type {{ count: number, any: boolean, reply: () => void }} */ (waiters[i]);
        if ((w.any ? any : n) >= w.count) {
          waiters.splice(i, 1);
          w.reply();
        }
      }
      acknowledge(fw, ack);
    };
    sims.set(name, s);
    return { port: master.port, url: master.url };
  }

  /**
   * Offers at a steady rate: every `tickMs`, a REVIVE on the framework's behalf (filters
   * cleared, an allocation round soon), so that every agent whose previous offer was answered
   * is offered again. Offers whose answer did not arrive by the next tick stay outstanding and
   * are not offered again: a slow framework lowers the achieved rate (reported).
   * @param {Probed} s @param {string} frameworkId @param {number} tickMs @param {number} durationMs
   */
  function offerLatency(s, frameworkId, tickMs, durationMs) {
    const fw = framework(s, frameworkId);
    s.offerSentAt = new Map();
    s.latenciesNs = [];
    s.offersTimed = 0;
    const t0 = Date.now();
    let ticks = 0;
    return new Promise((resolve) => {
      const tick = () => {
        const elapsed = Date.now() - t0;
        if (elapsed >= durationMs) {
          // answers still on their way count as late as they will arrive
          setTimeout(() => {
            const latencies = Float64Array.from(s.latenciesNs);
            const unanswered = s.offerSentAt?.size ?? 0;
            s.offerSentAt = undefined;
            resolve({
              latenciesNs: latencies,
              offers: s.offersTimed,
              unanswered,
              seconds: elapsed / 1000,
              ticks,
            });
          }, 200);
          return;
        }
        ticks++;
        s.master.core.cluster.revive(fw, []);
        // on a fixed grid: a late tick does not push the later ones back
        setTimeout(tick, Math.max(0, t0 + ticks * tickMs - Date.now()));
      };
      tick();
    });
  }

  /** @param {SimCommand} cmd */
  async function handle(cmd) {
    switch (cmd.op) {
      case 'start':
        return start(cmd.name, cmd.config);
      case 'untilAcked': {
        const s = sim(cmd.name);
        const any = cmd.any === true;
        const counts = any ? s.anyAcked : s.terminalAcked;
        if ((counts.get(cmd.frameworkId) ?? 0) >= cmd.count) return {};
        return new Promise((resolve) => {
          let list = s.ackWaiters.get(cmd.frameworkId);
          if (list === undefined) s.ackWaiters.set(cmd.frameworkId, (list = []));
          list.push({ count: cmd.count, any, reply: () => resolve({}) });
        });
      }
      case 'offerLatency':
        return offerLatency(sim(cmd.name), cmd.frameworkId, cmd.tickMs, cmd.durationMs);
      case 'launch': {
        const s = sim(cmd.name);
        const fw = framework(s, cmd.frameworkId);
        const agent = s.master.core.cluster.agents()[0];
        if (agent === undefined) throw new Error('no agent');
        const launches = Array.from({ length: cmd.count }, (_, i) => ({
          task: {
            name: `${cmd.prefix}-${i}`,
            task_id: { value: `${cmd.prefix}-${i}` },
            agent_id: { value: agent.id },
            resources: [],
            command: { value: 'sleep 3600' },
          },
        }));
        s.master.core.tasks.launch(fw, { agentId: agent.id, hostname: agent.hostname }, launches);
        return {};
      }
      case 'reconcile': {
        const s = sim(cmd.name);
        s.master.core.tasks.reconcile(framework(s, cmd.frameworkId), {});
        return {};
      }
      case 'heartbeats': {
        const s = sim(cmd.name);
        const fw = framework(s, cmd.frameworkId);
        for (let i = 0; i < cmd.count; i++) s.master.core.send(fw, { type: 'HEARTBEAT' });
        return {};
      }
      case 'stats': {
        const s = sim(cmd.name);
        return {
          eventsSent: s.eventsSent,
          reliableSent: s.reliableSent,
          retries: s.retries,
          terminalAcked: s.terminalAcked.get(cmd.frameworkId) ?? 0,
          anyAcked: s.anyAcked.get(cmd.frameworkId) ?? 0,
          active: s.master.core.tasks.stateOf(cmd.frameworkId)?.active?.length,
        };
      }
      case 'ackLatencies': {
        const s = sim(cmd.name);
        const latenciesNs = Float64Array.from(s.ackLatenciesNs);
        s.ackLatenciesNs = [];
        return { latenciesNs };
      }
      case 'elu':
        return require('node:perf_hooks').performance.eventLoopUtilization();
      case 'stop':
        await Promise.all([...sims.values()].map((s) => s.master.stop()));
        sims.clear();
        return {};
    }
  }

  port.on('message', (/** @type {{ id: number, cmd: SimCommand }} */ msg) => {
    handle(msg.cmd).then(
      (result) => port.postMessage({ id: msg.id, result }),
      (/** @type {unknown} */ e) =>
        port.postMessage({ id: msg.id, error: e instanceof Error ? e.stack : String(e) }),
    );
  });
}

if (!isMainThread && workerData?.driverBenchSims === true) simWorker();

// ---------------------------------------------------------------------------------------------
// The main thread's handle

/**
 * The simulators' thread, seen from the main thread.
 * @typedef {object} SimThread
 * @property {<T = Record<string, unknown>>(cmd: SimCommand) => Promise<T>} ask
 * @property {() => Promise<void>} stop Stops every simulator and the thread.
 */

/** @returns {Promise<SimThread>} */
async function startSimThread() {
  const worker = new Worker(__filename, { workerData: { driverBenchSims: true } });
  /** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>} */
  const waiting = new Map();
  let nextId = 0;
  worker.on('message', (/** @type {{ id: number, result?: unknown, error?: string }} */ msg) => {
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error !== undefined) w?.reject(new Error(`simulator thread: ${msg.error}`));
    else w?.resolve(msg.result);
  });
  worker.on('error', (e) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  });
  /** @type {SimThread['ask']} */
  const ask = (cmd) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: /** @type {(v: unknown) => void} */ (resolve), reject });
      worker.postMessage({ id, cmd });
    });
  return {
    ask,
    stop: async () => {
      await ask({ op: 'stop' });
      await worker.terminate();
    },
  };
}

module.exports = { startSimThread };
