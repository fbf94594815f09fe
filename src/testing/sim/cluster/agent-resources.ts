/**
 * The resources of a simulated agent from its {@link AgentSpec}: unreserved `cpus`, `mem`,
 * `disk`, `gpus` and `ports`, plus any extra resources (static reservations, …).
 *
 * @module
 */
import type { Resource } from '../../../wire';
import { normalizeResources, rangesOf, upgradeResource, validateResource } from '../../../offers';
import type { AgentSpec } from '../sim-options';

function scalar(name: string, value: number | undefined): Resource[] {
  return value === undefined || value <= 0 ? [] : [{ name, type: 'SCALAR', scalar: { value } }];
}

/**
 * The agent's total resources, in the post-refinement format. Extra resources may use either
 * reservation format (`role: 'web'` is a static reservation); invalid ones are left out, as an
 * agent refuses to start with them.
 *
 * @example
 * ```ts
 * agentResources({ cpus: 2, mem: 1024, ports: [[31000, 31009]] });
 * ```
 */
export function agentResources(spec: AgentSpec): Resource[] {
  const ports = spec.ports ?? [];
  const extra = (spec.resources ?? []).filter((r) => validateResource(r) === undefined);
  return normalizeResources([
    ...scalar('cpus', spec.cpus),
    ...scalar('gpus', spec.gpus),
    ...scalar('mem', spec.mem),
    ...scalar('disk', spec.disk),
    ...(ports.length === 0
      ? []
      : [{ name: 'ports', type: 'RANGES' as const, ranges: rangesOf(ports) }]),
    ...extra.map(upgradeResource),
  ]);
}
