/**
 * Resources as the master prints them in its messages (`Total resources cpus(allocated: *):2;
 * mem(allocated: *):128 required by task …`), so simulated messages read like real ones.
 *
 * @module
 */
import type { Labels, Resource, Volume } from '../wire';
import { formatRanges } from './ranges';
import { formatScalar } from './scalar';
import { formatSet } from './value-sets';

function formatLabels(labels: Labels): string {
  const parts = (labels.labels ?? []).map((l) =>
    l.value === undefined ? l.key : `${l.key}: ${l.value}`,
  );
  return `{${parts.join(', ')}}`;
}

function formatReservation(r: Resource.ReservationInfo): string {
  let out = `${r.type ?? 'UNKNOWN'},${r.role ?? ''}`;
  if (r.principal !== undefined) out += `,${r.principal}`;
  if (r.labels !== undefined) out += `,${formatLabels(r.labels)}`;
  return out;
}

function formatSource(source: Resource.DiskInfo.Source): string {
  const csi =
    source.id !== undefined || source.profile !== undefined
      ? `(${source.vendor ?? ''},${source.id ?? ''},${source.profile ?? ''})`
      : undefined;
  switch (source.type) {
    case 'MOUNT':
      return `MOUNT${csi ?? (source.mount?.root === undefined ? '' : `:${source.mount.root}`)}`;
    case 'PATH':
      return `PATH${csi ?? (source.path?.root === undefined ? '' : `:${source.path.root}`)}`;
    case 'BLOCK':
      return `BLOCK${csi ?? ''}`;
    case 'RAW':
      return `RAW${csi ?? ''}`;
    case 'UNKNOWN':
      return 'UNKNOWN';
  }
}

function formatVolume(volume: Volume): string {
  let out = volume.container_path;
  if (volume.host_path !== undefined) {
    out = `${volume.host_path}:${out}`;
    if (volume.mode !== undefined) out += volume.mode === 'RW' ? ':rw' : ':ro';
  }
  return out;
}

function formatDisk(disk: Resource.DiskInfo): string {
  let out = disk.source === undefined ? '' : formatSource(disk.source);
  if (disk.persistence !== undefined) {
    if (disk.source !== undefined) out += ',';
    out += disk.persistence.id;
  }
  if (disk.volume !== undefined) out += `:${formatVolume(disk.volume)}`;
  return out;
}

/**
 * One resource as the master prints it: `name(allocated: role)(reservations: [...])[disk]
 * {REV}<SHARED>:value`.
 *
 * @example
 * ```ts
 * formatResource({ name: 'ports', type: 'RANGES', ranges: { range: [{ begin: '1', end: '2' }] } });
 * // 'ports:[1-2]'
 * ```
 */
export function formatResource(resource: Resource): string {
  let out = resource.name;
  if (resource.allocation_info !== undefined) {
    out += `(allocated: ${resource.allocation_info.role ?? ''})`;
  }
  const stack = resource.reservations ?? [];
  if (stack.length > 0)
    out += `(reservations: [${stack.map((r) => `(${formatReservation(r)})`).join(',')}])`;
  if (resource.disk !== undefined) out += `[${formatDisk(resource.disk)}]`;
  if (resource.revocable !== undefined) out += '{REV}';
  if (resource.shared !== undefined) out += '<SHARED>';
  out += ':';
  switch (resource.type) {
    case 'SCALAR':
      return out + formatScalar(resource.scalar?.value ?? 0);
    case 'RANGES':
      return out + formatRanges(resource.ranges);
    case 'SET':
      return out + formatSet(resource.set);
    case 'TEXT':
      return out;
  }
}

/**
 * A list of resources as the master prints it: items joined by `; `, `{}` when empty.
 *
 * @example
 * ```ts
 * formatResources([]); // '{}'
 * ```
 */
export function formatResources(resources: readonly Resource[]): string {
  return resources.length === 0 ? '{}' : resources.map(formatResource).join('; ');
}
