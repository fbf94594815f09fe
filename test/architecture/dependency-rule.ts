/**
 * The dependency rule of docs/architecture.md, checked over a source tree:
 * - a folder imports only the folders below it (layers), never one above;
 * - across folders, imports go through the folder's index.ts;
 * - third-party packages stay in their folders (undici in transport/ and testing/,
 *   protobufjs and io-ts in wire/, node-zookeeper-client in detector/, no rxjs in internal/,
 *   wire/, calls/);
 * - no import cycles between files (type-only imports excepted: they vanish at run time).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Which folders each folder may import (besides itself); '.' is src/ itself (index.ts). */
export const ALLOWED: { readonly [folder: string]: readonly string[] } = {
  internal: [],
  wire: ['internal'],
  calls: ['wire', 'internal'],
  events: ['wire', 'internal'],
  transport: ['wire', 'internal'],
  offers: ['calls', 'wire', 'internal'],
  detector: ['transport', 'wire', 'internal'],
  driver: ['offers', 'detector', 'calls', 'events', 'transport', 'wire', 'internal'],
  compat: ['driver', 'offers', 'detector', 'calls', 'events', 'transport', 'wire', 'internal'],
  testing: [
    'compat',
    'driver',
    'offers',
    'detector',
    'calls',
    'events',
    'transport',
    'wire',
    'internal',
  ],
  cli: [
    'testing',
    'compat',
    'driver',
    'offers',
    'detector',
    'calls',
    'events',
    'transport',
    'wire',
    'internal',
  ],
  '.': [
    'compat',
    'driver',
    'offers',
    'detector',
    'calls',
    'events',
    'transport',
    'wire',
    'internal',
  ],
};

/** Folders where a package may be imported; packages not listed may be used anywhere. */
export const PACKAGES: { readonly [pkg: string]: readonly string[] } = {
  undici: ['transport', 'testing'],
  protobufjs: ['wire'],
  'io-ts': ['wire'],
  'node-zookeeper-client': ['detector'],
  rxjs: ['events', 'transport', 'offers', 'detector', 'driver', 'compat', 'testing', 'cli', '.'],
};

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*((?:import|export)\b[^'"]*?)\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const cand of [`${base}.ts`, path.join(base, 'index.ts'), `${base}.js`, base]) {
    if (fs.existsSync(cand) && fs.statSync(cand).isFile()) return cand;
  }
  return null;
}

/** Every violation of the rule in the tree under `src`, as readable lines. */
export function dependencyRuleViolations(src: string): string[] {
  const folderOf = (file: string): string => {
    const rel = path.relative(src, file);
    return rel.includes(path.sep) ? (rel.split(path.sep)[0] ?? '.') : '.';
  };
  const files = walk(src);
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const from = folderOf(file);
    const edges: string[] = [];
    graph.set(file, edges);
    const rel = path.relative(path.dirname(src), file);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[2] ?? m[3] ?? m[4] ?? '';
      // type-only imports vanish at run time: they count for layering, not for cycles
      const typeOnly = /^(?:import|export)\s+type\b/.test(m[1] ?? '');
      if (spec.startsWith('.')) {
        const target = resolve(file, spec);
        if (target === null) {
          problems.push(`${rel}: cannot resolve '${spec}'`);
          continue;
        }
        if (target.endsWith('.ts') && !typeOnly) edges.push(target);
        const to = folderOf(target);
        if (to === from) continue;
        if (!(ALLOWED[from] ?? []).includes(to))
          problems.push(`${rel}: layer '${from}' must not import '${to}' ('${spec}')`);
        const viaIndex =
          path.basename(target) === 'index.ts' && path.dirname(target) === path.join(src, to);
        if (to !== '.' && !viaIndex)
          problems.push(`${rel}: import '${to}' through its index.ts, not '${spec}'`);
      } else {
        const pkg = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : (spec.split('/')[0] ?? spec);
        const where = PACKAGES[pkg];
        if (where !== undefined && !where.includes(from))
          problems.push(`${rel}: package '${pkg}' is not allowed in '${from}'`);
      }
    }
  }
  problems.push(...cycles(graph, src));
  return problems;
}

/** Import cycles between files (Tarjan's strongly connected components). */
function cycles(graph: ReadonlyMap<string, readonly string[]>, src: string): string[] {
  const found: string[] = [];
  let counter = 0;
  const stack: string[] = [];
  const meta = new Map<string, { index: number; low: number; on: boolean }>();
  const visit = (v: string): void => {
    const mv = { index: counter, low: counter, on: true };
    meta.set(v, mv);
    counter++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      const mw = meta.get(w);
      if (mw === undefined) {
        visit(w);
        mv.low = Math.min(mv.low, meta.get(w)?.low ?? mv.low);
      } else if (mw.on) {
        mv.low = Math.min(mv.low, mw.index);
      }
    }
    if (mv.low !== mv.index) return;
    const comp: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      const mw = meta.get(w);
      if (mw !== undefined) mw.on = false;
      comp.push(w);
      if (w === v) break;
    }
    const selfLoop = (graph.get(v) ?? []).includes(v);
    const names = comp.map((f) => path.relative(path.dirname(src), f));
    // a generated model refers to itself for its types only: allowed
    const generatedSelf = comp.length === 1 && /generated[\\/]model\.ts$/.test(names[0] ?? '');
    if ((comp.length > 1 || selfLoop) && !generatedSelf)
      found.push(`import cycle: ${names.join(' -> ')}`);
  };
  for (const f of graph.keys()) if (!meta.has(f)) visit(f);
  return found;
}
