/**
 * The JSON body of an admin fault request, read field by field with clear errors.
 *
 * @module
 */
import { FaultRequestError } from './fault-request-error';

/**
 * The fields of one fault request. Each reader throws {@link FaultRequestError} for a missing or
 * mistyped field; {@link FaultBody.done} throws for fields nobody read (a typo such as
 * `frameworkID` is an error, not a silent default).
 *
 * @example
 * ```ts
 * const body = FaultBody.parse(Buffer.from('{"frameworkId":"F-0000","midRecord":true}'));
 * body.string('frameworkId'); // 'F-0000'
 * body.optionalBoolean('midRecord'); // true
 * body.done();
 * ```
 */
export class FaultBody {
  private readonly read = new Set<string>();

  private constructor(private readonly fields: Readonly<Record<string, unknown>>) {}

  /** Parses a request body: empty means `{}`; anything but a JSON object is an error. */
  static parse(bytes: Uint8Array): FaultBody {
    const text = Buffer.from(bytes).toString('utf8').trim();
    if (text === '') return new FaultBody({});
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new FaultRequestError(
        `the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FaultRequestError('the body must be a JSON object');
    }
    return new FaultBody(value as Record<string, unknown>);
  }

  private take(name: string): unknown {
    this.read.add(name);
    return Object.hasOwn(this.fields, name) ? this.fields[name] : undefined;
  }

  /** A required non-empty string. */
  string(name: string): string {
    const v = this.optionalString(name);
    if (v === undefined) throw new FaultRequestError(`"${name}" is required (a non-empty string)`);
    return v;
  }

  /** An optional non-empty string. */
  optionalString(name: string): string | undefined {
    const v = this.take(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v === '') {
      throw new FaultRequestError(`"${name}" must be a non-empty string`);
    }
    return v;
  }

  /** An optional boolean. */
  optionalBoolean(name: string): boolean | undefined {
    const v = this.take(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw new FaultRequestError(`"${name}" must be true or false`);
    return v;
  }

  /** A required number of at least `min` (whole when `integer`). */
  number(name: string, constraints: { readonly min: number; readonly integer?: boolean }): number {
    const v = this.optionalNumber(name, constraints);
    if (v === undefined) throw new FaultRequestError(`"${name}" is required (a number)`);
    return v;
  }

  /** An optional number of at least `min` (whole when `integer`). */
  optionalNumber(
    name: string,
    constraints: { readonly min: number; readonly integer?: boolean },
  ): number | undefined {
    const v = this.take(name);
    if (v === undefined || v === null) return undefined;
    const integer = constraints.integer === true;
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      v < constraints.min ||
      (integer && !Number.isInteger(v))
    ) {
      throw new FaultRequestError(
        `"${name}" must be a ${integer ? 'whole ' : ''}number >= ${constraints.min}`,
      );
    }
    return v;
  }

  /** A required non-empty array of non-empty strings. */
  strings(name: string): readonly string[] {
    const v = this.take(name);
    if (
      !Array.isArray(v) ||
      v.length === 0 ||
      v.some((x: unknown) => typeof x !== 'string' || x === '')
    ) {
      throw new FaultRequestError(`"${name}" is required (a non-empty array of strings)`);
    }
    return v as string[];
  }

  /** An optional array of inclusive `[begin, end]` port ranges. */
  optionalRanges(name: string): readonly (readonly [number, number])[] | undefined {
    const v = this.take(name);
    if (v === undefined || v === null) return undefined;
    const ok =
      Array.isArray(v) &&
      v.every(
        (r: unknown) =>
          Array.isArray(r) &&
          r.length === 2 &&
          r.every((p: unknown) => typeof p === 'number' && Number.isInteger(p) && p >= 0) &&
          (r[0] as number) <= (r[1] as number),
      );
    if (!ok) throw new FaultRequestError(`"${name}" must be an array of [begin, end] port ranges`);
    return (v as [number, number][]).map(([b, e]) => [b, e] as const);
  }

  /** Throws for fields that no reader asked for. */
  done(): void {
    const unknown = Object.keys(this.fields).filter((k) => !this.read.has(k));
    if (unknown.length > 0) {
      throw new FaultRequestError(
        `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`,
      );
    }
  }
}
