// @ts-check
'use strict';

/**
 * Tiny benchmark harness shared by `bench/*.bench.js`.
 *
 * - {@link compare} times several subjects doing the same work: each subject is calibrated so one
 *   sample lasts at least `BENCH_MIN_SAMPLE_MS` (default 200 ms), each sample starts with a full
 *   garbage collection and one operation that is not timed, warm-up samples are discarded,
 *   then `BENCH_SAMPLES` (default 7) samples are taken, interleaved subject by subject (A B C,
 *   B C A, C A B …) so that drift on a noisy machine hits every subject alike. The result is the
 *   median time per operation.
 * - {@link report} prints one measurement as one JSON line on stdout (docs/benchmarks.md).
 *   Everything human-friendly goes to stderr.
 *
 * Run through `bench/run.js` (`npm run bench`, `npm run bench:wire`).
 */

/**
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @returns {number}
 */
function envNumber(name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name}=${raw}: expected a number >= ${min}`);
  }
  return value;
}

/** Harness settings, from the environment. */
const config = Object.freeze({
  /** Measured samples per subject (BENCH_SAMPLES, default 7). */
  samples: Math.floor(envNumber('BENCH_SAMPLES', 7, 1)),
  /** Discarded warm-up samples per subject (BENCH_WARMUP, default 2). */
  warmup: Math.floor(envNumber('BENCH_WARMUP', 2, 0)),
  /** Minimum duration of one sample in ms (BENCH_MIN_SAMPLE_MS, default 200). */
  minSampleMs: envNumber('BENCH_MIN_SAMPLE_MS', 200, 1),
});

/**
 * A full garbage collection before each sample, so that every sample starts from a clean heap
 * instead of paying for the garbage of the previous subject. Available when Node runs with
 * `--expose-gc`, as bench/run.js starts its measuring processes. (Not enabled at run time through
 * `v8.setFlagsFromString('--expose-gc')`: on Node 20 that made protobufjs decoding 2-3x
 * slower in our measurements.)
 * @type {() => void}
 */
const collectGarbage = (() => {
  const gc = /** @type {{ gc?: unknown }} */ (globalThis).gc;
  return typeof gc === 'function' ? () => void gc() : () => {};
})();

/**
 * @typedef {object} Subject
 * @property {string} name Subject name as printed in the JSON lines.
 * @property {() => number} fn One operation. Returns a count (e.g. events decoded) that is
 *   checked against `expect`, which also keeps the work observable.
 * @property {number} [expect] Value `fn` must return; any other value aborts the run.
 */

/**
 * @typedef {object} Measurement
 * @property {string} name
 * @property {number} nsPerOp Median time per operation, in nanoseconds.
 * @property {number} minNsPerOp Fastest sample, per operation.
 * @property {number} maxNsPerOp Slowest sample, per operation.
 * @property {number} iterations Operations per sample.
 * @property {number[]} samplesNsPerOp Every measured sample, per operation, in run order.
 */

/**
 * @param {readonly number[]} values
 * @returns {number}
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/**
 * Runs `fn` `iterations` times and returns the elapsed nanoseconds; fails loudly on a wrong result.
 *
 * Each sample starts from a full garbage collection, so that one subject's garbage is not
 * collected in another's time, followed by one operation that is not timed: the collection
 * also lets the engine drop object shapes that no live object has any more, and with them the
 * optimized code made for them, which a steady stream never loses. Without that operation the
 * first operation of every sample paid for compiling again (JavaScript subjects only: a
 * built-in such as `JSON.parse` has nothing to lose).
 * @param {Subject} subject
 * @param {number} iterations
 * @returns {number}
 */
function timeSample(subject, iterations) {
  const { fn, expect, name } = subject;
  collectGarbage();
  const check = (/** @type {unknown} */ result) => {
    if (expect !== undefined && result !== expect) {
      throw new Error(`${name}: returned ${String(result)}, expected ${String(expect)}`);
    }
  };
  check(fn());
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) check(fn());
  return Number(process.hrtime.bigint() - start);
}

/**
 * Times subjects against each other: calibration, interleaved warm-up, interleaved samples.
 *
 * @param {string} label Shown on stderr.
 * @param {readonly Subject[]} subjects
 * @returns {Map<string, Measurement>}
 */
function compare(label, subjects) {
  const minSampleNs = config.minSampleMs * 1e6;
  const n = subjects.length;
  /** @type {number[]} */
  const iterations = [];
  // Calibration: one operation each (it is also the first warm-up).
  for (const subject of subjects) {
    const ns = timeSample(subject, 1);
    iterations.push(Math.max(1, Math.ceil(minSampleNs / Math.max(ns, 1))));
  }
  /** @type {number[][]} */
  const samples = subjects.map(() => []);
  const rounds = config.warmup + config.samples;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < n; k++) {
      const index = (k + round) % n; // rotate the order each round
      const subject = /** @type {Subject} */ (subjects[index]);
      const iters = /** @type {number} */ (iterations[index]);
      const ns = timeSample(subject, iters);
      if (round < config.warmup) {
        // Re-calibrate on warm code, so that measured samples really last >= minSampleMs.
        iterations[index] = Math.max(iters, Math.ceil(minSampleNs / Math.max(ns / iters, 1)));
      } else {
        /** @type {number[]} */ (samples[index]).push(ns / iters);
      }
    }
  }
  /** @type {Map<string, Measurement>} */
  const result = new Map();
  subjects.forEach((subject, index) => {
    const list = /** @type {number[]} */ (samples[index]);
    result.set(subject.name, {
      name: subject.name,
      nsPerOp: median(list),
      minNsPerOp: Math.min(...list),
      maxNsPerOp: Math.max(...list),
      iterations: /** @type {number} */ (iterations[index]),
      samplesNsPerOp: list,
    });
  });
  log(`  ${label}`);
  for (const m of result.values()) {
    const spread = ((m.maxNsPerOp - m.minNsPerOp) / m.nsPerOp) * 100;
    log(
      `    ${m.name.padEnd(26)} ${(m.nsPerOp / 1e6).toFixed(2).padStart(10)} ms/op` +
        `  (${m.iterations} op/sample, ${config.samples} samples, spread ${spread.toFixed(0)}%)`,
    );
  }
  return result;
}

/**
 * Operations per second → a rate of `units` per operation.
 * @param {Measurement} m
 * @param {number} unitsPerOp
 * @param {number} [scale] Divide the rate by this (1e6 for MB/s with bytes as units).
 * @returns {number}
 */
function rate(m, unitsPerOp, scale = 1) {
  return unitsPerOp / (m.nsPerOp / 1e9) / scale;
}

/**
 * @typedef {object} Line
 * @property {string} bench
 * @property {string} subject
 * @property {number | null} value
 * @property {string} unit
 * @property {{ subject: string, value: number } | null} [baseline]
 * @property {number | null} [ratio] Computed as value / baseline.value when omitted.
 * @property {string} [skipped] Why the subject could not be measured (value is then null).
 */

/**
 * @param {number} x
 * @returns {number}
 */
function round4(x) {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(digits, 6)));
}

/**
 * Prints one measurement as a JSON line on stdout:
 * `{"bench","subject","value","unit","baseline":{"subject","value"}|null,"ratio"}`.
 * Values are rounded to 4 significant digits, ratios to 3 decimals.
 * @param {Line} line
 */
function report(line) {
  const baseline = line.baseline
    ? { subject: line.baseline.subject, value: round4(line.baseline.value) }
    : null;
  let ratio = line.ratio;
  if (ratio === undefined) {
    ratio =
      line.value !== null && line.baseline && line.baseline.value > 0
        ? line.value / line.baseline.value
        : null;
  }
  /** @type {Record<string, unknown>} */
  const out = {
    bench: line.bench,
    subject: line.subject,
    value: line.value === null ? null : round4(line.value),
    unit: line.unit,
    baseline,
    ratio: ratio === null ? null : Number(ratio.toFixed(3)),
  };
  if (line.skipped !== undefined) out['skipped'] = line.skipped;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/**
 * Human-friendly output (stderr).
 * @param {string} message
 */
function log(message) {
  process.stderr.write(`${message}\n`);
}

module.exports = {
  config,
  compare,
  rate,
  report,
  log,
  median,
  gcExposed: () => typeof (/** @type {{ gc?: unknown }} */ (globalThis).gc) === 'function',
};
