import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** One in-memory source file to type-check: its text and where it came from (for messages). */
export interface Snippet {
  readonly text: string;
  readonly where: string;
}

/**
 * Type-checks in-memory TypeScript files (absolute paths under `dir`, which need not exist)
 * against the project with strict options, and returns one line per diagnostic:
 * `where: message [offending line]`. Empty when every snippet compiles.
 */
export function typecheckSnippets(dir: string, files: ReadonlyMap<string, Snippet>): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    noUncheckedIndexedAccess: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => {
    const ex = files.get(path.resolve(name));
    return ex === undefined
      ? getSourceFile(name, lang, ...rest)
      : ts.createSourceFile(name, ex.text, lang, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (name) =>
    path.resolve(name) === dir || (directoryExists?.(name) ?? fs.existsSync(name));
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.entries()].flatMap(([name, ex]) => {
    const sf = program.getSourceFile(name);
    if (sf === undefined) return [`${ex.where}: not compiled`];
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map(
      (d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
        const codeLine = ex.text.split('\n')[line] ?? '';
        return `${ex.where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')} [${codeLine.trim()}]`;
      },
    );
  });
}
