#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Benchmark runner.
 *
 *   node bench/run.js                      every bench/<name>.bench.js
 *   node bench/run.js wire                 one module (npm run bench:wire)
 *   node bench/run.js wire:ingest-json-2mb one group of a module
 *
 * A module exports `run(report, groups?)` and optionally `groups` (the names of its independent
 * benches). This process only orchestrates: each group runs in a fresh `node --expose-gc`
 * process (one after the other), so that no group's results depend on which groups ran before
 * it in the same heap (JIT state, heap size), and the harness can collect garbage between
 * samples. The subjects of one group, and so every figure and its baseline, always share one
 * process. BENCH_ISOLATE=0 runs each module's groups in one process instead.
 *
 * JSON lines go to stdout, progress and tables to stderr (docs/benchmarks.md).
 */

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { config, report, log, gcExposed } = require('./harness');

const SUFFIX = '.bench.js';
const CHILD = process.env['BENCH_CHILD'] === '1';
const ISOLATE = process.env['BENCH_ISOLATE'] !== '0';

/**
 * @typedef {object} BenchModule
 * @property {(report: typeof import('./harness').report, groups?: readonly string[]) => void | Promise<void>} run
 * @property {readonly string[]} [groups]
 */

/**
 * @param {string} name
 * @returns {BenchModule}
 */
function load(name) {
  return require(path.join(__dirname, `${name}${SUFFIX}`));
}

/**
 * Runs `node bench/run.js <arg>` with the same stdout/stderr; throws if it fails.
 * @param {string} arg
 */
function runChild(arg) {
  const child = spawnSync(process.execPath, ['--expose-gc', __filename, arg], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_CHILD: '1' },
  });
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`bench ${arg} failed (exit ${child.status ?? child.signal})`);
  }
}

async function main() {
  const available = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
  const args = process.argv.slice(2);
  const targets = (args.length > 0 ? args : available).map((arg) => {
    const [name = '', group] = arg.split(':', 2);
    return { arg, name, group };
  });
  for (const { arg, name } of targets) {
    if (!available.includes(name)) {
      throw new Error(`unknown benchmark ${arg}; available: ${available.join(', ')}`);
    }
  }
  if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'src', 'wire', 'index.js'))) {
    throw new Error(
      'dist/ is missing: run `npm run build` first (benchmarks load the built library)',
    );
  }

  const t0 = process.hrtime.bigint();
  if (!CHILD) {
    log(
      `node ${process.version} ${process.platform}/${process.arch}; ` +
        `${config.samples} samples (+${config.warmup} warm-up) of >= ${config.minSampleMs} ms each` +
        `${ISOLATE ? '; one process per bench group' : ''}`,
    );
  }
  for (const { arg, name, group } of targets) {
    const mod = load(name);
    const groups = mod.groups ?? [];
    if (group !== undefined && !groups.includes(group)) {
      throw new Error(`${name} has no group ${group}; groups: ${groups.join(', ')}`);
    }
    if (CHILD) {
      if (!gcExposed()) log('(gc not exposed: samples are not preceded by a full GC)');
      await mod.run(report, group === undefined ? undefined : [group]);
      continue;
    }
    log(`\n# ${name}`);
    if (group === undefined && ISOLATE && groups.length > 0) {
      for (const g of groups) runChild(`${name}:${g}`);
    } else {
      runChild(arg);
    }
  }
  if (!CHILD) log(`\ndone in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
}

main().catch((error) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
