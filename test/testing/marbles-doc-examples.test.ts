/**
 * The marble kit's documentation holds what it promises: the example of every export of
 * src/testing/marbles compiles (that each has one: test/architecture/doc-comments.test.ts),
 * the spec sections cited exist, docs/marbles.md names every export, and every example of
 * docs/marbles.md compiles against the real API; the examples that are tests run here as tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { citedSections, exportedDocs, missingSections, tsBlocks } from '../helpers/doc-comments';
import { typecheckSnippets } from '../helpers/typecheck-snippets';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src', 'testing', 'marbles');
const GUIDE = fs.readFileSync(path.join(ROOT, 'docs', 'marbles.md'), 'utf8');
const PROTOCOL = fs.readFileSync(path.join(ROOT, 'docs', 'protocol.md'), 'utf8');
const DIR = path.join(ROOT, 'test', 'testing', '__marble_examples__');

/** Import paths of the package, as the examples write them, mapped to the sources. */
const rel = (to: string): string => path.relative(DIR, to).replace(/\\/g, '/').replace(/\.ts$/, '');
const PACKAGE: Readonly<Record<string, string>> = {
  rxmesos: path.join(ROOT, 'src', 'index.ts'),
  'rxmesos/testing': path.join(ROOT, 'src', 'testing', 'index.ts'),
};
const mapImports = (code: string, to: (file: string) => string): string =>
  code.replace(
    /from '(rxmesos(?:\/testing)?)'/g,
    (_, name: string) => `from '${to(PACKAGE[name] ?? name)}'`,
  );

const sources = fs
  .readdirSync(SRC)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .sort()
  .map((file) => ({ file, text: fs.readFileSync(path.join(SRC, file), 'utf8') }));

describe('the doc comments of src/testing/marbles', () => {
  it('cover the kit', () => {
    expect(sources.flatMap(({ text }) => exportedDocs(text)).length).toBeGreaterThan(25);
  });

  it('cite only sections that docs/protocol.md has', () => {
    const cited = sources.flatMap(({ text }) => citedSections(text));
    expect(cited.length).toBeGreaterThan(10);
    expect(missingSections(cited, PROTOCOL)).toEqual([]);
  });

  it('every example compiles, with the values it talks about declared', () => {
    // what the examples refer to without making it: a test's usual surroundings
    const preamble = [
      `import * as rxjs from 'rxjs';`,
      `import { map, timer, type Observable } from 'rxjs';`,
      `import { TestScheduler, type RunHelpers } from 'rxjs/testing';`,
      `import * as api from '${rel(PACKAGE.rxmesos as string)}';`,
      `import { declineOffer, launchTasks, reviveOffers, createDriver, type Command, type TaskInfo, type FrameworkInfo, type Offer } from '${rel(PACKAGE.rxmesos as string)}';`,
      `import * as kit from '${rel(PACKAGE['rxmesos/testing'] as string)}';`,
      `import { acknowledgementOf, disconnect, error, expectCommands, failure, heartbeat, httpError, marbleDriver, marbleIds, message, offer, offers, rescind, ScriptedMaster, statusUuid, subscribed, timeline, update, VirtualClock, type CallAnswer, type Disconnect, type DriverStreams, type FailureSpec, type HttpErrorOptions, type MarbleDriver, type MarbleDriverOptions, type MarbleEvent, type MessageSpec, type OfferSpec, type RecordedCommand, type ScriptedCall, type ScriptedMasterOptions, type StreamScript, type SubscribeAnswer, type SubscribedOptions, type TimedValue, type UpdateOptions, type VirtualClockOptions } from '${rel(PACKAGE['rxmesos/testing'] as string)}';`,
      `import { MarbleDriverCore } from '${rel(path.join(SRC, 'marble-driver-core.ts'))}';`,
      `import { parseMarbleSteps, type MarbleStep } from '${rel(path.join(SRC, 'marble-syntax.ts'))}';`,
      `import { ScriptedStream, type StreamStep } from '${rel(path.join(SRC, 'scripted-stream.ts'))}';`,
      `declare const helpers: RunHelpers;`,
      `declare const driver: MarbleDriver;`,
      `declare const clock: VirtualClock;`,
      `declare const master: ScriptedMaster;`,
      `declare const framework: FrameworkInfo;`,
      `declare const task: TaskInfo;`,
      `declare const bytes: Uint8Array;`,
      `declare const abort: AbortController;`,
      `declare const declineAll: (streams: DriverStreams) => Observable<Command>;`,
      `declare const expect: (value: unknown) => { toEqual(other: unknown): void };`,
      `export const used = [rxjs, api, kit, map, timer, TestScheduler, declineOffer, launchTasks, reviveOffers, createDriver, acknowledgementOf, disconnect, error, expectCommands, failure, heartbeat, httpError, marbleDriver, marbleIds, message, offer, offers, rescind, ScriptedMaster, statusUuid, subscribed, timeline, update, VirtualClock, MarbleDriverCore, parseMarbleSteps];`,
      `export type Used = [Offer, CallAnswer, Disconnect, FailureSpec, HttpErrorOptions, MarbleDriverOptions, MarbleEvent, MessageSpec, OfferSpec, RecordedCommand, ScriptedCall, ScriptedMasterOptions, StreamScript, SubscribeAnswer, SubscribedOptions, TimedValue<unknown>, UpdateOptions, VirtualClockOptions, MarbleStep, StreamStep];`,
    ].join('\n');
    const files = new Map<string, { readonly where: string; readonly text: string }>();
    for (const { file, text } of sources) {
      exportedDocs(text).forEach(({ name, doc }) => {
        tsBlocks(doc).forEach((code, i) => {
          files.set(path.join(DIR, `${file.replace(/\.ts$/, '')}-${name}-${i}.ts`), {
            where: `${file}: ${name}`,
            text: `${preamble}\nexport async function example(): Promise<void> {\n${code}\n}\n`,
          });
        });
      });
    }
    expect(typecheckSnippets(DIR, files)).toEqual([]);
  }, 60_000);
});

const examples = tsBlocks(GUIDE);
/** The examples that are complete tests (they describe and run themselves). */
const testExamples = examples
  .map((code, i) => ({ code, where: `docs/marbles.md #${i + 1}` }))
  .filter(({ code }) => /^describe\(/m.test(code));

describe('docs/marbles.md', () => {
  it('names every export of the kit', () => {
    const index = fs.readFileSync(path.join(SRC, 'index.ts'), 'utf8');
    const names = [...index.matchAll(/(?:^|[{,]\s*)(?:type )?(\w+)(?=[\s,]*(?:}|,|\n))/gm)]
      .map((m) => m[1] ?? '')
      .filter((n) => n !== '' && n !== 'type');
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((n) => !GUIDE.includes(n))).toEqual([]);
  });

  it('has examples, some of them complete tests', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(testExamples.length).toBeGreaterThanOrEqual(4);
  });

  it('every example type-checks against the real API', () => {
    const files = new Map<string, { readonly where: string; readonly text: string }>();
    examples.forEach((code, i) => {
      const text = mapImports(code, rel);
      files.set(path.join(DIR, `guide-${i}.ts`), {
        where: `docs/marbles.md #${i + 1}`,
        text: `/// <reference types="jest" />\n${text}\nexport {};\n`,
      });
    });
    expect(typecheckSnippets(DIR, files)).toEqual([]);
  }, 60_000);
});

// the examples that are tests run as tests of this file, with the package mapped to the sources
describe.each(testExamples)('$where, run', ({ code }) => {
  const js = ts.transpileModule(
    mapImports(code, (file) => file.replace(/\.ts$/, '')),
    {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    },
  ).outputText;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the guide's examples run as tests
  const run = new Function('require', 'exports', 'describe', 'it', 'expect', js) as (
    ...args: unknown[]
  ) => void;
  run(require, {}, describe, it, expect);
});
