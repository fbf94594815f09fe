/**
 * `rxmesos execute`: the analogue of Mesos's `mesos-execute`. Runs K copies of a shell
 * command as tasks, on a given master or on an embedded simulated one.
 *
 * @module
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { detectorFor, isZkUrl, type MasterDetector } from '../detector';
import { createDriver, type SchedulerDriver } from '../driver';
import { SimulatedMaster } from '../testing';
import type { ContentType } from '../wire';
import type { CliCommand } from './cli-command';
import type { CliIo } from './cli-io';
import { errorText } from './error-text';
import { ExecuteJob, type ExecuteProgress, type ExecuteSpec } from './execute-job';
import { ExitCode } from './exit-code';
import { taskStdout } from './sandbox-output';

/**
 * The help text of `rxmesos execute`: its options, their defaults and the exit statuses.
 *
 * @example
 * ```ts
 * process.stdout.write(EXECUTE_USAGE);
 * ```
 */
export const EXECUTE_USAGE = `Usage: rxmesos execute [options] -- COMMAND...

Runs COMMAND (with /bin/sh -c) as --tasks tasks on a Mesos cluster and waits for them.
Without --master, a simulated master with 3 agents runs in this process and the tasks run
as real local processes.

Options:
  --master URL          the master (http://host:port); several separated by commas, or
                        the masters' ZooKeeper: zk://[user:password@]host:port[,...]/path
  --name NAME           framework and task name prefix (default rxmesos-execute)
  --tasks K             how many copies to run (default 1)
  --cpus C              cpus per task (default 0.1)
  --mem M               memory per task, MiB (default 32)
  --role R              role whose resources to use (default *)
  --retries R           launch a failed task again up to R times (default 0)
  --content-type T      json or protobuf (default protobuf)
  -h, --help            show this help
Exit status: 0 when every task finished, 1 when some failed, 64 usage, 130 interrupted.
`;

interface ExecuteArgs extends ExecuteSpec {
  readonly master: MasterDetector | undefined;
  readonly contentType: ContentType;
}

type Parsed = ExecuteArgs | { readonly usageError: string } | { readonly help: true };

function parse(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        master: { type: 'string' },
        name: { type: 'string' },
        tasks: { type: 'string' },
        cpus: { type: 'string' },
        mem: { type: 'string' },
        role: { type: 'string' },
        retries: { type: 'string' },
        'content-type': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return { usageError: errorText(e).split('\n')[0] ?? 'bad arguments' };
  }
  const v = parsed.values;
  if (v.help === true) return { help: true };
  const num = (
    name: string,
    raw: string | undefined,
    fallback: number,
    integer: boolean,
  ): number | string => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
      return `--${name} must be a ${integer ? 'whole ' : ''}number, got ${raw}`;
    return n;
  };
  const tasks = num('tasks', v.tasks, 1, true);
  const cpus = num('cpus', v.cpus, 0.1, false);
  const mem = num('mem', v.mem, 32, false);
  const retries = num('retries', v.retries, 0, true);
  for (const x of [tasks, cpus, mem, retries]) if (typeof x === 'string') return { usageError: x };
  const ct = v['content-type'] ?? 'protobuf';
  if (ct !== 'json' && ct !== 'protobuf') {
    return { usageError: `--content-type must be json or protobuf, got ${ct}` };
  }
  const command = parsed.positionals.join(' ');
  if (command.trim() === '') return { usageError: 'no COMMAND given (put it after --)' };
  const master = masterOf(v.master);
  if (typeof master === 'string') return { usageError: master };
  return {
    master,
    name: v.name ?? 'rxmesos-execute',
    command,
    tasks: tasks as number,
    cpus: cpus as number,
    mem: mem as number,
    retries: retries as number,
    role: v.role ?? '*',
    contentType: ct === 'json' ? 'application/json' : 'application/x-protobuf',
  };
}

/**
 * The detector for `--master`: a `zk://` URL as a whole (its servers are separated by commas
 * too), else a comma-separated list of masters. A string is the usage error.
 */
function masterOf(text: string | undefined): MasterDetector | undefined | string {
  if (text === undefined) return undefined;
  const masters = isZkUrl(text)
    ? [text.trim()]
    : text
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== '');
  if (masters.length === 0) return '--master needs a URL';
  try {
    return detectorFor(masters);
  } catch (e) {
    return errorText(e).split('\n')[0] ?? 'bad --master';
  }
}

function progressLine(p: ExecuteProgress, total: number): string {
  return (
    `tasks ${total}: launched ${p.launched}, running ${p.running}, finished ${p.finished}, failed ${p.failed}` +
    `${p.retrying > 0 ? `, retrying ${p.retrying}` : ''} | offers used ${p.offersUsed}, declined ${p.offersDeclined}`
  );
}

async function runExecute(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parse(argv);
  if ('help' in args) {
    io.stdout.write(EXECUTE_USAGE);
    return ExitCode.OK;
  }
  if ('usageError' in args) {
    io.stderr.write(`rxmesos execute: ${args.usageError}\n${EXECUTE_USAGE}`);
    return ExitCode.USAGE;
  }
  const embedded =
    args.master === undefined
      ? await SimulatedMaster.start({ exec: true, allocationIntervalMs: 200 })
      : undefined;
  const master = args.master ?? embedded?.url ?? '';
  if (embedded !== undefined)
    io.stderr.write(`rxmesos execute: simulated master with 3 agents at ${embedded.url}\n`);
  const tty = 'isTTY' in io.stdout && io.stdout.isTTY === true;
  const job = new ExecuteJob(args);
  const driver: SchedulerDriver = createDriver({
    master,
    contentType: args.contentType,
    framework: {
      name: args.name,
      user: os.userInfo().username,
      capabilities: [{ type: 'PARTITION_AWARE' }, { type: 'TASK_KILLING_STATE' }],
      ...(args.role === '*'
        ? {}
        : {
            roles: [args.role],
            capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }],
          }),
    },
  });
  let last = '';
  const show = (): void => {
    const line = progressLine(job.progress, args.tasks);
    if (line === last) return;
    last = line;
    io.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  driver.errors$.subscribe((e) =>
    io.stderr.write(`${tty ? '\n' : ''}rxmesos execute: ${e.message}\n`),
  );
  driver.handle(driver.offers$, (offers) => {
    const out = job.onOffers(offers);
    show();
    return out;
  });
  driver.handle(driver.statusUpdates$, (status) => {
    const out = job.onStatus(status);
    show();
    if (job.done) void driver.stop();
    return out;
  });
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    void driver.stop(); // TEARDOWN: the master kills the tasks
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    driver.start();
    await firstValueFrom(driver.registered$).catch(() => undefined);
    const final = await driver.join();
    if (tty) io.stdout.write('\n');
    for (const s of job.summary()) {
      if (s.state !== 'finished')
        io.stdout.write(
          `${s.taskId}: ${s.state}${s.message === undefined ? '' : ` (${s.message})`}\n`,
        );
    }
    const fid = driver.frameworkId?.value;
    if (embedded !== undefined && fid !== undefined) {
      for (const taskId of job.finishedTaskIds()) {
        const out = taskStdout(embedded.core.options.workDir, fid, taskId);
        if (out !== undefined)
          io.stdout.write(`${taskId}: ${out.trimEnd().split('\n').join(`\n${taskId}: `)}\n`);
      }
    }
    io.stdout.write(`${progressLine(job.progress, args.tasks)}\n`);
    if (interrupted) return 130;
    if (final === 'DRIVER_ABORTED' && !job.done) return ExitCode.BAD_INPUT;
    return job.succeeded ? ExitCode.OK : 1;
  } catch (e) {
    io.stderr.write(`rxmesos execute: ${errorText(e)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await embedded?.stop();
  }
}

/**
 * The `execute` subcommand.
 *
 * @example
 * ```sh
 * rxmesos execute --tasks 3 -- 'echo hello from $MESOS_TASK_ID'
 * ```
 */
export const executeCommand: CliCommand = {
  summary: 'run a shell command as tasks (on an embedded simulated master without --master)',
  run: runExecute,
};
