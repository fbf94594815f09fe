// @ts-check
'use strict';

/**
 * Wire ingest: a large, realistic event stream, delivered in 64 KiB chunks as HTTP would deliver
 * it, through RecordIO framing + decoding + schema validation to typed events.
 *
 * Benches `ingest-<json|protobuf>-<1kb|64kb|2mb>` (the size is the JSON record size; the same
 * events encoded as protobuf are about 2.5 times smaller). Subjects:
 * - `rxmesos`: fresh RecordIODecoder per stream (with `transientRecords`, as the driver reads a
 *   subscription), decodeEvent per record, check Right.
 * - bare limit: `JSON.parse` of the same records already split and decoded to strings, or the
 *   static protobufjs `Event.decode` of the same records already split.
 * - peers (JSON only): `@dcos/recordio` (StringDecoder + read + JSON.parse); `mesos-framework`
 *   is reported as skipped (its parser is a closure inside an HTTP response handler).
 *
 * Each bench is a group: `node bench/run.js wire:ingest-json-2mb` runs one; bench/run.js runs
 * every group in a fresh process (docs/benchmarks.md).
 *
 * Environment: BENCH_WIRE_MB (default 16) = encoded size of each stream, in MiB.
 */

const fs = require('node:fs');
const path = require('node:path');
const { StringDecoder } = require('node:string_decoder');
const { compare, rate, log } = require('./harness');

const ROOT = path.join(__dirname, '..');
/** @type {typeof import('../dist/src/wire')} */
const wire = require('../dist/src/wire');
/** @type {any} */
const pbRoot = require('../dist/src/wire/generated/pb.js');
/** @type {{ decode(bytes: Uint8Array): { type?: unknown } }} */
const PbEvent = pbRoot.mesos.v1.scheduler.Event;
const dcosRecordio = require('@dcos/recordio');

/** @typedef {import('../dist/src/wire').Event} Event */
/** @typedef {import('../dist/src/wire').ContentType} ContentType */
/** @typedef {import('./harness').report} Report */

const JSON_CT = /** @type {ContentType} */ ('application/json');
const PROTOBUF_CT = /** @type {ContentType} */ ('application/x-protobuf');
const CHUNK_BYTES = 64 * 1024;
const MiB = 1024 * 1024;
const STREAM_BYTES = (() => {
  const raw = process.env['BENCH_WIRE_MB'] || '16';
  const mib = Number(raw);
  if (!Number.isFinite(mib) || mib <= 0) throw new Error(`BENCH_WIRE_MB=${raw}: expected MiB > 0`);
  return Math.round(mib * MiB);
})();

const MESOS_FRAMEWORK_SKIP =
  'mesos-framework 0.5.3 parses the RecordIO stream in an anonymous res.on("data") closure ' +
  "inside Scheduler.prototype.subscribe's http.request callback (lib/scheduler.js): not " +
  'exported, reachable only through a live HTTP response (or by monkey-patching http.request). ' +
  'It also assumes at most one LF per chunk and a record starting each chunk, and compares ' +
  'UTF-16 length with the byte length, so it drops events of a real chunked stream.';

// ---------------------------------------------------------------------------------------------
// Event generation (deterministic)

/**
 * mulberry32: small deterministic PRNG, so every run benchmarks the very same bytes.
 * @param {number} seed
 * @returns {() => number} uint32
 */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * @param {() => number} next
 * @param {number} bytes
 * @returns {Buffer}
 */
function randomBytes(next, bytes) {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4) out.writeUInt32BE(next(), i);
  return out;
}

/**
 * @param {() => number} next
 * @returns {string} a UUID-shaped string
 */
function uuidString(next) {
  const h = randomBytes(next, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * @param {string} file
 * @returns {Event}
 */
function fixtureEvent(file) {
  const bytes = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'events', file));
  const decoded = wire.decodeEvent(bytes, JSON_CT);
  if (decoded._tag === 'Left') throw new Error(`fixture ${file}: ${String(decoded.left)}`);
  return decoded.right;
}

const FRAMEWORK = '4f8d2a71-3c6e-4b9a-a1f2-7d3e9c0b5a14';
const UPDATE_STATES = /** @type {const} */ ([
  'TASK_STARTING',
  'TASK_RUNNING',
  'TASK_RUNNING',
  'TASK_RUNNING',
  'TASK_FINISHED',
  'TASK_FAILED',
]);

/**
 * UPDATE events shaped like update-running-with-uuid.json (with a few more labels, ~1 KB as
 * JSON), unique task ids, uuids, timestamps; one HEARTBEAT every 64 events.
 * @returns {(index: number) => Event}
 */
function updateGenerator() {
  const template = fixtureEvent('update-running-with-uuid.json');
  if (template.type !== 'UPDATE') throw new Error('update fixture is not an UPDATE');
  const base = template.update.status;
  const next = prng(0x5eed1);
  return (index) => {
    if (index % 64 === 63) return { type: 'HEARTBEAT' };
    const agent = index % 211;
    /** @type {any} */
    const status = {
      ...base,
      task_id: { value: `etl-nightly.${uuidString(next)}` },
      state: UPDATE_STATES[index % UPDATE_STATES.length],
      agent_id: { value: `${FRAMEWORK}-S${agent}` },
      executor_id: { value: `orca-executor-${(index % 4096).toString(16)}` },
      timestamp: 1725260401.482913 + index * 0.013579,
      uuid: randomBytes(next, 16).toString('base64'),
      labels: {
        labels: [
          { key: 'stage', value: ['ingest', 'transform', 'publish'][index % 3] },
          { key: 'owner', value: 'Jürgen' },
          { key: 'trace_id', value: randomBytes(next, 16).toString('hex') },
          { key: 'attempt', value: String(1 + (index % 3)) },
          { key: 'pipeline', value: `nightly-${index % 17}.analytics.example.internal` },
        ],
      },
      container_status: {
        ...base.container_status,
        container_id: { value: uuidString(next) },
        network_infos: [
          {
            ip_addresses: [{ protocol: 'IPv4', ip_address: `10.0.${agent >> 8}.${agent & 255}` }],
          },
        ],
        executor_pid: 1000 + (index % 60000),
      },
    };
    return /** @type {Event} */ ({ type: 'UPDATE', update: { status } });
  };
}

/**
 * OFFERS events of `count` offers each, cloned from offers.json's offers with unique offer ids,
 * agents, hostnames, addresses, and unique int64 unavailability times (above 2^53).
 * @param {number} count
 * @returns {(index: number) => Event}
 */
function offersGenerator(count) {
  const template = fixtureEvent('offers.json');
  if (template.type !== 'OFFERS') throw new Error('offers fixture is not an OFFERS');
  const offers = template.offers.offers;
  if (offers === undefined || offers.length === 0) throw new Error('offers fixture has no offers');
  return (index) => {
    /** @type {any[]} */
    const out = [];
    for (let j = 0; j < count; j++) {
      const k = index * count + j;
      /** @type {any} */
      const offer = structuredClone(offers[k % offers.length]);
      const agent = k % 4093;
      const host = `agent-${agent.toString().padStart(4, '0')}.example.internal`;
      offer.id = { value: `${FRAMEWORK}-O${1000 + k}` };
      offer.agent_id = { value: `${FRAMEWORK}-S${agent}` };
      offer.hostname = host;
      if (offer.url) {
        offer.url.address.hostname = host;
        offer.url.address.ip = `10.${(agent >> 8) & 255}.${agent & 255}.${1 + (k % 250)}`;
      }
      if (offer.unavailability) {
        offer.unavailability.start.nanoseconds = String(
          1725256800000000000n + BigInt(k) * 1000003n,
        );
        if (offer.unavailability.duration) {
          offer.unavailability.duration.nanoseconds = String(
            14400000000000n + BigInt(k % 97) * 1000000000n,
          );
        }
      }
      out.push(offer);
    }
    return /** @type {Event} */ ({ type: 'OFFERS', offers: { offers: out } });
  };
}

// ---------------------------------------------------------------------------------------------
// Streams

/**
 * @typedef {object} Stream
 * @property {ContentType} contentType
 * @property {Uint8Array} bytes The whole RecordIO stream.
 * @property {Buffer[]} chunks 64 KiB views of `bytes`, in order.
 * @property {Uint8Array[]} records Each record's payload, already split (for the limits).
 * @property {number} events Number of records (= events).
 * @property {number} avgRecordBytes
 */

/**
 * Encodes generated events with the library's encodeEvent until the stream reaches `target` bytes.
 * @param {(index: number) => Event} generate
 * @param {ContentType} contentType
 * @param {number} target
 * @returns {Stream}
 */
function buildStream(generate, contentType, target) {
  /** @type {Uint8Array[]} */
  const records = [];
  let total = 0;
  for (let index = 0; total < target; index++) {
    const encoded = wire.encodeEvent(generate(index), contentType);
    if (encoded._tag === 'Left') throw new Error(`encodeEvent: ${String(encoded.left)}`);
    records.push(encoded.right);
    total += encoded.right.length + String(encoded.right.length).length + 1;
  }
  const bytes = wire.encodeRecords(records);
  /** @type {Buffer[]} */
  const chunks = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, bytes.length - offset);
    chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset + offset, length));
  }
  const payload = records.reduce((sum, r) => sum + r.length, 0);
  return {
    contentType,
    bytes,
    chunks,
    records,
    events: records.length,
    avgRecordBytes: payload / records.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Subjects. Each returns the number of events it produced; every event's `type` is read so the
// work is comparable (a typed Event for rxmesos, a plain object for the others).

/**
 * rxmesos: bytes chunks → RecordIODecoder → decodeEvent → typed Event (fails loudly on Left).
 * @param {Stream} stream
 * @returns {() => number}
 */
function rxmesosIngest(stream) {
  const { chunks, contentType } = stream;
  return () => {
    const decoder = new wire.RecordIODecoder({ transientRecords: true }); // as the driver reads
    let events = 0;
    let typeless = 0;
    /** @type {unknown} */
    let failure;
    /** @param {Uint8Array} record */
    const onRecord = (record) => {
      const decoded = wire.decodeEvent(record, contentType);
      if (decoded._tag === 'Left') {
        if (failure === undefined) failure = decoded.left;
        return;
      }
      if (decoded.right.type === undefined) typeless++;
      events++;
    };
    for (const chunk of chunks) {
      const pushed = decoder.pushEach(chunk, onRecord);
      if (pushed._tag === 'Left') throw new Error(`RecordIO: ${String(pushed.left)}`);
      if (failure !== undefined) throw new Error(`decodeEvent: ${String(failure)}`);
    }
    const ended = decoder.end();
    if (ended._tag === 'Left') throw new Error(`RecordIO end: ${String(ended.left)}`);
    return events - typeless;
  };
}

/**
 * Bare limit for JSON: JSON.parse of every record, already split and decoded to JS strings.
 * @param {Stream} stream
 * @returns {() => number}
 */
function jsonParseLimit(stream) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const strings = stream.records.map((r) => decoder.decode(r));
  return () => {
    let events = 0;
    for (let i = 0; i < strings.length; i++) {
      if (JSON.parse(/** @type {string} */ (strings[i])).type !== undefined) events++;
    }
    return events;
  };
}

/**
 * Bare limit for JSON over bytes: per pre-split record, its UTF-8 text and JSON.parse of it —
 * the least a consumer of byte records must do to get a JavaScript value.
 * @param {Stream} stream
 * @returns {() => number}
 */
function jsonParseBytesLimit(stream) {
  const records = stream.records.map((r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength));
  return () => {
    let events = 0;
    for (let i = 0; i < records.length; i++) {
      const record = /** @type {Buffer} */ (records[i]);
      if (JSON.parse(record.toString('utf8')).type !== undefined) events++;
    }
    return events;
  };
}

/**
 * Bare limit for protobuf: protobufjs static Event.decode of every record, already split.
 * @param {Stream} stream
 * @returns {() => number}
 */
function protobufDecodeLimit(stream) {
  const { records } = stream;
  return () => {
    let events = 0;
    for (let i = 0; i < records.length; i++) {
      if (PbEvent.decode(/** @type {Uint8Array} */ (records[i])).type !== undefined) events++;
    }
    return events;
  };
}

/**
 * Peer: @dcos/recordio as its users consume a response: bytes → string (StringDecoder, so a
 * multi-byte character split across chunks survives), `read(rest + text)`, JSON.parse per record.
 * @param {Stream} stream
 * @returns {() => number}
 */
function dcosRecordioIngest(stream) {
  const { chunks } = stream;
  return () => {
    const text = new StringDecoder('utf8');
    let rest = '';
    let events = 0;
    for (const chunk of chunks) {
      const [records, remaining] = dcosRecordio.read(rest + text.write(chunk));
      rest = remaining;
      for (let i = 0; i < records.length; i++) {
        if (JSON.parse(/** @type {string} */ (records[i])).type !== undefined) events++;
      }
    }
    if (rest + text.end() !== '')
      throw new Error('@dcos/recordio: unconsumed input at end of stream');
    return events;
  };
}

/**
 * A short summary of one event, the same for a typed Event and for a plain JSON.parse'd object
 * (the typed model uses the Mesos JSON field names): type, and the offer count or task id.
 * @param {any} event
 * @returns {string}
 */
function summary(event) {
  if (event.type === 'OFFERS') return `OFFERS:${event.offers.offers.length}`;
  if (event.type === 'UPDATE') return `UPDATE:${event.update.status.task_id.value}`;
  return String(event.type);
}

/**
 * @typedef {object} Peer
 * @property {string} name
 * @property {(stream: Stream) => () => number} ingest Timed: the events of the whole stream.
 * @property {(stream: Stream) => unknown[]} events Untimed: every event, for checkSameEvents.
 */

/** @type {Peer} */
const DCOS_RECORDIO = {
  name: '@dcos/recordio',
  ingest: dcosRecordioIngest,
  events: (stream) => {
    const text = new StringDecoder('utf8');
    let rest = '';
    /** @type {unknown[]} */
    const events = [];
    for (const chunk of stream.chunks) {
      const [records, remaining] = dcosRecordio.read(rest + text.write(chunk));
      rest = remaining;
      for (const record of records) events.push(JSON.parse(record));
    }
    return events;
  },
};

/**
 * Once, outside the timings: the peer yields the same events as rxmesos (not only as many).
 * @param {Stream} stream
 * @param {Peer} peer
 * @returns {void}
 */
function checkSameEvents(stream, peer) {
  /** @type {string[]} */
  const ours = [];
  const decoder = new wire.RecordIODecoder();
  for (const chunk of stream.chunks) {
    decoder.pushEach(chunk, (record) => {
      const decoded = wire.decodeEvent(record, stream.contentType);
      ours.push(decoded._tag === 'Right' ? summary(decoded.right) : 'Left');
    });
  }
  const theirs = peer.events(stream).map(summary);
  const mismatch = ours.findIndex((s, i) => s !== theirs[i]);
  if (ours.length !== theirs.length || mismatch !== -1) {
    throw new Error(
      `${peer.name} disagrees with rxmesos: ${theirs.length} vs ${ours.length} events, ` +
        `first difference at ${mismatch}: ${theirs[mismatch]} vs ${ours[mismatch]}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} Size
 * @property {string} name
 * @property {() => (index: number) => Event} generator
 * @property {string} describe
 */

/** @type {Size[]} */
const SIZES = [
  { name: '1kb', generator: updateGenerator, describe: 'UPDATE events (+1/64 HEARTBEAT)' },
  { name: '64kb', generator: () => offersGenerator(40), describe: 'OFFERS events of 40 offers' },
  { name: '2mb', generator: () => offersGenerator(1300), describe: 'OFFERS events of 1300 offers' },
];

/** @type {{ bench: string, ct: 'json' | 'protobuf', contentType: ContentType, size: Size }[]} */
const BENCHES = [];
for (const contentType of [JSON_CT, PROTOBUF_CT]) {
  const ct = contentType === JSON_CT ? 'json' : 'protobuf';
  for (const size of SIZES)
    BENCHES.push({ bench: `ingest-${ct}-${size.name}`, ct, contentType, size });
}

/** Names of the benches (groups) of this module, in run order. */
const groups = BENCHES.map((b) => b.bench);

/**
 * Runs the given benches (default: all), in this process.
 * @param {Report} report
 * @param {readonly string[]} [only]
 */
function run(report, only = groups) {
  for (const { bench, ct, contentType, size } of BENCHES) {
    if (only.includes(bench)) runBench(report, bench, ct, contentType, size);
  }
}

/**
 * One bench: build the stream, time rxmesos against the limit (and the peers, for JSON), report.
 * @param {Report} report
 * @param {string} bench
 * @param {'json' | 'protobuf'} ct
 * @param {ContentType} contentType
 * @param {Size} size
 */
function runBench(report, bench, ct, contentType, size) {
  const stream = buildStream(size.generator(), contentType, STREAM_BYTES);
  log(
    `\n${bench}: ${size.describe}, ${stream.events} records, ` +
      `avg ${(stream.avgRecordBytes / 1024).toFixed(1)} KiB, ` +
      `stream ${(stream.bytes.length / MiB).toFixed(1)} MiB in ${stream.chunks.length} chunks of 64 KiB`,
  );

  const limit = ct === 'json' ? 'JSON.parse(record.toString())' : 'protobufjs Event.decode';
  const parseOnly = 'JSON.parse(string)';
  const peers = ct === 'json' ? [DCOS_RECORDIO] : [];
  /** @type {import('./harness').Subject[]} */
  const subjects = [
    { name: 'rxmesos', fn: rxmesosIngest(stream), expect: stream.events },
    {
      name: limit,
      fn: ct === 'json' ? jsonParseBytesLimit(stream) : protobufDecodeLimit(stream),
      expect: stream.events,
    },
    ...(ct === 'json'
      ? [{ name: parseOnly, fn: jsonParseLimit(stream), expect: stream.events }]
      : []),
    ...peers.map((peer) => ({ name: peer.name, fn: peer.ingest(stream), expect: stream.events })),
  ];

  for (const peer of peers) checkSameEvents(stream, peer);

  const results = compare(bench, subjects);
  /** @param {string} name */
  const get = (name) => {
    const m = results.get(name);
    if (m === undefined) throw new Error(`no measurement for ${name}`);
    return m;
  };
  /** @param {string} name */
  const mbps = (name) => rate(get(name), stream.bytes.length, 1e6);
  /** @param {string} name */
  const eps = (name) => rate(get(name), stream.events);

  const MBs = 'MB/s';
  report({
    bench,
    subject: 'rxmesos',
    value: mbps('rxmesos'),
    unit: MBs,
    baseline: { subject: limit, value: mbps(limit) },
  });
  report({
    bench,
    subject: 'rxmesos',
    value: eps('rxmesos'),
    unit: 'events/s',
    baseline: { subject: limit, value: eps(limit) },
  });
  if (ct === 'json') {
    // the stricter reference: parsing alone, records already split and decoded to strings
    report({
      bench,
      subject: 'rxmesos',
      value: mbps('rxmesos'),
      unit: MBs,
      baseline: { subject: parseOnly, value: mbps(parseOnly) },
    });
  }
  for (const { name } of peers) {
    report({
      bench,
      subject: name,
      value: mbps(name),
      unit: MBs,
      baseline: { subject: limit, value: mbps(limit) },
    });
    report({
      bench,
      subject: 'rxmesos',
      value: mbps('rxmesos'),
      unit: MBs,
      baseline: { subject: name, value: mbps(name) },
    });
  }
  if (ct === 'json') {
    report({
      bench,
      subject: 'mesos-framework',
      value: null,
      unit: MBs,
      baseline: null,
      ratio: null,
      skipped: MESOS_FRAMEWORK_SKIP,
    });
  }
}

module.exports = { run, groups };
