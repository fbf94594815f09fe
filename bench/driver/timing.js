// @ts-check
'use strict';

/**
 * Timing of asynchronous subjects for bench/driver.bench.js: the scheme of `harness.compare`
 * (calibration, interleaved warm-up and samples with the order rotated each round, a full GC
 * before each sample, the median), for operations that return promises. Also percentiles.
 */

const { config, log, median } = require('../harness');

/**
 * @typedef {object} AsyncSubject
 * @property {string} name
 * @property {() => Promise<number>} fn One operation; resolves to the units it did.
 * @property {number} units Units one operation must do (checked).
 */

/**
 * @typedef {object} AsyncMeasurement
 * @property {number} rate Median units per second.
 * @property {number[]} rates Every sample's rate, in run order.
 * @property {number} opsPerSample
 */

/** @type {() => void} */
const collectGarbage = (() => {
  const gc = /** @type {{ gc?: unknown }} */ (globalThis).gc;
  return typeof gc === 'function' ? () => void gc() : () => {};
})();

/**
 * Times asynchronous subjects against each other; returns the median rate of each.
 * @param {string} label
 * @param {string} unit What a unit is, for stderr (`calls`, `lifecycles` …).
 * @param {readonly AsyncSubject[]} subjects
 * @param {{ samples?: number, warmup?: number, minSampleMs?: number }} [counts] Overrides of the
 *   harness settings.
 * @returns {Promise<Map<string, AsyncMeasurement>>}
 */
async function compareAsync(label, unit, subjects, counts = {}) {
  const samples = counts.samples ?? config.samples;
  const warmup = counts.warmup ?? config.warmup;
  const minNs = Math.max(config.minSampleMs, counts.minSampleMs ?? 0) * 1e6;
  /** @param {AsyncSubject} s @param {number} ops */
  const sample = async (s, ops) => {
    collectGarbage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ops; i++) {
      const units = await s.fn();
      if (units !== s.units)
        throw new Error(`${s.name}: did ${units} ${unit}, expected ${s.units}`);
    }
    return Number(process.hrtime.bigint() - t0);
  };
  /** @type {number[]} */
  const ops = [];
  for (const s of subjects)
    ops.push(Math.max(1, Math.ceil(minNs / Math.max(await sample(s, 1), 1))));
  /** @type {number[][]} */
  const rates = subjects.map(() => []);
  for (let round = 0; round < warmup + samples; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const index = (k + round) % subjects.length;
      const s = /** @type {AsyncSubject} */ (subjects[index]);
      const n = /** @type {number} */ (ops[index]);
      const ns = await sample(s, n);
      if (round < warmup) ops[index] = Math.max(n, Math.ceil(minNs / Math.max(ns / n, 1)));
      else /** @type {number[]} */ (rates[index]).push((n * s.units) / (ns / 1e9));
    }
  }
  /** @type {Map<string, AsyncMeasurement>} */
  const result = new Map();
  log(`  ${label}`);
  subjects.forEach((s, i) => {
    const list = /** @type {number[]} */ (rates[i]);
    const mid = median(list);
    const n = /** @type {number} */ (ops[i]);
    result.set(s.name, { rate: mid, rates: list, opsPerSample: n });
    const spread = ((Math.max(...list) - Math.min(...list)) / mid) * 100;
    log(
      `    ${s.name.padEnd(30)} ${mid.toFixed(0).padStart(9)} ${unit}/s` +
        `  (${n} op/sample of ${s.units}, ${samples} samples, spread ${spread.toFixed(0)}%)`,
    );
  });
  return result;
}

/**
 * The p-th percentile (nearest rank) of sorted values.
 * @param {Float64Array | readonly number[]} sorted
 * @param {number} p 0-100
 */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return /** @type {number} */ (sorted[rank]);
}

/**
 * @param {string} what
 * @param {number} value
 * @param {string} relation `>=` or `<=`
 * @param {number} target
 * @param {string} unit
 */
function verdict(what, value, relation, target, unit) {
  const met = relation === '>=' ? value >= target : value <= target;
  const by =
    relation === '>='
      ? `${((1 - value / target) * 100).toFixed(0)}% short`
      : `${(value / target).toFixed(1)}x over`;
  log(
    `  ${what}: ${fmt(value)} ${unit} (target ${relation} ${fmt(target)} ${unit}: ` +
      `${met ? 'met' : `NOT MET, ${by}`})`,
  );
  return met;
}

/** @param {number} x */
function fmt(x) {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

module.exports = { compareAsync, percentile, verdict, collectGarbage, fmt };
