#!/usr/bin/env node
'use strict';
/*
 * Checks the dependency rule of docs/architecture.md over src/:
 *   - a folder imports only the folders below it (layers), never one above;
 *   - across folders, imports go through the folder's index.ts;
 *   - third-party packages stay in their folders (undici in transport/ and testing/,
 *     protobufjs and io-ts in wire/, no rxjs in internal/, wire/, calls/);
 *   - no import cycles between files.
 * Prints every violation and exits 1 if there is one.
 */
const fs = require('node:fs');
const path = require('node:path');

const src = path.resolve(__dirname, '..', 'src');

/** Which folders each folder may import (besides itself). */
const ALLOWED = {
  internal: [],
  wire: ['internal'],
  calls: ['wire', 'internal'],
  events: ['wire', 'internal'],
  transport: ['wire', 'internal'],
  offers: ['calls', 'wire', 'internal'],
  detector: ['transport', 'wire', 'internal'],
  driver: ['offers', 'detector', 'calls', 'events', 'transport', 'wire', 'internal'],
  compat: ['driver', 'offers', 'detector', 'calls', 'events', 'transport', 'wire', 'internal'],
  testing: ['compat', 'driver', 'offers', 'detector', 'calls', 'events', 'transport', 'wire', 'internal'],
  cli: ['testing', 'compat', 'driver', 'offers', 'detector', 'calls', 'events', 'transport', 'wire', 'internal'],
  '.': ['compat', 'driver', 'offers', 'detector', 'calls', 'events', 'transport', 'wire', 'internal'],
};

/** Folders where a package may be imported; packages not listed may be used anywhere. */
const PACKAGES = {
  undici: ['transport', 'testing'],
  protobufjs: ['wire'],
  'io-ts': ['wire'],
  rxjs: ['events', 'transport', 'offers', 'detector', 'driver', 'compat', 'testing', 'cli', '.'],
};

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(p);
  }
  return out;
}

const folderOf = (file) => {
  const rel = path.relative(src, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0] : '.';
};

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const cand of [`${base}.ts`, path.join(base, 'index.ts'), `${base}.js`, base]) {
    if (fs.existsSync(cand) && fs.statSync(cand).isFile()) return cand;
  }
  return null;
}

const files = walk(src);
const problems = [];
const graph = new Map();

for (const file of files) {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const from = folderOf(file);
  const edges = [];
  graph.set(file, edges);
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const rel = path.relative(path.dirname(src), file);
    if (spec.startsWith('.')) {
      const target = resolve(file, spec);
      if (target === null) {
        problems.push(`${rel}: cannot resolve '${spec}'`);
        continue;
      }
      if (target.endsWith('.ts')) edges.push(target);
      const to = folderOf(target);
      if (to === from) continue;
      if (!(ALLOWED[from] ?? []).includes(to)) {
        problems.push(`${rel}: layer '${from}' must not import '${to}' ('${spec}')`);
      }
      const viaIndex = path.basename(target) === 'index.ts' && path.dirname(target) === path.join(src, to);
      if (to !== '.' && !viaIndex) {
        problems.push(`${rel}: import '${to}' through its index.ts, not '${spec}'`);
      }
    } else {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const where = PACKAGES[pkg];
      if (where !== undefined && !where.includes(from)) {
        problems.push(`${rel}: package '${pkg}' is not allowed in '${from}'`);
      }
    }
  }
}

// cycles between files (Tarjan's strongly connected components)
let index = 0;
const stack = [];
const meta = new Map();
function strong(v) {
  meta.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!meta.has(w)) {
      strong(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).on) {
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
  }
  if (meta.get(v).low === meta.get(v).index) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).on = false;
      comp.push(w);
    } while (w !== v);
    const selfLoop = (graph.get(v) ?? []).includes(v);
    if (comp.length > 1 || selfLoop) {
      const names = comp.map((f) => path.relative(path.dirname(src), f));
      // a generated model refers to itself for its types only: allowed
      if (!(comp.length === 1 && /generated[\\/]model\.ts$/.test(names[0]))) {
        problems.push(`import cycle: ${names.join(' -> ')}`);
      }
    }
  }
}
for (const f of files) if (!meta.has(f)) strong(f);

if (problems.length > 0) {
  for (const p of problems) console.error(`dependency rule: ${p}`);
  process.exit(1);
}
console.log(`dependency rule: ${files.length} files, ok`);
