/**
 * Resources as the master's HTTP endpoints show them (`json(Resources)` in
 * `common/http.cpp`): one field per name; scalars summed as numbers (cpus, gpus, mem and disk
 * always present), ranges as `"[31000-31000, 31005-31010]"`, sets as `"{a, b}"`; revocable
 * resources under `<name>_revocable`.
 *
 * @module
 */
import type { Resource } from '../../../wire';

/**
 * The `name → value` map of some resources.
 *
 * @example
 * ```ts
 * resourcesJson([{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } },
 *   { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: '31000', end: '31000' }] } }]);
 * // { cpus: 0.1, gpus: 0, mem: 0, disk: 0, ports: '[31000-31000]' }
 * ```
 */
export function resourcesJson(resources: readonly Resource[]): Record<string, number | string> {
  const scalars = new Map<string, number>([
    ['cpus', 0],
    ['gpus', 0],
    ['mem', 0],
    ['disk', 0],
  ]);
  const ranges = new Map<string, [bigint, bigint][]>();
  const sets = new Map<string, string[]>();
  for (const r of resources) {
    const name = r.revocable === undefined ? r.name : `${r.name}_revocable`;
    if (r.type === 'SCALAR') {
      scalars.set(name, (scalars.get(name) ?? 0) + (r.scalar?.value ?? 0));
    } else if (r.type === 'RANGES') {
      const list = ranges.get(name) ?? [];
      for (const range of r.ranges?.range ?? [])
        list.push([BigInt(range.begin), BigInt(range.end)]);
      ranges.set(name, list);
    } else if (r.type === 'SET') {
      const items = sets.get(name) ?? [];
      for (const item of r.set?.item ?? []) if (!items.includes(item)) items.push(item);
      sets.set(name, items);
    }
  }
  const out: Record<string, number | string> = {};
  // Mesos scalars are fixed-point with three decimals
  for (const [name, value] of scalars) out[name] = Math.round(value * 1000) / 1000;
  for (const [name, list] of ranges) out[name] = rangesText(list);
  for (const [name, items] of sets) out[name] = `{${items.join(', ')}}`;
  return out;
}

function rangesText(list: readonly (readonly [bigint, bigint])[]): string {
  const sorted = [...list].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [begin, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && begin <= last[1] + 1n) {
      if (end > last[1]) last[1] = end;
    } else {
      merged.push([begin, end]);
    }
  }
  return `[${merged.map(([b, e]) => `${b}-${e}`).join(', ')}]`;
}
