/**
 * Reading marble diagrams as the RxJS `TestScheduler` does in run mode (one frame per
 * millisecond), for the parts of the kit that run outside `TestScheduler.run`.
 *
 * @module
 */

/**
 * One thing a marble diagram shows: a value (by its key), the completion `|` or the error `#`,
 * at a frame (milliseconds from the diagram's start).
 *
 * @example
 * ```ts
 * const step: MarbleStep = { frame: 75_000, kind: 'value', key: 'd' };
 * ```
 */
export type MarbleStep =
  | { readonly frame: number; readonly kind: 'value'; readonly key: string }
  | { readonly frame: number; readonly kind: 'complete' | 'error' };

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };
const PROGRESSION = /^(\d+(?:\.\d+)?)(ms|s|m)(?= )/;

/**
 * Reads a marble diagram with the run-mode rules of RxJS: `-` is one frame, every value
 * character takes one frame, `(ab)` puts its values on one frame and takes as many frames as
 * it has characters, `|` completes, `#` errors, spaces are ignored, and a time progression
 * (`75s`, `499ms`, `2m`, at the start or after a space, and followed by one) lets that much time pass. `^` and `!` (subscription
 * points) are refused: a diagram here starts when its subject starts.
 *
 * @example
 * ```ts
 * parseMarbleSteps('s 74999ms d'); // [{ frame: 0, kind: 'value', key: 's' }, { frame: 75000, kind: 'value', key: 'd' }]
 * parseMarbleSteps('-(ab)-|'); // a and b at 1, complete at 6
 * ```
 */
export function parseMarbleSteps(marbles: string): MarbleStep[] {
  const steps: MarbleStep[] = [];
  let frame = 0;
  let groupStart: number | undefined;
  for (let i = 0; i < marbles.length; i++) {
    const c = marbles.charAt(i);
    const at = groupStart ?? frame;
    const advance = (): void => {
      if (groupStart === undefined) frame++;
    };
    if (c === ' ') continue;
    const progression =
      groupStart === undefined && (i === 0 || marbles.charAt(i - 1) === ' ')
        ? PROGRESSION.exec(marbles.slice(i))
        : null;
    if (progression !== null) {
      frame += Number(progression[1]) * (UNITS[progression[2] ?? 'ms'] ?? 1);
      i += progression[0].length - 1;
      continue;
    }
    if (c === '-') {
      advance();
    } else if (c === '(') {
      if (groupStart !== undefined) throw new SyntaxError(`nested group in '${marbles}'`);
      groupStart = frame;
    } else if (c === ')') {
      if (groupStart === undefined) throw new SyntaxError(`')' without '(' in '${marbles}'`);
      frame += marbles.slice(marbles.lastIndexOf('(', i), i + 1).length;
      groupStart = undefined;
    } else if (c === '|' || c === '#') {
      steps.push({ frame: at, kind: c === '|' ? 'complete' : 'error' });
      advance();
    } else if (c === '^' || c === '!') {
      throw new SyntaxError(`'${c}' has no meaning here: '${marbles}'`);
    } else {
      steps.push({ frame: at, kind: 'value', key: c });
      advance();
    }
  }
  if (groupStart !== undefined) throw new SyntaxError(`unclosed group in '${marbles}'`);
  return steps;
}
