/**
 * The driver's documentation holds what it promises: every export of src/driver has a doc
 * comment with an example, and every example of docs/driver.md compiles against the real
 * API (`rxmesos` is the package root plus the driver, `rxmesos/testing` the simulator).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { typecheckSnippets } from '../helpers/typecheck-snippets';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src', 'driver');
const GUIDE = path.join(ROOT, 'docs', 'driver.md');

/** The ```ts blocks of a Markdown text or a doc comment (without the comment's stars). */
function tsBlocks(text: string): string[] {
  const plain = text.replace(/^[ \t]*\* ?/gm, '');
  return [...plain.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Each exported declaration of a file with the doc comment right above it. */
function exportedDocs(text: string): { name: string; doc: string }[] {
  const re =
    /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\s*export (?:declare )?(?:abstract )?(?:function|class|type|interface|const) (\w+)/g;
  return [...text.matchAll(re)].map((m) => ({ name: m[2] ?? '', doc: m[1] ?? '' }));
}

describe('the doc comments of src/driver', () => {
  const exports = fs
    .readdirSync(SRC)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .sort()
    .flatMap((file) =>
      exportedDocs(fs.readFileSync(path.join(SRC, file), 'utf8')).map(
        ({ name, doc }) => [`${file}: ${name}`, doc] as const,
      ),
    );

  it('cover the public surface', () => {
    expect(exports.length).toBeGreaterThan(12);
  });

  it.each(exports)('%s has a summary and an example', (_, doc) => {
    expect(doc).toMatch(/^\/\*\*\s*\n\s*\* \S/);
    expect(tsBlocks(doc).length).toBeGreaterThan(0);
  });
});

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
