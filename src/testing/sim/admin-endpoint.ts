/**
 * The simulated master's admin endpoint, on the same server as the scheduler API: fault
 * injection over HTTP, for tests written in any language and for `rxmesos sim`.
 *
 * - `GET /__rxmesos/faults`: the faults this master offers, as JSON.
 * - `POST /__rxmesos/faults/<name>` with a JSON body: applies one; 200 with JSON, 400 with
 *   `{"error": …}` when the body is wrong or what it names does not exist, 404 for an unknown
 *   fault, 405 for another method (500 if applying it failed: a simulator bug).
 *
 * No authentication, and every master of a group answers (the faults act on the group).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultBody } from './fault-body';
import { FaultRequestError } from './fault-request-error';
import { FAULT_ROUTES } from './fault-routes';
import type { FaultTarget } from './fault-target';

/**
 * The path prefix of the admin endpoint.
 *
 * @example
 * ```ts
 * await fetch(`${master.url}${ADMIN_PREFIX}/faults`);
 * ```
 */
export const ADMIN_PREFIX = '/__rxmesos';

const FAULTS_PATH = `${ADMIN_PREFIX}/faults`;

function json(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const bytes = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

/**
 * Creates the admin route of a master (for `EndpointHooks.route`): handles the requests under
 * {@link ADMIN_PREFIX} and returns true for them, false for any other path.
 *
 * @example
 * ```ts
 * const route = createAdminRoute(master);
 * const hooks: EndpointHooks = { …, route };
 * // curl -X POST localhost:5050/__rxmesos/faults/cut-stream -d '{"frameworkId":"…"}'
 * ```
 */
export function createAdminRoute(
  target: FaultTarget,
): (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean {
  return (req, res, body) => {
    const url = req.url ?? '/';
    if (!url.startsWith(ADMIN_PREFIX)) return false; // every scheduler call passes here: be quick
    const path = url.split('?', 1)[0] ?? url;
    if (path !== ADMIN_PREFIX && !path.startsWith(`${ADMIN_PREFIX}/`)) return false;
    const routes = FAULT_ROUTES.filter((r) => r.available(target));
    if (path === FAULTS_PATH) {
      if (req.method !== 'GET') {
        json(res, 405, { error: `use GET for ${FAULTS_PATH}` }, { Allow: 'GET' });
        return true;
      }
      json(res, 200, {
        faults: routes.map((r) => ({
          name: r.name,
          method: 'POST',
          path: `${FAULTS_PATH}/${r.name}`,
          description: r.description,
          body: r.body,
        })),
      });
      return true;
    }
    const name = path.startsWith(`${FAULTS_PATH}/`) ? path.slice(FAULTS_PATH.length + 1) : '';
    const route = routes.find((r) => r.name === name);
    if (route === undefined) {
      json(res, 404, {
        error: `no such admin route ${path}; GET ${FAULTS_PATH} lists the faults`,
      });
      return true;
    }
    if (req.method !== 'POST') {
      json(res, 405, { error: `use POST for ${path}` }, { Allow: 'POST' });
      return true;
    }
    try {
      const outcome = route.apply(target, FaultBody.parse(body));
      json(res, 200, { fault: route.name, ...outcome });
    } catch (e) {
      // anything but a refused request is a simulator bug: say so rather than crash
      const refused = e instanceof FaultRequestError;
      const message = e instanceof Error ? e.message : String(e);
      json(res, refused ? 400 : 500, { fault: route.name, error: message });
    }
    return true;
  };
}
