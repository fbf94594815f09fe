// @ts-check
'use strict';

/**
 * The simulated master's throughput: scheduler calls answered per second, and events served per
 * second on a subscription stream, each against a bare node:http server doing the same HTTP work
 * and nothing else (docs/testing.md, "Throughput"; output format: docs/benchmarks.md).
 *
 * - `calls`: a subscribed framework's REVIVE, DECLINE and SUPPRESS calls (in turn), pipelined on
 *   one keep-alive connection with 256 in flight, every answer checked to be a 202. Baseline: a
 *   bare node:http server that reads each body and answers 202 with `Content-Length: 0`.
 * - `events`: one implicit RECONCILE for a framework with 2000 tasks; the master answers with
 *   2000 UPDATE events on the subscription stream, read by a plain RecordIO reader (records
 *   counted, each checked to be an UPDATE). Baseline: a bare node:http server that, on a POST,
 *   writes the very same 2000 records (captured from the simulator) to its open stream, with one
 *   write per record inside cork/uncork, and answers 202.
 *
 * Each server runs in its own worker thread (one core), the load generator and the stream reader
 * in the main thread (the other core). The calls are written by a raw pipelined HTTP/1.1 socket
 * writer rather than undici: undici's per-request cost on the client thread tops out at about
 * 17 000 calls/s against the bare server on this machine, and would measure the client.
 *
 * Run through bench/run.js (`npm run bench:sim`); groups: `calls`, `events`.
 */

const net = require('node:net');
const http = require('node:http');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const DIST = '../dist/src';
const IN_FLIGHT = 256;
const CALLS_PER_OP = 4000;
const TASKS = 2000;
const CALL_TYPES = /** @type {const} */ (['REVIVE', 'DECLINE', 'SUPPRESS']);

// ---------------------------------------------------------------------------------------------
// Worker threads: the servers

/**
 * @typedef {{ cmd: 'launch', frameworkId: string, count: number }
 *   | { cmd: 'records', bytes: Uint8Array }
 *   | { cmd: 'stop' }} WorkerCommand
 */

/** The simulated master, in a worker. */
async function simWorker() {
  /** @type {typeof import('../dist/src/testing')} */
  const { SimulatedMaster } = require(`${DIST}/testing`);
  const master = await SimulatedMaster.start({
    agents: [{ cpus: 1000, mem: 1_000_000 }, {}, {}],
    // no update retries and no task ends while measuring (timers stay below 2^31 ms)
    statusUpdateRetryMs: 3_600_000,
    taskScript: () => ({ runSeconds: 3600, state: 'TASK_FINISHED' }),
  });
  const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
  port.on('message', (/** @type {WorkerCommand} */ msg) => {
    if (msg.cmd === 'launch') {
      const fw = master.core.framework(msg.frameworkId);
      const agent = master.core.cluster.agents()[0];
      if (fw === undefined || agent === undefined) throw new Error('no framework or agent');
      const launches = Array.from({ length: msg.count }, (_, i) => ({
        task: {
          name: `bench-${i}`,
          task_id: { value: `bench-task-${String(i).padStart(5, '0')}` },
          agent_id: { value: agent.id },
          resources: [],
          command: { value: 'sleep 1000' },
        },
      }));
      master.core.tasks.launch(fw, { agentId: agent.id, hostname: agent.hostname }, launches);
      port.postMessage({ launched: msg.count });
    } else if (msg.cmd === 'stop') {
      void master.stop().then(() => port.postMessage({ stopped: true }));
    }
  });
  port.postMessage({ port: master.port });
}

/** The bare baseline server, in a worker. */
function bareWorker() {
  /** @type {http.ServerResponse | undefined} */
  let stream;
  /** @type {Buffer[]} */
  let records = [];
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      if (req.url === '/subscribe') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        stream = res;
        return;
      }
      if (req.url === '/burst' && stream !== undefined) {
        stream.cork();
        for (const r of records) stream.write(r);
        stream.uncork();
      }
      res.writeHead(202, { 'Content-Length': '0' });
      res.end();
    });
  });
  const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
  port.on('message', (/** @type {WorkerCommand} */ msg) => {
    if (msg.cmd === 'records') {
      records = splitRecords(Buffer.from(msg.bytes));
      port.postMessage({ records: records.length });
    } else if (msg.cmd === 'stop') {
      stream?.end();
      server.closeAllConnections();
      server.close(() => port.postMessage({ stopped: true }));
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const address = /** @type {import('node:net').AddressInfo} */ (server.address());
    port.postMessage({ port: address.port });
  });
}

/**
 * RecordIO bytes → one buffer per record, length line included.
 * @param {Buffer} bytes
 * @returns {Buffer[]}
 */
function splitRecords(bytes) {
  /** @type {Buffer[]} */
  const out = [];
  let at = 0;
  while (at < bytes.length) {
    const lf = bytes.indexOf(10, at);
    const end = lf + 1 + Number(bytes.toString('latin1', at, lf));
    out.push(bytes.subarray(at, end));
    at = end;
  }
  return out;
}

if (!isMainThread && workerData?.benchServer === 'sim') void simWorker();
if (!isMainThread && workerData?.benchServer === 'bare') bareWorker();

// ---------------------------------------------------------------------------------------------
// Main thread: load generation, reading, timing

/**
 * A server in a worker thread, and how to talk to it.
 * @typedef {object} ServerThread
 * @property {number} port
 * @property {(cmd: WorkerCommand) => Promise<Record<string, unknown>>} ask
 * @property {() => Promise<void>} stop
 */

/**
 * @param {'sim' | 'bare'} kind
 * @returns {Promise<ServerThread>}
 */
function startServer(kind) {
  const worker = new Worker(__filename, { workerData: { benchServer: kind } });
  /** @type {((msg: Record<string, unknown>) => void)[]} */
  const waiting = [];
  worker.on('message', (msg) => waiting.shift()?.(msg));
  worker.on('error', (e) => {
    throw e;
  });
  /** @returns {Promise<Record<string, unknown>>} */
  const next = () => new Promise((resolve) => waiting.push(resolve));
  return next().then((hello) => ({
    port: Number(hello['port']),
    ask: (cmd) => {
      const answer = next();
      worker.postMessage(cmd);
      return answer;
    },
    stop: async () => {
      const answer = next();
      worker.postMessage({ cmd: 'stop' });
      await answer;
      await worker.terminate();
    },
  }));
}

/**
 * A raw pipelined HTTP/1.1 connection: writes prepared requests, counts status lines.
 * @param {number} port
 */
async function pipelinedConnection(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const STATUS = Buffer.from('HTTP/1.1 ');
  let answered = 0;
  let accepted = 0;
  /** @type {string[]} */
  const others = [];
  let tail = Buffer.alloc(0);
  /** @type {(() => void) | undefined} */
  let onAnswer;
  socket.on('data', (/** @type {Buffer} */ data) => {
    const buf = tail.length === 0 ? data : Buffer.concat([tail, data]);
    let at = 0;
    for (;;) {
      const idx = buf.indexOf(STATUS, at);
      if (idx < 0 || idx + STATUS.length + 3 > buf.length) {
        at = idx < 0 ? Math.max(at, buf.length - STATUS.length) : idx;
        break;
      }
      const code = buf.toString('latin1', idx + STATUS.length, idx + STATUS.length + 3);
      answered++;
      if (code === '202') accepted++;
      else others.push(code);
      at = idx + STATUS.length + 3;
    }
    tail = Buffer.from(buf.subarray(at));
    onAnswer?.();
  });
  return {
    /**
     * Sends `count` requests taken in turn from `requests`, at most `window` unanswered, and
     * resolves when all are answered; throws unless every answer was a 202.
     * @param {readonly Buffer[]} requests
     * @param {number} count
     * @param {number} window
     */
    async send(requests, count, window) {
      const base = answered;
      let sent = 0;
      await new Promise((resolve) => {
        const pump = () => {
          const done = answered - base;
          if (done >= count) {
            onAnswer = undefined;
            resolve(undefined);
            return;
          }
          /** @type {Buffer[]} */
          const batch = [];
          while (sent < count && sent - done < window) {
            batch.push(/** @type {Buffer} */ (requests[sent % requests.length]));
            sent++;
          }
          if (batch.length > 0) socket.write(Buffer.concat(batch));
        };
        onAnswer = pump;
        pump();
      });
      if (others.length > 0) throw new Error(`answers other than 202: ${others.slice(0, 5)}`);
      return accepted - base;
    },
    close: () => socket.destroy(),
  };
}

/**
 * A raw HTTP/1.1 POST, headers and body, as bytes.
 * @param {string} path
 * @param {Record<string, string>} headers
 * @param {string} body
 */
function rawPost(path, headers, body) {
  const lines = Object.entries({
    Host: '127.0.0.1',
    ...headers,
    'Content-Length': String(Buffer.byteLength(body)),
  }).map(([k, v]) => `${k}: ${v}\r\n`);
  return Buffer.from(`POST ${path} HTTP/1.1\r\n${lines.join('')}\r\n${body}`, 'utf8');
}

/**
 * An open event stream read by a plain RecordIO reader (the library's framing only, no event
 * decoding): counts the records that are UPDATE events, keeps the bytes when asked.
 * @param {number} port
 * @param {string} path
 * @param {string} body
 */
async function openStream(port, path, body) {
  /** @type {typeof import('../dist/src/wire')} */
  const wire = require(`${DIST}/wire`);
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    rawPost(path, { 'Content-Type': 'application/json', Accept: 'application/json' }, body),
  );
  const UPDATE = Buffer.from('{"type":"UPDATE"');
  const decoder = new wire.RecordIODecoder();
  let headers = Buffer.alloc(0);
  let headersDone = false;
  let updates = 0;
  /** @type {Record<string, unknown>[]} */
  const others = [];
  /** @type {Buffer[] | undefined} */
  let capture;
  /** @type {{ count: number, resolve: () => void } | undefined} */
  let waiter;
  /** @type {(value: string) => void} */
  let gotHeaders = () => {};
  const headerText = new Promise((resolve) => {
    gotHeaders = resolve;
  });
  /** @param {Buffer} data */
  const onBody = (data) => {
    // chunked transfer encoding: strip the chunk lines, keep the data
    chunked.push(data);
  };
  const chunked = dechunker((payload) => {
    const r = decoder.pushEach(payload, (/** @type {Uint8Array} */ record) => {
      if (Buffer.from(record.buffer, record.byteOffset, UPDATE.length).equals(UPDATE)) {
        updates++;
        if (capture !== undefined) capture.push(Buffer.from(record));
      } else {
        const text = Buffer.from(record).toString('utf8');
        if (!text.startsWith('{"type":"HEARTBEAT"')) others.push(JSON.parse(text));
      }
    });
    if (r._tag === 'Left') throw new Error(`framing: ${r.left.message}`);
    if (waiter !== undefined && updates >= waiter.count) {
      const w = waiter;
      waiter = undefined;
      w.resolve();
    }
  });
  socket.on('data', (/** @type {Buffer} */ data) => {
    if (headersDone) {
      onBody(data);
      return;
    }
    headers = Buffer.concat([headers, data]);
    const end = headers.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersDone = true;
    gotHeaders(headers.toString('latin1', 0, end));
    if (end + 4 < headers.length) onBody(headers.subarray(end + 4));
  });
  const head = /** @type {string} */ (await headerText);
  if (!head.startsWith('HTTP/1.1 200')) throw new Error(`subscribe: ${head}`);
  const streamId = /mesos-stream-id: (\S+)/i.exec(head)?.[1] ?? '';
  return {
    streamId,
    others,
    /** UPDATE records read so far. */
    get updates() {
      return updates;
    },
    /** Keeps the bytes of the UPDATE records read from now on. */
    startCapture() {
      capture = [];
    },
    /** The captured records as RecordIO bytes. */
    takeCapture() {
      const records = (capture ?? []).flatMap((r) => [Buffer.from(`${r.length}\n`), r]);
      capture = undefined;
      return Buffer.concat(records);
    },
    /**
     * Resolves once `count` UPDATE records in all were read.
     * @param {number} count
     * @returns {Promise<void>}
     */
    until(count) {
      if (updates >= count) return Promise.resolve();
      return new Promise((resolve) => {
        waiter = { count, resolve };
      });
    },
    /** Waits for the next non-UPDATE, non-HEARTBEAT event of a type. */
    async event(/** @type {string} */ type) {
      for (let i = 0; i < 500; i++) {
        const found = others.find((e) => e['type'] === type);
        if (found !== undefined) return found;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no ${type} event`);
    },
    close: () => socket.destroy(),
  };
}

/**
 * A decoder of HTTP/1.1 chunked transfer encoding that hands on the payload.
 * @param {(payload: Buffer) => void} onPayload
 */
function dechunker(onPayload) {
  let pending = Buffer.alloc(0);
  let left = 0; // payload bytes left in the current chunk
  let skip = 0; // CRLF bytes to skip after a chunk
  return {
    /** @param {Buffer} data */
    push(data) {
      let buf = pending.length === 0 ? data : Buffer.concat([pending, data]);
      pending = Buffer.alloc(0);
      /** @type {Buffer[]} */
      const out = [];
      while (buf.length > 0) {
        if (skip > 0) {
          const n = Math.min(skip, buf.length);
          skip -= n;
          buf = buf.subarray(n);
          continue;
        }
        if (left > 0) {
          const n = Math.min(left, buf.length);
          out.push(buf.subarray(0, n));
          left -= n;
          buf = buf.subarray(n);
          if (left === 0) skip = 2;
          continue;
        }
        const lf = buf.indexOf(10);
        if (lf < 0) {
          pending = Buffer.from(buf);
          break;
        }
        left = parseInt(buf.toString('latin1', 0, lf), 16);
        buf = buf.subarray(lf + 1);
        if (left === 0) skip = 2; // the last chunk
      }
      if (out.length > 0)
        onPayload(out.length === 1 ? /** @type {Buffer} */ (out[0]) : Buffer.concat(out));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Timing: the driver bench's interleaved asynchronous comparison (bench/driver/timing.js)

/**
 * @param {string} label
 * @param {string} unit
 * @param {readonly import('./driver/timing').AsyncSubject[]} subjects
 * @returns {Promise<Map<string, number>>} units per second, by subject
 */
async function compareRates(label, unit, subjects) {
  const { compareAsync } = require('./driver/timing');
  const measured = await compareAsync(label, unit, subjects);
  return new Map([...measured].map(([name, m]) => [name, m.rate]));
}

/**
 * @param {string} what
 * @param {number} value
 * @param {number} target
 */
function verdict(what, value, target) {
  const { log } = require('./harness');
  log(
    `  ${what}: ${value.toFixed(0)} (target >= ${target}: ${value >= target ? 'met' : 'NOT MET'})`,
  );
}

/** @param {string} name */
function subscribeBody(name) {
  return JSON.stringify({
    type: 'SUBSCRIBE',
    subscribe: { framework_info: { user: 'bench', name } },
  });
}

/**
 * @param {string} frameworkId
 * @param {string} streamId
 * @param {string} type
 */
function callRequest(frameworkId, streamId, type) {
  const call =
    type === 'DECLINE'
      ? { type, framework_id: { value: frameworkId }, decline: { offer_ids: [{ value: 'gone' }] } }
      : type === 'RECONCILE'
        ? { type, framework_id: { value: frameworkId }, reconcile: {} }
        : { type, framework_id: { value: frameworkId } };
  return rawPost(
    '/api/v1/scheduler',
    { 'Content-Type': 'application/json', 'Mesos-Stream-Id': streamId },
    JSON.stringify(call),
  );
}

/**
 * Subscribes a framework to the simulator; returns its id and stream.
 * @param {ServerThread} sim
 * @param {string} name
 */
async function subscribeToSim(sim, name) {
  const stream = await openStream(sim.port, '/api/v1/scheduler', subscribeBody(name));
  const subscribed = await stream.event('SUBSCRIBED');
  const id = /** @type {{ framework_id: { value: string } }} */ (subscribed['subscribed'])
    .framework_id.value;
  return { stream, frameworkId: id };
}

/** @param {import('./harness').report} report */
async function benchCalls(report) {
  const { log } = require('./harness');
  const sim = await startServer('sim');
  const bare = await startServer('bare');
  try {
    const { stream, frameworkId } = await subscribeToSim(sim, 'bench-calls');
    const requests = CALL_TYPES.map((t) => callRequest(frameworkId, stream.streamId, t));
    const simConn = await pipelinedConnection(sim.port);
    const bareConn = await pipelinedConnection(bare.port);
    log(
      `\nsim-calls: ${CALLS_PER_OP} calls per op (${CALL_TYPES.join(', ')} in turn), ` +
        `${IN_FLIGHT} in flight on one connection`,
    );
    const rates = await compareRates('sim-calls', 'calls', [
      {
        name: 'rxmesos sim',
        units: CALLS_PER_OP,
        fn: () => simConn.send(requests, CALLS_PER_OP, IN_FLIGHT),
      },
      {
        name: 'bare node:http 202',
        units: CALLS_PER_OP,
        fn: () => bareConn.send(requests, CALLS_PER_OP, IN_FLIGHT),
      },
    ]);
    const value = /** @type {number} */ (rates.get('rxmesos sim'));
    const base = /** @type {number} */ (rates.get('bare node:http 202'));
    if (stream.others.some((e) => e['type'] === 'ERROR'))
      throw new Error('the stream got an ERROR');
    report({
      bench: 'sim-calls',
      subject: 'rxmesos sim',
      value,
      unit: 'calls/s',
      baseline: { subject: 'bare node:http 202', value: base },
    });
    verdict('sim calls/s', value, 20_000);
    simConn.close();
    bareConn.close();
    stream.close();
  } finally {
    await sim.stop();
    await bare.stop();
  }
}

/** @param {import('./harness').report} report */
async function benchEvents(report) {
  const { log } = require('./harness');
  const sim = await startServer('sim');
  const bare = await startServer('bare');
  try {
    const { stream, frameworkId } = await subscribeToSim(sim, 'bench-events');
    await sim.ask({ cmd: 'launch', frameworkId, count: TASKS });
    await stream.until(TASKS); // each task's TASK_STARTING
    const reconcile = [callRequest(frameworkId, stream.streamId, 'RECONCILE')];
    const simConn = await pipelinedConnection(sim.port);

    // the baseline writes the very records the simulator wrote
    stream.startCapture();
    const before = stream.updates; // the events may arrive before the call's answer
    await Promise.all([simConn.send(reconcile, 1, 1), stream.until(before + TASKS)]);
    const captured = stream.takeCapture();
    const answer = await bare.ask({ cmd: 'records', bytes: captured });
    if (answer['records'] !== TASKS)
      throw new Error(`captured ${String(answer['records'])} records`);
    const bareStream = await openStream(bare.port, '/subscribe', '');
    const bareConn = await pipelinedConnection(bare.port);
    const burst = [rawPost('/burst', {}, '')];
    log(
      `\nsim-events: one implicit RECONCILE -> ${TASKS} UPDATE events ` +
        `(${(captured.length / TASKS).toFixed(0)} bytes each as JSON) on the subscription stream`,
    );

    /**
     * @param {{ send: (r: readonly Buffer[], n: number, w: number) => Promise<number> }} conn
     * @param {readonly Buffer[]} trigger
     * @param {{ updates: number, until: (n: number) => Promise<void> }} reader
     */
    const op = async (conn, trigger, reader) => {
      const before = reader.updates;
      await Promise.all([conn.send(trigger, 1, 1), reader.until(before + TASKS)]);
      return reader.updates - before;
    };
    const rates = await compareRates('sim-events', 'events', [
      { name: 'rxmesos sim', units: TASKS, fn: () => op(simConn, reconcile, stream) },
      { name: 'bare node:http write', units: TASKS, fn: () => op(bareConn, burst, bareStream) },
    ]);
    const value = /** @type {number} */ (rates.get('rxmesos sim'));
    const base = /** @type {number} */ (rates.get('bare node:http write'));
    report({
      bench: 'sim-events',
      subject: 'rxmesos sim',
      value,
      unit: 'events/s',
      baseline: { subject: 'bare node:http write', value: base },
    });
    verdict('sim events/s', value, 50_000);
    simConn.close();
    bareConn.close();
    stream.close();
    bareStream.close();
  } finally {
    await sim.stop();
    await bare.stop();
  }
}

/** Names of the benches (groups) of this module, in run order. */
const groups = ['calls', 'events'];

/**
 * Runs the given benches (default: all), in this process.
 * @param {import('./harness').report} report
 * @param {readonly string[]} [only]
 */
async function run(report, only = groups) {
  if (only.includes('calls')) await benchCalls(report);
  if (only.includes('events')) await benchEvents(report);
}

module.exports = { run, groups };
