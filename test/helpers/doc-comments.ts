/**
 * Reading the doc comments of the sources, for the tests that hold them to the project's rule
 * (every export documented, with an example) and check what the examples and spec references
 * say.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** An exported declaration and the doc comment right above it (`''` when there is none). */
export interface ExportedDoc {
  readonly file: string;
  readonly name: string;
  readonly doc: string;
}

const EXPORTED =
  /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\s*export (?:declare )?(?:abstract )?(?:async )?(?:function|class|type|interface|const enum|const|enum) (\w+)/g;

/** The exported declarations of one source text. */
export function exportedDocs(text: string, file = ''): ExportedDoc[] {
  return [...text.matchAll(EXPORTED)].map((m) => ({ file, name: m[2] ?? '', doc: m[1] ?? '' }));
}

/** The exported declarations of every `.ts` file below `dir` but `index.ts` files and `skip`. */
export function exportedDocsBelow(dir: string, skip: readonly string[] = []): ExportedDoc[] {
  const out: ExportedDoc[] = [];
  const visit = (d: string): void => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      const rel = path.relative(dir, full);
      if (skip.some((s) => rel === s || rel.startsWith(`${s}${path.sep}`))) continue;
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts') && entry.name !== 'index.ts')
        out.push(...exportedDocs(fs.readFileSync(full, 'utf8'), rel));
    }
  };
  visit(dir);
  return out;
}

/** The ```ts blocks of a Markdown text or a doc comment (without the comment's stars). */
export function tsBlocks(text: string): string[] {
  const plain = text.replace(/^[ \t]*\* ?/gm, '');
  return [...plain.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** The sections a text cites as `Spec: docs/protocol.md §2.2, §3.` (`['§2.2', '§3']`). */
export function citedSections(text: string): string[] {
  return [...text.matchAll(/Spec: docs\/protocol\.md ((?:§[\d.]+(?:, )?)+)/g)].flatMap((m) =>
    (m[1] ?? '').split(', ').map((s) => s.replace(/\.$/, '')),
  );
}

/** Those of `sections` that have no heading in `protocol` (the text of docs/protocol.md). */
export function missingSections(sections: readonly string[], protocol: string): string[] {
  return [...new Set(sections)].filter(
    (s) => !new RegExp(`^#+ ${s.replace(/\./g, '\\.')}(?:\\s|$)`, 'm').test(protocol),
  );
}
