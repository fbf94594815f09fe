/**
 * The project's rule for the sources: every export has a doc comment that starts with a
 * summary and holds an example, shown as a code block: TypeScript, or a shell command line
 * for the command-line tool (src/cli).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  citedSections,
  exportedDocsBelow,
  missingSections,
  type ExportedDoc,
} from '../helpers/doc-comments';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Whether the example right after `@example` is a ```ts block (or ```sh in src/cli). */
function hasExampleBlock({ file, doc }: ExportedDoc): boolean {
  const languages = file.startsWith(`cli${path.sep}`) ? 'ts|sh' : 'ts';
  return new RegExp(`@example\\s*\\n\\s*\\* \`\`\`(?:${languages})\\n`).test(doc);
}

describe('doc comments of every export in src/', () => {
  const docs = exportedDocsBelow(SRC, [path.join('wire', 'generated')]);
  const rows = (list: readonly ExportedDoc[]) =>
    list.map((d) => [`${d.file}: ${d.name}`, d] as const);

  it('cover the sources', () => {
    expect(docs.length).toBeGreaterThan(300);
  });

  it.each(rows(docs))('%s has a summary and an example', (_, { doc }) => {
    expect(doc).toMatch(/^\/\*\*\s*\n\s*\* \S/);
    expect(doc).toMatch(/@example/);
  });

  it.each(rows(docs))('%s shows its example as a code block', (_, d) => {
    expect(hasExampleBlock(d)).toBe(true);
  });
});

describe('citations of docs/protocol.md in src/', () => {
  const protocol = fs.readFileSync(path.join(SRC, '..', 'docs', 'protocol.md'), 'utf8');
  const files: string[] = [];
  const visit = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'generated') visit(full);
      } else if (e.name.endsWith('.ts')) files.push(full);
    }
  };
  visit(SRC);
  const cited = files.flatMap((f) => citedSections(fs.readFileSync(f, 'utf8')));

  it('are many', () => {
    expect(cited.length).toBeGreaterThan(100);
  });

  it('name only sections that exist', () => {
    expect(missingSections(cited, protocol)).toEqual([]);
  });
});
