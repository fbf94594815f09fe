/**
 * The base of every rxmesos error: a native `Error` with a literal `_tag`, a stable `code`,
 * and whether retrying can help.
 *
 * Subclasses narrow `_tag` and `code` to literals, so `switch (e._tag)` is exhaustive and
 * `e.code` is stable across releases while `message` may be reworded.
 *
 * @example
 * ```ts
 * class DiskFull extends TaggedError<'DiskFull', 'ENOSPC'> {
 *   constructor() { super('DiskFull', 'ENOSPC', 'no space left', { retryable: false }); }
 * }
 * const e = new DiskFull();
 * e._tag; // 'DiskFull'
 * ```
 */
export abstract class TaggedError<Tag extends string, Code extends string> extends Error {
  /** The error's kind, a literal: switch on it. */
  readonly _tag: Tag;
  /** A stable machine-readable reason. */
  readonly code: Code;
  /** Whether the same action may succeed if tried again later. */
  readonly retryable: boolean;

  protected constructor(
    tag: Tag,
    code: Code,
    message: string,
    options: { readonly retryable?: boolean; readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this._tag = tag;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.name = tag;
  }
}
