/**
 * Turning a caught value into a message for the user.
 *
 * @module
 */

/**
 * The `message` of a caught error, or the value as text if it has none.
 *
 * Duck-typed on purpose: an error from another realm (a `vm` context, as under Jest) is not an
 * `instanceof Error` of this one but still has a string `message`.
 *
 * @example
 * ```ts
 * try { JSON.parse('{'); } catch (e) { errorText(e); } // "Expected property name or '}' in JSON at position 1 ..."
 * errorText('boom'); // 'boom'
 * ```
 */
export function errorText(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const message = (e as { readonly message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(e);
}

/**
 * The `code` of a caught Node.js system error (`'ENOENT'`, `'EPIPE'`, …), or `undefined`.
 *
 * @example
 * ```ts
 * try { fs.readFileSync('/nope'); } catch (e) { errorCode(e); } // 'ENOENT'
 * ```
 */
export function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { readonly code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
