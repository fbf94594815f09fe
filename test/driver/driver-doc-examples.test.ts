/**
 * The driver's guide holds what it promises: docs/driver.md names every stream and method of
 * the driver, and every example of it compiles against the real API (`rxmesos` is the package
 * root plus the driver, `rxmesos/testing` the simulator). The doc comments of src/driver are
 * checked with every other export's (test/architecture/doc-comments.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tsBlocks } from '../helpers/doc-comments';
import { typecheckSnippets } from '../helpers/typecheck-snippets';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src', 'driver');
const GUIDE = path.join(ROOT, 'docs', 'driver.md');

describe('docs/driver.md', () => {
  const guide = fs.readFileSync(GUIDE, 'utf8');
  const examples = tsBlocks(guide);

  it('documents every stream and method of SchedulerDriver', () => {
    const api = fs.readFileSync(path.join(SRC, 'scheduler-driver.ts'), 'utf8');
    const members = [
      ...[...api.matchAll(/^ {2}readonly (\w+\$):/gm)].map((m) => m[1] ?? ''),
      ...[...api.matchAll(/^ {2}(\w+)(?:<\w+>)?\(/gm)].map((m) => m[1] ?? ''),
      'offers$',
      'statusUpdates$',
      'slaveLost$',
      'executorLost$',
      'heartbeats$',
    ];
    expect(members.filter((name) => !guide.includes(`\`${name}`))).toEqual([]);
  });

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it('every example type-checks', () => {
    const dir = path.join(ROOT, 'test', 'driver', '__examples__');
    const rel = (to: string): string =>
      path.relative(dir, to).replace(/\\/g, '/').replace(/\.ts$/, '');
    const shim = path.join(dir, 'rxmesos.ts');
    const files = new Map<string, { readonly where: string; readonly text: string }>([
      [
        shim,
        {
          where: 'rxmesos shim',
          text: [
            `export * from '${rel(path.join(ROOT, 'src', 'index.ts'))}';`,
            `export * from '${rel(path.join(SRC, 'index.ts'))}';`,
          ].join('\n'),
        },
      ],
    ]);
    examples.forEach((code, i) => {
      const lines = code.split('\n');
      const imports = lines
        .filter((l) => /^import /.test(l))
        .map((l) =>
          l
            .replace(/'rxmesos'/, "'./rxmesos'")
            .replace(
              /'rxmesos\/testing'/,
              `'${rel(path.join(ROOT, 'src', 'testing', 'index.ts'))}'`,
            ),
        );
      const body = lines.filter((l) => !/^import /.test(l));
      files.set(path.join(dir, `example-${i}.ts`), {
        where: `docs/driver.md #${i + 1}`,
        text: `${imports.join('\n')}\nexport async function example(): Promise<void> {\n${body.join('\n')}\n}\n`,
      });
    });
    const problems = typecheckSnippets(dir, files);
    expect(problems).toEqual([]);
  }, 30_000);
});
