import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dependencyRuleViolations } from './dependency-rule';

describe('the dependency rule (docs/architecture.md)', () => {
  it('holds for src/', () => {
    expect(dependencyRuleViolations(path.join(__dirname, '..', '..', 'src'))).toEqual([]);
  });

  it('reports layer breaks, deep imports, misplaced packages and cycles', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmesos-deps-'));
    const put = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    put('wire/index.ts', "export * from './a';\n");
    put('wire/a.ts', "import { x } from '../driver';\nimport 'rxjs';\nexport const a = x;\n");
    put('driver/index.ts', "export const x = 1;\nimport { b } from '../wire/b';\n");
    put('wire/b.ts', "import { c } from './c';\nexport const b = c;\n");
    put('wire/c.ts', "import { b } from './b';\nexport const c = b;\n");
    const problems = dependencyRuleViolations(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("layer 'wire' must not import 'driver'"),
        expect.stringContaining("package 'rxjs' is not allowed in 'wire'"),
        expect.stringContaining("import 'wire' through its index.ts"),
        expect.stringMatching(/import cycle: .*wire\/[bc]\.ts/),
      ]),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
