/**
 * `rxmesos sim`: the command line, an in-process run, and the built executable run as a child
 * process (SUBSCRIBE, a real `sleep 30` task, Ctrl-C ends the simulator and the task).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { request } from 'undici';
import { main } from '../../src/cli/main';
import { runSim, SIM_USAGE } from '../../src/cli/sim';
import { parseSimArgs } from '../../src/cli/sim-args';
import { post, subscribeCall } from '../helpers/raw-client';
import { framework, scalar, type TestFramework } from '../testing/sim-cluster-helpers';
import { alive, eventually, groupAlive } from '../testing/sim-tasks-harness';
import { runInProcess } from './cli-harness';

const BIN = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'bin.js');

/** The lines a run printed so far, and a wait for one matching a pattern. */
class LineWatch {
  readonly lines: string[] = [];
  private partial = '';
  private waiters: (() => void)[] = [];

  feed(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    for (const w of this.waiters.splice(0)) w();
  }

  async line(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const l of this.lines) {
        const m = pattern.exec(l);
        if (m !== null) return m;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no line ${String(pattern)} in:\n${this.lines.join('\n')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

describe('rxmesos sim: command line', () => {
  it('defaults, and every option', () => {
    expect(parseSimArgs([])).toEqual({
      host: '127.0.0.1',
      port: 5050,
      masters: 1,
      agents: 3,
      cpus: 4,
      mem: 8192,
      exec: false,
      heartbeat: 15,
    });
    expect(
      parseSimArgs(
        '--port 0 --masters 3 --agents 5 --cpus 2.5 --mem 1024 --exec --heartbeat 0.5 --host ::1'.split(
          ' ',
        ),
      ),
    ).toEqual({
      host: '::1',
      port: 0,
      masters: 3,
      agents: 5,
      cpus: 2.5,
      mem: 1024,
      exec: true,
      heartbeat: 0.5,
    });
    expect(parseSimArgs(['-h'])).toEqual({ help: true });
  });

  it.each([
    [['--port', '65536'], '--port must be a whole number >= 0 and <= 65535, got "65536"'],
    [['--port', '65535', '--masters', '2'], '--port 65535 leaves no room for 2 masters'],
    [['--masters', '0'], '--masters must be a whole number >= 1 and <= 64, got "0"'],
    [['--agents', '1.5'], '--agents must be a whole number >= 0, got "1.5"'],
    [['--cpus', '0'], '--cpus must be a number > 0, got "0"'],
    [['--mem', 'lots'], '--mem must be a number > 0, got "lots"'],
    [['--heartbeat', ''], '--heartbeat must be a number > 0, got ""'],
    [['--host', ''], '--host must not be empty'],
  ])('%j is a usage error', (argv, message) => {
    expect(parseSimArgs(argv)).toEqual({ usageError: message });
  });

  it('unknown options and operands are usage errors (exit 64, usage on stderr)', async () => {
    for (const argv of [['--frobnicate'], ['extra'], ['--port']]) {
      const r = await runInProcess(runSim, argv);
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith('rxmesos sim: ')).toBe(true);
      expect(r.stderr.endsWith(SIM_USAGE)).toBe(true);
    }
  });

  it('--help prints the usage; main dispatches sim', async () => {
    expect(await runInProcess(main, ['sim', '--help'])).toMatchObject({
      code: 0,
      stdout: SIM_USAGE,
      stderr: '',
    });
  });
});

describe('rxmesos sim: in process', () => {
  it('starts a group, prints each master, serves SUBSCRIBE, stops when asked (exit 0)', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = new LineWatch();
    const err = new LineWatch();
    stdout.on('data', (c: Buffer) => {
      out.feed(c);
    });
    stderr.on('data', (c: Buffer) => {
      err.feed(c);
    });
    let stop: () => void = () => undefined;
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const run = runSim(
      ['--port', '0', '--masters', '2', '--agents', '1', '--cpus', '2', '--mem', '512'],
      { stdin: Readable.from([]), stdout, stderr },
      until,
    );
    let f: TestFramework | undefined;
    try {
      const leader = (await out.line(/^master 0 (http:\/\/\S+) leader$/))[1]!;
      const standby = (await out.line(/^master 1 (http:\/\/\S+) standby \(307 to (\S+)\)$/))[1]!;
      expect(out.lines[0]).toBe(
        'rxmesos sim: 2 masters, 1 agent (2 cpus, 512 MiB each), simulated tasks, heartbeats every 15 s',
      );
      expect(await out.line(/^scheduler (\S+)$/)).toContain(`${leader}/api/v1/scheduler`);
      const adminUrl = (await out.line(/^admin (\S+)$/))[1]!;
      expect(adminUrl).toBe(`${leader}/__rxmesos/faults`);
      const faults = await request(adminUrl);
      expect(faults.statusCode).toBe(200);
      await faults.body.dump();
      f = await framework(leader, { name: 'cli' });
      const [offer] = await f.offers();
      expect(offer?.resources).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'cpus', scalar: { value: 2 } })]),
      );
      const redirected = await post(standby, subscribeCall());
      expect(redirected.status).toBe(307);
    } finally {
      await f?.close();
      stop();
    }
    expect(await run).toBe(0);
    expect(err.lines).toEqual([
      'rxmesos sim: stopping the masters and tasks',
      'rxmesos sim: stopped',
    ]);
  });

  it('a port in use: a message and exit 1', async () => {
    const first = new PassThrough();
    const watch = new LineWatch();
    first.on('data', (c: Buffer) => {
      watch.feed(c);
    });
    let stop: () => void = () => undefined;
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runSim(
      ['--port', '0'],
      { stdin: Readable.from([]), stdout: first, stderr: new PassThrough() },
      until,
    );
    try {
      const port = (await watch.line(/^master 0 http:\/\/127\.0\.0\.1:(\d+) leader$/))[1]!;
      const r = await runInProcess(runSim, ['--port', port]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^rxmesos sim: cannot start: .*EADDRINUSE/);
    } finally {
      stop();
    }
    expect(await running).toBe(0);
  });
});

describe('rxmesos sim: the built executable', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  beforeAll(() => {
    if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  });

  function startBin(argv: readonly string[]): {
    readonly proc: ChildProcess;
    readonly out: LineWatch;
    readonly err: LineWatch;
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  } {
    const proc = spawn(process.execPath, [BIN, 'sim', ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const out = new LineWatch();
    const err = new LineWatch();
    proc.stdout?.on('data', (c: Buffer) => {
      out.feed(c);
    });
    proc.stderr?.on('data', (c: Buffer) => {
      err.feed(c);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve) => {
        proc.on('exit', (code, signal) => {
          resolve({ code, signal });
        });
      },
    );
    return { proc, out, err, exited };
  }

  async function within<T>(ms: number, p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`not within ${ms} ms`));
      }, ms);
    });
    try {
      return await Promise.race([p, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('--exec: a sleep 30 task runs; SIGINT ends the simulator (exit 0, promptly) and the task', async () => {
    const bin = startBin(['--port', '0', '--exec', '--agents', '1', '--heartbeat', '1']);
    const leader = (await bin.out.line(/^master 0 (http:\/\/\S+) leader$/))[1]!;
    expect((await bin.out.line(/^admin (\S+)$/))[1]).toBe(`${leader}/__rxmesos/faults`);
    const f = await framework(leader, { name: 'cli-exec' });
    let pid = -1;
    try {
      const [offer] = await f.offers();
      const taskId = `cli-sleep-${process.pid}-${Date.now()}`;
      expect(
        (
          await f.call({
            type: 'ACCEPT',
            accept: {
              offer_ids: [offer!.id],
              operations: [
                {
                  type: 'LAUNCH',
                  launch: {
                    task_infos: [
                      {
                        name: 'sleeper',
                        task_id: { value: taskId },
                        agent_id: offer!.agent_id,
                        resources: [scalar('cpus', 0.1), scalar('mem', 32)],
                        command: { value: 'sleep 30' },
                      },
                    ],
                  },
                },
              ],
            },
          })
        ).status,
      ).toBe(202);
      for (;;) {
        const status = await f.update();
        if (status.uuid !== undefined && status.agent_id !== undefined) {
          await f.call({
            type: 'ACKNOWLEDGE',
            acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid },
          });
        }
        if (status.state === 'TASK_RUNNING') {
          pid = status.container_status?.executor_pid ?? -1;
          break;
        }
        expect(status.state).toBe('TASK_STARTING');
      }
      expect(alive(pid)).toBe(true);
      const started = Date.now();
      bin.proc.kill('SIGINT');
      expect(await within(5000, bin.exited)).toEqual({ code: 0, signal: null });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await f.s.ended).not.toBe('');
      await eventually(() => !alive(pid) && !groupAlive(pid), 2000);
      expect(bin.err.lines).toContain('rxmesos sim: SIGINT, stopping the masters and tasks');
      expect(bin.err.lines).toContain('rxmesos sim: stopped');
    } finally {
      await f.close();
      if (pid > 0 && alive(pid)) process.kill(-pid, 'SIGKILL');
    }
  });

  it('--masters 2: both listen; SIGTERM ends it with exit 0', async () => {
    const bin = startBin(['--port', '0', '--masters', '2']);
    const leader = (await bin.out.line(/^master 0 (http:\/\/\S+) leader$/))[1]!;
    const standby = (await bin.out.line(/^master 1 (http:\/\/\S+) standby/))[1]!;
    const r = await post(standby, '', { method: 'GET', path: '/redirect', contentType: '' });
    expect([r.status, `http:${String(r.headers['location'])}`]).toEqual([307, leader]);
    bin.proc.kill('SIGTERM');
    expect(await within(5000, bin.exited)).toEqual({ code: 0, signal: null });
  });
});
