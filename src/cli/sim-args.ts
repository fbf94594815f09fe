/**
 * The command line of `rxmesos sim`.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { errorText } from './error-text';

/**
 * The parsed command line of `rxmesos sim`.
 *
 * @example
 * ```ts
 * const args: SimArgs = { host: '127.0.0.1', port: 5050, masters: 1, agents: 3, cpus: 4, mem: 8192, exec: false, heartbeat: 15 };
 * ```
 */
export interface SimArgs {
  readonly host: string;
  /** Port of the first master; master N listens on `port + N` (0: free ports). */
  readonly port: number;
  readonly masters: number;
  readonly agents: number;
  /** Cpus of each agent. */
  readonly cpus: number;
  /** Memory of each agent, MiB. */
  readonly mem: number;
  /** Run task commands as real processes. */
  readonly exec: boolean;
  /** Seconds between heartbeats. */
  readonly heartbeat: number;
}

/**
 * What the command line asks for: a run, the help, or a usage error (one line).
 *
 * @example
 * ```ts
 * const parsed: SimParse = parseSimArgs(['--help']); // { help: true }
 * ```
 */
export type SimParse = SimArgs | { readonly help: true } | { readonly usageError: string };

/** A number option: its name, bounds, whether it must be whole. */
interface NumberRule {
  readonly name: string;
  readonly fallback: number;
  readonly min: number;
  readonly max?: number;
  readonly integer: boolean;
  /** Whether `min` itself is allowed. */
  readonly inclusive: boolean;
}

function numberOption(raw: string | undefined, rule: NumberRule): number | string {
  if (raw === undefined) return rule.fallback;
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  const low = rule.inclusive ? n >= rule.min : n > rule.min;
  if (
    !Number.isFinite(n) ||
    !low ||
    (rule.max !== undefined && n > rule.max) ||
    (rule.integer && !Number.isInteger(n))
  ) {
    const bound = `${rule.inclusive ? '>=' : '>'} ${rule.min}${rule.max === undefined ? '' : ` and <= ${rule.max}`}`;
    return `--${rule.name} must be a ${rule.integer ? 'whole ' : ''}number ${bound}, got ${JSON.stringify(raw)}`;
  }
  return n;
}

/**
 * Parses the arguments that follow `sim` (strict: unknown options and operands are errors).
 *
 * @example
 * ```ts
 * parseSimArgs(['--port', '0', '--masters', '3']); // { port: 0, masters: 3, agents: 3, … }
 * parseSimArgs(['--agents', '-1']); // { usageError: '--agents must be a whole number >= 0, got "-1"' }
 * ```
 */
export function parseSimArgs(argv: readonly string[]): SimParse {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        masters: { type: 'string' },
        agents: { type: 'string' },
        cpus: { type: 'string' },
        mem: { type: 'string' },
        exec: { type: 'boolean' },
        heartbeat: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return { usageError: errorText(e).split('\n')[0] ?? 'bad arguments' };
  }
  const v = parsed.values;
  if (v.help === true) return { help: true };
  const rules: readonly [string | undefined, NumberRule][] = [
    [v.port, { name: 'port', fallback: 5050, min: 0, max: 65535, integer: true, inclusive: true }],
    [v.masters, { name: 'masters', fallback: 1, min: 1, max: 64, integer: true, inclusive: true }],
    [v.agents, { name: 'agents', fallback: 3, min: 0, integer: true, inclusive: true }],
    [v.cpus, { name: 'cpus', fallback: 4, min: 0, integer: false, inclusive: false }],
    [v.mem, { name: 'mem', fallback: 8192, min: 0, integer: false, inclusive: false }],
    [v.heartbeat, { name: 'heartbeat', fallback: 15, min: 0, integer: false, inclusive: false }],
  ];
  const values: number[] = [];
  for (const [raw, rule] of rules) {
    const n = numberOption(raw, rule);
    if (typeof n === 'string') return { usageError: n };
    values.push(n);
  }
  const [port = 5050, masters = 1, agents = 3, cpus = 4, mem = 8192, heartbeat = 15] = values;
  if (port !== 0 && port + masters - 1 > 65535) {
    return { usageError: `--port ${port} leaves no room for ${masters} masters` };
  }
  const host = v.host ?? '127.0.0.1';
  if (host === '') return { usageError: '--host must not be empty' };
  return { host, port, masters, agents, cpus, mem, exec: v.exec === true, heartbeat };
}
