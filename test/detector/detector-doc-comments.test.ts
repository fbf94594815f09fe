/**
 * Every export of src/detector has a doc comment with a summary and an example.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src', 'detector');

/** Each exported declaration of a file with the doc comment right above it. */
function exportedDocs(text: string): { name: string; doc: string }[] {
  const re =
    /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\s*export (?:declare )?(?:abstract )?(?:function|class|type|interface|const) (\w+)/g;
  return [...text.matchAll(re)].map((m) => ({ name: m[2] ?? '', doc: m[1] ?? '' }));
}

describe('the doc comments of src/detector', () => {
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
    expect(exports.length).toBeGreaterThan(15);
  });

  it.each(exports)('%s has a summary and an example', (_, doc) => {
    expect(doc).toMatch(/^\/\*\*\s*\n\s*\* \S/);
    expect(doc).toMatch(/@example\s*\n\s*\* ```(ts|sh)\n/);
  });
});
