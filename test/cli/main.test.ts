import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

import { INSPECT_USAGE } from '../../src/cli/inspect';
import { COMMANDS, main, usage } from '../../src/cli/main';
import { findPackageVersion } from '../../src/cli/package-version';
import { fixtureBytes, records } from '../helpers/fixtures';
import { runInProcess } from './cli-harness';

const ROOT = path.join(__dirname, '..', '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  readonly version: string;
};

describe('rxmesos main', () => {
  it('--help and -h print the usage on stdout, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      expect(await runInProcess(main, [flag])).toMatchObject({
        code: 0,
        stdout: usage(),
        stderr: '',
      });
    }
  });

  it('the usage lists every command of the table with its summary', () => {
    expect(Object.keys(COMMANDS)).toContain('inspect');
    for (const [name, command] of Object.entries(COMMANDS)) {
      expect(usage()).toMatch(
        new RegExp(`^  ${name} +${command.summary.replace(/[().]/g, '\\$&')}$`, 'm'),
      );
    }
  });

  it('no arguments: usage on stderr, exit 64', async () => {
    expect(await runInProcess(main, [])).toMatchObject({ code: 64, stdout: '', stderr: usage() });
  });

  it.each([['frobnicate'], ['--frobnicate'], ['constructor'], ['__proto__'], ['toString']])(
    'unknown %s: message and usage on stderr, exit 64',
    async (word) => {
      const r = await runInProcess(main, [word, 'x']);
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(JSON.stringify(word));
      expect(r.stderr.endsWith(usage())).toBe(true);
    },
  );

  it('--version prints the version of package.json', async () => {
    expect(await runInProcess(main, ['--version'])).toMatchObject({
      code: 0,
      stdout: `${packageJson.version}\n`,
      stderr: '',
    });
  });

  it('dispatches inspect with the remaining arguments and the given streams', async () => {
    const expected = records('real/stream-json.recordio')
      .map((r) => `${Buffer.from(r).toString('utf8')}\n`)
      .join('');
    const r = await runInProcess(
      main,
      ['inspect', '-'],
      Readable.from([fixtureBytes('real/stream-json.recordio')]),
    );
    expect(r).toMatchObject({ code: 0, stdout: expected, stderr: '' });
    expect(await runInProcess(main, ['inspect', '--help'])).toMatchObject({
      code: 0,
      stdout: INSPECT_USAGE,
    });
    expect((await runInProcess(main, ['inspect', '--nope'])).code).toBe(64);
  });
});

describe('findPackageVersion', () => {
  it('walks up from any depth below the package root', () => {
    expect(findPackageVersion()).toBe(packageJson.version);
    expect(findPackageVersion(path.join(ROOT, 'dist', 'src', 'cli'))).toBe(packageJson.version);
    expect(findPackageVersion(path.join(ROOT, 'test', 'fixtures', 'events'))).toBe(
      packageJson.version,
    );
  });

  it('skips package.json files of other packages and gives undefined at the root', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmesos-version-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ name: 'other', version: '9.9.9' }),
      );
      fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
      expect(findPackageVersion(path.join(dir, 'a', 'b'))).toBeUndefined();
      fs.writeFileSync(path.join(dir, 'a', 'package.json'), '{ not json');
      expect(findPackageVersion(path.join(dir, 'a', 'b'))).toBeUndefined();
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ name: 'rxmesos', version: '7.0.0' }),
      );
      expect(findPackageVersion(path.join(dir, 'a', 'b'))).toBe('7.0.0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
