/**
 * `rxmesos sim`: runs a simulated Mesos master (or a group of them with one leader) until
 * interrupted, for developing and testing schedulers against it.
 *
 * @module
 */
import { ADMIN_PREFIX, SimulatedMaster, SimulatedMasterGroup, type SimOptions } from '../testing';
import type { CliCommand } from './cli-command';
import type { CliIo } from './cli-io';
import { errorText } from './error-text';
import { ExitCode } from './exit-code';
import { parseSimArgs, type SimArgs } from './sim-args';

/**
 * The help text of `rxmesos sim`.
 *
 * @example
 * ```ts
 * process.stdout.write(SIM_USAGE);
 * ```
 */
export const SIM_USAGE = `Usage: rxmesos sim [options]

Runs a simulated Mesos master with simulated agents, serving the v1 scheduler
HTTP API, until interrupted (Ctrl-C, SIGINT or SIGTERM: every master and every
task process it started is stopped, exit status 0). Prints where each master
listens and the admin endpoint for fault injection (docs/testing.md).

Options:
  --port P        port of the first master (default 5050; 0 picks free ports);
                  with --masters, master N listens on P + N
  --host H        interface to listen on (default 127.0.0.1)
  --masters M     how many masters (default 1); one leads, the others answer
                  307 to it; POST /__rxmesos/faults/move-leader moves it
  --agents N      how many simulated agents (default 3)
  --cpus C        cpus of each agent (default 4)
  --mem M         memory of each agent, MiB (default 8192)
  --exec          run task commands as real local processes (default: tasks
                  are simulated and finish after 0.1 s)
  --heartbeat S   seconds between HEARTBEAT events (default 15)
  -h, --help      show this help

Exit status: 0 after an interrupt, 1 when a master cannot listen, 64 usage.
`;

/** What `rxmesos sim` runs: one master, or a group. */
type Running =
  | { readonly kind: 'single'; readonly master: SimulatedMaster }
  | { readonly kind: 'group'; readonly group: SimulatedMasterGroup };

function simOptions(args: SimArgs): SimOptions {
  const agent = {
    cpus: args.cpus,
    mem: args.mem,
    disk: 65536,
    ports: [[31000, 32000]] as const,
  };
  return {
    host: args.host,
    port: args.port,
    agents: Array.from({ length: args.agents }, () => agent),
    exec: args.exec,
    heartbeatIntervalSeconds: args.heartbeat,
  };
}

async function startRunning(args: SimArgs): Promise<Running> {
  const options = simOptions(args);
  if (args.masters === 1) return { kind: 'single', master: await SimulatedMaster.start(options) };
  return {
    kind: 'group',
    group: await SimulatedMasterGroup.start({ ...options, masters: args.masters }),
  };
}

function banner(args: SimArgs, running: Running): string {
  const masters = running.kind === 'single' ? [running.master] : running.group.masters;
  const leader = running.kind === 'single' ? running.master : running.group.leader;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const tasks = args.exec
    ? `tasks run as real processes (sandboxes under ${leader.core.options.workDir})`
    : 'simulated tasks';
  const lines = [
    `rxmesos sim: ${plural(args.masters, 'master')}, ${plural(args.agents, 'agent')} ` +
      `(${args.cpus} cpus, ${args.mem} MiB each), ${tasks}, heartbeats every ${args.heartbeat} s`,
    ...masters.map(
      (m, i) =>
        `master ${i} ${m.url} ${m === leader ? 'leader' : `standby (307 to ${leader.url})`}`,
    ),
    `scheduler ${leader.url}/api/v1/scheduler`,
    `admin ${leader.url}${ADMIN_PREFIX}/faults`,
    'Ctrl-C stops the masters and every task process.',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Resolves on the first SIGINT or SIGTERM. The listeners stay until `dispose`, so that the
 * task processes' guard (which kills them on a signal) does not also end this process: the
 * stop runs to its end and the exit status is 0. A second signal exits at once (130; the
 * guard still kills the task processes on exit).
 */
function interrupted(io: CliIo): {
  readonly signal: Promise<string>;
  readonly dispose: () => void;
} {
  let onFirst: (name: string) => void = () => undefined;
  const signal = new Promise<string>((resolve) => {
    onFirst = resolve;
  });
  let count = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      onFirst(name);
      return;
    }
    io.stderr.write(`rxmesos sim: ${name} again, exiting at once\n`);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal,
    dispose: () => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

/**
 * Runs `rxmesos sim` with the arguments after `sim`: starts the masters, prints where they
 * listen, waits for `until` (by default the first SIGINT or SIGTERM), stops everything and
 * resolves to the exit status.
 *
 * @example
 * ```ts
 * const code = await runSim(['--port', '0'], processIo()); // until Ctrl-C
 * await runSim(['--port', '0'], io, stopRequested); // in-process, e.g. in a test
 * ```
 */
export async function runSim(
  argv: readonly string[],
  io: CliIo,
  until?: Promise<unknown>,
): Promise<number> {
  const args = parseSimArgs(argv);
  if ('help' in args) {
    io.stdout.write(SIM_USAGE);
    return ExitCode.OK;
  }
  if ('usageError' in args) {
    io.stderr.write(`rxmesos sim: ${args.usageError}\n${SIM_USAGE}`);
    return ExitCode.USAGE;
  }
  // listen for signals before starting, so that an early Ctrl-C still stops what started
  const signals = until === undefined ? interrupted(io) : undefined;
  try {
    let running: Running;
    try {
      running = await startRunning(args);
    } catch (e) {
      io.stderr.write(`rxmesos sim: cannot start: ${errorText(e)}\n`);
      return 1;
    }
    io.stdout.write(banner(args, running));
    const why = await (until ?? signals?.signal);
    io.stderr.write(
      `rxmesos sim: ${typeof why === 'string' ? `${why}, ` : ''}stopping the masters and tasks\n`,
    );
    if (running.kind === 'single') await running.master.stop();
    else await running.group.stop();
    io.stderr.write('rxmesos sim: stopped\n');
    return ExitCode.OK;
  } finally {
    signals?.dispose();
  }
}

/**
 * The `sim` subcommand.
 *
 * @example
 * ```sh
 * rxmesos sim --port 5050 --agents 5 --exec
 * rxmesos sim --masters 3 --port 0
 * ```
 */
export const simCommand: CliCommand = {
  summary: 'run a simulated Mesos master (or several) with simulated agents until Ctrl-C',
  run: (argv, io) => runSim(argv, io),
};
