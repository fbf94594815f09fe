/**
 * Removing secrets from what the transport shows.
 *
 * @module
 */

/**
 * A URL as text without its user info (`http://user:secret@host/` → `http://host/`).
 *
 * @example
 * ```ts
 * redactUrl('https://svc:s3cret@m1:5050/api/v1/scheduler'); // 'https://m1:5050/api/v1/scheduler'
 * ```
 */
export function redactUrl(url: string | URL): string {
  try {
    const u = new URL(url.toString());
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '<invalid URL>';
  }
}

/**
 * Replaces every occurrence of the given secrets in a text by `***`.
 *
 * @example
 * ```ts
 * redactText('bad secret s3cret', ['s3cret']); // 'bad secret ***'
 * ```
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join('***');
  return out;
}
