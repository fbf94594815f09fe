/**
 * The documentation of src/calls/ holds what it promises: besides a summary and an example
 * (test/architecture/doc-comments.test.ts), every export cites the spec section it implements
 * and the sections cited exist, and every example (in the doc comments and in docs/calls.md)
 * compiles against the real API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { citedSections, exportedDocs, missingSections, tsBlocks } from '../helpers/doc-comments';
import { typecheckSnippets } from '../helpers/typecheck-snippets';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src', 'calls');
const GUIDE = path.join(ROOT, 'docs', 'calls.md');
const PROTOCOL = fs.readFileSync(path.join(ROOT, 'docs', 'protocol.md'), 'utf8');

const sources = fs
  .readdirSync(SRC)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(SRC, f), 'utf8') }));

describe('the doc comments of src/calls', () => {
  const exports = sources.flatMap(({ file, text }) =>
    exportedDocs(text, file).map(({ name, doc }) => [`${file}: ${name}`, doc] as const),
  );

  it('cover the public surface', () => {
    expect(exports.length).toBeGreaterThan(40);
  });

  it.each(exports)('%s cites the spec', (_, doc) => {
    expect(citedSections(doc).length).toBeGreaterThan(0);
  });

  it('cite only sections that docs/protocol.md has', () => {
    const cited = sources.flatMap(({ text }) => citedSections(text));
    expect(missingSections(cited, PROTOCOL)).toEqual([]);
  });
});

describe('docs/calls.md', () => {
  const guide = fs.readFileSync(GUIDE, 'utf8');
  const index = fs.readFileSync(path.join(SRC, 'index.ts'), 'utf8');
  const builders = [...index.matchAll(/^export \{ (\w+)/gm)]
    .map((m) => m[1] ?? '')
    .filter((n) => /^[a-z]/.test(n) && n !== 'toCall');

  it.each(builders)('shows %s', (name) => {
    expect(guide).toContain(`\`${name}(`);
  });
});

describe('every example compiles', () => {
  // One program for all examples: each becomes a module that imports the whole API of
  // src/calls (and its own file's exports), declares the values examples talk about, and
  // holds the example in a block.
  const index = fs.readFileSync(path.join(SRC, 'index.ts'), 'utf8');
  const publicNames = new Set(
    [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
      (m[1] ?? '')
        .split(',')
        .map((s) => s.trim().replace(/^type /, ''))
        .filter((s) => s !== ''),
    ),
  );
  const WIRE_TYPES = [
    'AgentId',
    'Base64',
    'Call',
    'DurationInfo',
    'ExecutorId',
    'ExecutorInfo',
    'Filters',
    'FrameworkId',
    'FrameworkInfo',
    'InverseOffer',
    'Offer',
    'OfferId',
    'OperationId',
    'OperationStatus',
    'Resource',
    'TaskGroupInfo',
    'TaskId',
    'TaskInfo',
    'TaskStatus',
  ];
  const dir = path.join(ROOT, 'test', 'calls', '__examples__');
  const rel = (to: string) => path.relative(dir, to).replace(/\\/g, '/').replace(/\.ts$/, '');
  const context = [
    `import type { ${WIRE_TYPES.join(', ')} } from '${rel(path.join(ROOT, 'src', 'wire', 'index.ts'))}';`,
    "import { isLeft, isRight } from 'fp-ts/Either';",
    'declare const offer: Offer;',
    'declare const offers: readonly Offer[];',
    'declare const inverseOffer: InverseOffer;',
    'declare const task: TaskInfo;',
    'declare const status: TaskStatus;',
    'declare const operationStatus: OperationStatus;',
    'declare const frameworkInfo: FrameworkInfo;',
    'declare const volume: Resource;',
    'declare const rawDisk: Resource;',
    'declare const mountDisk: Resource;',
    'declare const reservedResources: readonly Resource[];',
  ].join('\n');

  const examples = [
    ...sources.flatMap(({ file, text }) => {
      const own = exportedDocs(text)
        .map((d) => d.name)
        .filter((n) => !publicNames.has(n));
      const imports = [
        `import { ${[...publicNames].join(', ')} } from '${rel(path.join(SRC, 'index.ts'))}';`,
        own.length > 0 ? `import { ${own.join(', ')} } from '${rel(path.join(SRC, file))}';` : '',
      ].join('\n');
      return tsBlocks(text).map((code, i) => ({ where: `${file} #${i + 1}`, imports, code }));
    }),
    ...tsBlocks(fs.readFileSync(GUIDE, 'utf8')).map((code, i) => ({
      where: `docs/calls.md #${i + 1}`,
      imports: `import { ${[...publicNames].join(', ')} } from '${rel(path.join(SRC, 'index.ts'))}';`,
      code,
    })),
  ];

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(60);
  });

  it('type-checks each of them', () => {
    const files = new Map(
      examples.map((ex, i) => [
        path.join(dir, `example-${i}.ts`),
        { ...ex, text: `${ex.imports}\n${context}\n{\n${ex.code}}\nexport {};\n` },
      ]),
    );
    const problems = typecheckSnippets(dir, files);
    expect(problems).toEqual([]);
  });
});
