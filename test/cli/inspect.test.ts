import { execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import fc from 'fast-check';
import { isLeft } from 'fp-ts/Either';

import { detectContentType } from '../../src/cli/detect-content-type';
import { INSPECT_USAGE, runInspect } from '../../src/cli/inspect';
import { decodeEvent, parseJsonExact } from '../../src/wire';
import { comparable, exactJson, fixtureBytes, fixtureNames, records } from '../helpers/fixtures';
import { chunkedReadable, frame, outputLines, runInProcess, split } from './cli-harness';

const JSON_CT = 'application/json';
const PB_CT = 'application/x-protobuf';
const ROOT = path.join(__dirname, '..', '..');

/** A JSON text parsed with exact int64, integral numbers normalised (2 == 2.0, int64 exact). */
const semantic = (text: string | Buffer): unknown => comparable(exactJson(text));

const names = fixtureNames('events', '.json');
const jsonStream = frame(names.map((n) => fixtureBytes(`events/${n}.json`)));
const pbStream = frame(names.map((n) => fixtureBytes(`events-pb/${n}.bin`)));
const expectedFixtureEvents = names.map((n) => semantic(fixtureBytes(`events/${n}.json`)));
const realJson = fixtureBytes('real/stream-json.recordio');
const realJsonText = records('real/stream-json.recordio')
  .map((r) => `${Buffer.from(r).toString('utf8')}\n`)
  .join('');
const realPb = fixtureBytes('real/stream-pb.recordio');
const realPbExpected = fixtureBytes('real/stream-pb.expected.ndjson')
  .toString('utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map(semantic);

const inspect = (argv: readonly string[], input: Uint8Array | Readable, hwm?: number) =>
  runInProcess(
    runInspect,
    argv,
    input instanceof Readable ? input : Readable.from([Buffer.from(input)]),
    hwm,
  );

describe('the comparison used by these tests', () => {
  it('treats 2 and 2.0 alike but tells a rounded int64 from the exact one', () => {
    expect(semantic('{"a":2.0}')).toEqual(semantic('{"a":2}'));
    expect(semantic('{"n":1725256800000000001}')).not.toEqual(
      semantic('{"n":1725256800000000000}'),
    );
    expect(parseJsonExact('{"n":1725256800000000001}')).toEqual({ n: '1725256800000000001' });
  });

  it('has fixtures to compare with', () => {
    expect(names.length).toBeGreaterThanOrEqual(13);
    expect(fixtureNames('events-pb', '.bin')).toEqual(names);
    expect(realPbExpected.length).toBe(records('real/stream-pb.recordio').length);
    expect(realJsonText.split('\n').length - 1).toBe(records('real/stream-json.recordio').length);
  });
});

describe('detectContentType', () => {
  it.each(names)('%s: the .json (pretty-printed) is JSON, the .bin is protobuf', (name) => {
    expect(detectContentType(fixtureBytes(`events/${name}.json`))).toBe(JSON_CT);
    expect(detectContentType(fixtureBytes(`events-pb/${name}.bin`))).toBe(PB_CT);
  });

  it('skips JSON whitespace, requires UTF-8, takes an empty record as protobuf', () => {
    expect(detectContentType(Buffer.from(' \t\r\n{"type":"HEARTBEAT"}'))).toBe(JSON_CT);
    expect(detectContentType(Buffer.from('\f{"type":"HEARTBEAT"}'))).toBe(PB_CT);
    expect(detectContentType(Uint8Array.of(0x7b, 0xff, 0x7d))).toBe(PB_CT);
    expect(detectContentType(new Uint8Array(0))).toBe(PB_CT);
    expect(detectContentType(Buffer.from('[1]'))).toBe(PB_CT);
  });
});

describe('rxmesos inspect: decoding fixtures', () => {
  it('prints every events/*.json fixture, framed as is, as one equal line each, in order', async () => {
    const r = await inspect([], jsonStream);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(outputLines(r.stdout).map(semantic)).toEqual(expectedFixtureEvents);
  });

  it('auto-detects the protobuf twins and prints each as its JSON twin', async () => {
    const r = await inspect([], pbStream);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(outputLines(r.stdout).map(semantic)).toEqual(expectedFixtureEvents);
  });

  it('prints a real master JSON stream byte for byte as the master wrote it', async () => {
    const r = await inspect([], realJson);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(realJsonText);
  });

  it('prints a real master protobuf stream as the expected decoding', async () => {
    const r = await inspect([], realPb);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(outputLines(r.stdout).map(semantic)).toEqual(realPbExpected);
  });

  it('prints the master spelling for protobuf too (integral doubles as 15.0)', async () => {
    const fromPb = await inspect([], realPb);
    const subscribed = outputLines(fromPb.stdout)[0] ?? '';
    expect(subscribed).toMatch(/"heartbeat_interval_seconds":15\.0[,}]/);
  });

  it('prints an event of unknown type as {"type":"UNKNOWN"} and goes on', async () => {
    const r = await inspect([], frame(['{"type":"SOMETHING_NEWER"}', '{"type":"HEARTBEAT"}']));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(outputLines(r.stdout)).toEqual(['{"type":"UNKNOWN"}', '{"type":"HEARTBEAT"}']);
  });

  it('prints nothing and succeeds on an empty input', async () => {
    expect(await inspect([], new Uint8Array(0))).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('reads FILE, and stdin for - or no operand', async () => {
    const file = path.join(os.tmpdir(), `rxmesos-inspect-${process.pid}.recordio`);
    fs.writeFileSync(file, realJson);
    try {
      const fromFile = await inspect([file], Readable.from([]));
      expect(fromFile).toMatchObject({ code: 0, stdout: realJsonText, stderr: '' });
      expect((await inspect(['-'], realJson)).stdout).toBe(realJsonText);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

describe('rxmesos inspect: any chunking', () => {
  const inputs: readonly (readonly [string, Buffer])[] = [
    ['events/*.json', jsonStream],
    ['events-pb/*.bin', pbStream],
    ['real json', realJson],
    ['real protobuf', realPb],
  ];

  it.each(inputs)(
    '%s: 1-byte and prime-sized chunks give the same stdout',
    async (_name, bytes) => {
      const whole = await inspect([], bytes);
      expect(whole.code).toBe(0);
      for (const plan of [[1], [2, 3, 5, 7, 11, 13], [997], [4099]]) {
        const r = await inspect([], chunkedReadable(split(bytes, plan)));
        expect(r).toMatchObject({ code: 0, stdout: whole.stdout, stderr: '' });
      }
    },
  );

  it('random chunk plans give the same stdout (fast-check)', async () => {
    const all = Buffer.concat([realJson, jsonStream]);
    const whole = (await inspect([], all)).stdout;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 12 }),
        async (plan) => {
          const r = await inspect([], chunkedReadable(split(all, plan)));
          expect(r).toMatchObject({ code: 0, stdout: whole, stderr: '' });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the output and the fault before a bad record do not depend on the chunking (fast-check)', async () => {
    const good = records('real/stream-json.recordio').slice(0, 4);
    const bad = Buffer.concat([frame(good), frame(['{"type":']), frame(good)]);
    const whole = await inspect([], bad);
    expect(whole.code).toBe(2);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
        async (plan) => {
          const r = await inspect([], chunkedReadable(split(bad, plan)));
          expect(r).toMatchObject({ code: 2, stdout: whole.stdout, stderr: whole.stderr });
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('rxmesos inspect: streaming', () => {
  it('prints the events of a chunk before the input ends', async () => {
    const stdin = new PassThrough();
    const good = records('real/stream-json.recordio');
    const out: Buffer[] = [];
    const stdout = new PassThrough();
    stdout.on('data', (c: Buffer) => out.push(c));
    const stderr = new PassThrough();
    const done = runInspect([], { stdin, stdout, stderr });
    stdin.write(frame(good.slice(0, 2)));
    for (let i = 0; i < 100 && Buffer.concat(out).toString().split('\n').length < 3; i++)
      await sleep(5);
    expect(Buffer.concat(out).toString()).toBe(
      realJsonText.split('\n').slice(0, 2).join('\n') + '\n',
    );
    stdin.end(frame(good.slice(2)));
    expect(await done).toBe(0);
    expect(Buffer.concat(out).toString()).toBe(realJsonText);
  });

  it('waits for drain: never writes while stdout asks for it', async () => {
    const r = await inspect([], chunkedReadable(split(realJson, [1, 300, 1000])), 8);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(realJsonText);
    expect(r.out.writes).toBeGreaterThan(5);
    expect(r.out.violations).toBe(0);
  });
});

describe('rxmesos inspect: bad input', () => {
  const good = records('real/stream-json.recordio').slice(0, 3);
  const goodBytes = frame(good);
  const goodText = good.map((r) => `${Buffer.from(r).toString('utf8')}\n`).join('');
  const stderrLine = (offset: number) => new RegExp(`^rxmesos inspect: byte ${offset}: .+\\n$`);

  it('a garbage length line: the good events, then its offset and reason, exit 2', async () => {
    const r = await inspect([], Buffer.concat([goodBytes, Buffer.from('4x\n{}{}'), goodBytes]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(goodText);
    expect(r.stderr).toMatch(stderrLine(goodBytes.length + 1));
    expect(r.stderr).toContain(`record ${good.length + 1} `);
    expect(r.stderr).toContain('BAD_LENGTH_LINE');
  });

  it('a record over --max-record-bytes: the offset of its length line', async () => {
    const max = Math.max(...good.map((r) => r.length));
    const big = frame([`{"type":"HEARTBEAT"${' '.repeat(max)}}`]);
    const r = await inspect(
      ['--max-record-bytes', String(max)],
      Buffer.concat([goodBytes, big, goodBytes]),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(goodText);
    expect(r.stderr).toMatch(stderrLine(goodBytes.length));
    expect(r.stderr).toContain('RECORD_TOO_LARGE');
    expect(r.stderr).toContain(`(${max})`);
    expect((await inspect(['--max-record-bytes', String(max + 100)], big)).code).toBe(0);
  });

  it('a truncated stream: the offset is the length of the input', async () => {
    const last = frame(['{"type":"HEARTBEAT"}']);
    for (const cut of [1, 3, last.length - 1]) {
      const input = Buffer.concat([goodBytes, last.subarray(0, cut)]);
      const r = await inspect([], chunkedReadable(split(input, [7])));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe(goodText);
      expect(r.stderr).toMatch(stderrLine(input.length));
      expect(r.stderr).toContain(`starts at byte ${goodBytes.length}`);
      expect(r.stderr).toContain('TRUNCATED');
    }
  });

  it('an invalid JSON record in the middle: the offset of its record, later records not printed', async () => {
    const input = Buffer.concat([goodBytes, frame(['{"type":"HEARTBEAT"']), goodBytes]);
    const r = await inspect([], input);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(goodText);
    expect(r.stderr).toMatch(stderrLine(goodBytes.length));
    expect(r.stderr).toContain(`record ${good.length + 1} is not a valid Event: invalid JSON: `);
  });

  it('counts bytes exactly, length lines with leading zeros included', async () => {
    const padded = Buffer.concat(
      good.map((r) => Buffer.concat([Buffer.from(`000${r.length}\n`), r])),
    );
    const r = await inspect(
      [],
      chunkedReadable(split(Buffer.concat([padded, frame(['{"type":1}'])]), [5])),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(goodText);
    expect(r.stderr).toMatch(stderrLine(padded.length));
  });

  it('a JSON event that is not a valid Event names its path', async () => {
    const r = await inspect(
      [],
      Buffer.concat([goodBytes, frame(['{"type":"SUBSCRIBED","subscribed":{}}'])]),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(goodText);
    expect(r.stderr).toMatch(stderrLine(goodBytes.length));
    expect(r.stderr).toContain('subscribed');
  });

  it('an undecodable protobuf record: its record offset, and the fault made absolute in the input', async () => {
    const pbGood = records('real/stream-pb.recordio').slice(0, 2);
    const pbGoodBytes = frame(pbGood);
    const broken = Uint8Array.of(0x08, 0x01, 0x12, 0x05, 0x0a);
    const wire = decodeEvent(broken, PB_CT);
    if (!isLeft(wire) || wire.left.offset === undefined)
      throw new Error('expected a protobuf error with an offset');
    const dataStart = pbGoodBytes.length + `${broken.length}\n`.length;
    const r = await inspect([], Buffer.concat([pbGoodBytes, frame([broken])]));
    expect(r.code).toBe(2);
    expect(outputLines(r.stdout).map(semantic)).toEqual(realPbExpected.slice(0, 2));
    expect(r.stderr).toMatch(stderrLine(pbGoodBytes.length));
    expect(r.stderr).toContain(wire.left.reason);
    expect(r.stderr).toContain(`byte ${dataStart + wire.left.offset} of the input`);
  });
});

describe('rxmesos inspect: options', () => {
  it('--content-type application/json reads the JSON stream', async () => {
    const r = await inspect(['--content-type', JSON_CT], realJson);
    expect(r).toMatchObject({ code: 0, stdout: realJsonText, stderr: '' });
  });

  it('--content-type application/x-protobuf reads the protobuf stream', async () => {
    const r = await inspect([`--content-type=${PB_CT}`], realPb);
    expect(r.code).toBe(0);
    expect(outputLines(r.stdout).map(semantic)).toEqual(realPbExpected);
  });

  it('--content-type is obeyed, not overridden by detection', async () => {
    const r = await inspect(['--content-type', JSON_CT], realPb);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^rxmesos inspect: byte 0: record 1 is not a valid Event: invalid JSON/,
    );
  });

  it.each([
    [['--content-type', 'text/plain']],
    [['--content-type', 'application/json; charset=utf-8']],
    [['--content-type']],
    [['--max-record-bytes', '0']],
    [['--max-record-bytes', '12kb']],
    [['--max-record-bytes', '-1']],
    [['--bogus']],
    [['a.recordio', 'b.recordio']],
  ])('%j is a usage error: 64, message on stderr, nothing read', async (argv) => {
    const stdin = new PassThrough();
    const r = await inspect(argv, stdin);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rxmesos inspect: .+\nRun 'rxmesos inspect --help' for usage\.\n$/);
  });

  it('a missing file or a directory: 66', async () => {
    const missing = await inspect(
      [path.join(os.tmpdir(), `rxmesos-no-such-${process.pid}`)],
      Readable.from([]),
    );
    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(
      /^rxmesos inspect: cannot open .*: no such file or directory\n$/,
    );
    const dir = await inspect([os.tmpdir()], Readable.from([]));
    expect(dir.code).toBe(66);
    expect(dir.stderr).toContain('is a directory');
  });

  it('--help and -h print the usage on stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await inspect([flag], Readable.from([]));
      expect(r).toMatchObject({ code: 0, stdout: INSPECT_USAGE, stderr: '' });
    }
    expect(INSPECT_USAGE).toContain('--content-type');
    expect(INSPECT_USAGE).toContain('first byte other than space');
  });
});

describe('rxmesos inspect: end to end (the built rxmesos executable)', () => {
  const bin = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');

  beforeAll(() => {
    if (!fs.existsSync(bin)) {
      execSync('npm run build', { cwd: ROOT, stdio: 'ignore', timeout: 120_000 });
    }
  }, 130_000);

  interface Spawned {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
  }

  const spawnCli = async (
    args: readonly string[],
    stdinChunks?: readonly Buffer[],
  ): Promise<Spawned> => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.on('error', () => undefined);
    if (stdinChunks !== undefined) {
      for (const c of stdinChunks) {
        child.stdin.write(c);
        await sleep(2);
      }
    }
    child.stdin.end();
    const code = await closed;
    return {
      code,
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
    };
  };

  it('inspect FILE prints the real JSON stream as the master wrote it', async () => {
    const r = await spawnCli([
      'inspect',
      path.join(ROOT, 'test', 'fixtures', 'real', 'stream-json.recordio'),
    ]);
    expect(r).toEqual({ code: 0, stdout: realJsonText, stderr: '' });
  });

  it('inspect - reads a protobuf stream piped in small pieces', async () => {
    const r = await spawnCli(['inspect', '-'], split(realPb, [97, 13, 1, 250]));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(outputLines(r.stdout).map(semantic)).toEqual(realPbExpected);
  });

  it('inspect with no operand reads stdin; bad input exits 2 after the good events', async () => {
    const good = records('real/stream-json.recordio').slice(0, 2);
    const goodBytes = frame(good);
    const tail = Buffer.from('12\n{"type":');
    const r = await spawnCli(['inspect'], split(Buffer.concat([goodBytes, tail]), [31]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(realJsonText.split('\n').slice(0, 2).join('\n') + '\n');
    expect(r.stderr).toMatch(
      new RegExp(`^rxmesos inspect: byte ${goodBytes.length + tail.length}: .*TRUNCATED`),
    );
  });

  it('a wrong --content-type exits 64; a missing file exits 66', async () => {
    const usage = await spawnCli(['inspect', '--content-type', 'application/xml']);
    expect(usage.code).toBe(64);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toContain('application/xml');
    const missing = await spawnCli(['inspect', path.join(ROOT, 'no-such-capture.recordio')]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('no-such-capture.recordio');
  });
});
