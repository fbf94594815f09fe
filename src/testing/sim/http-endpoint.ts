/**
 * The simulated master's HTTP face: `/api/v1/scheduler` (also `/master/api/v1/scheduler`)
 * with the master's checks in the master's order (spec §1.4), `/redirect`, `/health` and
 * `/state`.
 *
 * Answers are shaped the way libprocess writes them: error bodies are
 * `text/plain; charset=utf-8` with an explicit `Content-Length`, and answers without a body
 * (202, 307, `/health`, the 200 of UPDATE_FRAMEWORK) carry `Content-Length: 0`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeCall, type Call, type ContentType, type WireError } from '../../wire';
import { negotiate } from './accept-header';
import { jsonConversionError, jsonSyntaxError } from './call-parse-error';
import type { MasterCore } from './master-core';
import { callTypePresent, validateCall } from './validate-call';

/**
 * Where a master listens, as a redirect names it (`Location: //<host>:<port>...`).
 *
 * @example
 * ```ts
 * const leader: LeaderAddress = { host: 'mesos-master-1.example.internal', port: 5050 };
 * ```
 */
export interface LeaderAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Leadership as one endpoint sees it: the leader, or a standby that knows the leader (it
 * redirects there) or does not (503).
 *
 * @example
 * ```ts
 * const standby: Leadership = { kind: 'standby', leader: { host: '10.0.0.1', port: 5050 } };
 * ```
 */
export type Leadership =
  | { readonly kind: 'leader' }
  | { readonly kind: 'standby'; readonly leader: LeaderAddress | undefined };

/**
 * What the endpoint needs besides the master's protocol state.
 *
 * @example
 * ```ts
 * const hooks: EndpointHooks = {
 *   leadership: () => ({ kind: 'leader' }),
 *   takeInjectedStatus: () => undefined,
 *   state: () => masterState(core),
 * };
 * ```
 */
export interface EndpointHooks {
  leadership(): Leadership;
  /** Fault injection: a status to answer instead of handling the call (503, 429). */
  takeInjectedStatus(): number | undefined;
  /** `GET /state`: the master's state as JSON. */
  state(): unknown;
  /** Extra routes (the admin endpoint); true when handled. */
  route?(req: IncomingMessage, res: ServerResponse, body: Buffer): boolean;
}

const SCHEDULER_PATHS: ReadonlySet<string> = new Set([
  '/api/v1/scheduler',
  '/master/api/v1/scheduler',
]);
const REDIRECT_PATHS: ReadonlySet<string> = new Set(['/redirect', '/master/redirect']);
const HEALTH_PATHS: ReadonlySet<string> = new Set(['/health', '/master/health']);
const STATE_PATHS: ReadonlySet<string> = new Set([
  '/state',
  '/master/state',
  '/state.json',
  '/master/state.json',
]);

/** The realm of HTTP framework authentication (`--authenticate_http_frameworks`). */
const REALM = 'mesos-master-scheduler';

const NOT_ACCEPTABLE = "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'";

/** An answer with a plain-text body, as libprocess writes one. */
function text(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

/** An answer without a body, with libprocess's explicit `Content-Length: 0`. */
function empty(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { 'Content-Length': '0', ...headers });
  res.end();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/**
 * The principal of a request under HTTP Basic authentication, `null` when authentication is
 * required and fails, undefined when the master does not authenticate frameworks. Follows
 * libprocess's basic authenticator: `Basic <base64(principal:secret)>`, split on single
 * spaces and colons.
 */
function authenticate(core: MasterCore, req: IncomingMessage): string | null | undefined {
  const creds = core.options.credentials;
  if (creds === undefined) return undefined;
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const parts = header.split(' ');
  if (parts.length !== 2 || parts[0] !== 'Basic') return null;
  const encoded = parts[1] ?? '';
  // stout's decoder skips whitespace, stops at '=' and refuses any other character
  if (!/^[A-Za-z0-9+/\s]*(?:=.*)?$/s.test(encoded)) return null;
  const pair = Buffer.from(encoded.replace(/=.*$/s, ''), 'base64').toString('utf8').split(':');
  if (pair.length !== 2 || pair[0] !== creds.principal || pair[1] !== creds.secret) return null;
  return creds.principal;
}

/** libprocess's percent-encoding of query keys and values (`http::encode`). */
function percentEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    const reserved = '$&+,/:;=?@ "<>#%{}|\\^~[]`'.includes(ch);
    out +=
      reserved || byte < 0x20 || byte > 0x7f
        ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
        : ch;
  }
  return out;
}

/**
 * The query as the master echoes it in a redirect: decoded into a map (`;` or `&` separated,
 * `+` as space, the last value of a key winning) and encoded again (`key` alone for an empty
 * value).
 */
function reencodedQuery(search: string): string {
  const query = new Map<string, string>();
  for (const token of search.replace(/^\?/, '').split(/[;&]/)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    if (eq < 0) query.set(decode(token), '');
    else query.set(decode(token.slice(0, eq)), decode(token.slice(eq + 1)));
  }
  const pairs = [...query].map(([k, v]) =>
    v === '' ? percentEncode(k) : `${percentEncode(k)}=${percentEncode(v)}`,
  );
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/**
 * `Master::Http::redirect`: 503 without a known leader; for `/redirect` itself the leader's
 * base address; below `/redirect/` 404 (no redirect loops); else the leader's address
 * followed by the request's path and query. The `Location` is protocol-relative.
 */
function redirect(res: ServerResponse, leader: LeaderAddress | undefined, url: URL): void {
  if (leader === undefined) {
    text(res, 503, 'No leader elected');
    return;
  }
  const base = `//${leader.host}:${leader.port}`;
  if (REDIRECT_PATHS.has(url.pathname)) {
    empty(res, 307, { Location: base });
  } else if (
    url.pathname.startsWith('/redirect/') ||
    url.pathname.startsWith('/master/redirect/')
  ) {
    text(res, 404, '404 Not Found.');
  } else {
    empty(res, 307, { Location: `${base}${url.pathname}${reencodedQuery(url.search)}` });
  }
}

/**
 * Creates the request handler of a simulated master.
 *
 * @example
 * ```ts
 * const server = http.createServer(createRequestHandler(core, hooks));
 * ```
 * Spec: docs/protocol.md §1.4, §1.5.
 */
export function createRequestHandler(
  core: MasterCore,
  hooks: EndpointHooks,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    readBody(req).then(
      (body) => {
        handle(core, hooks, req, res, body);
      },
      () => {
        res.destroy();
      },
    );
  };
}

function leaderAddress(core: MasterCore, leadership: Leadership): LeaderAddress | undefined {
  return leadership.kind === 'leader'
    ? { host: core.masterInfo.hostname ?? '', port: core.masterInfo.port }
    : leadership.leader;
}

function handle(
  core: MasterCore,
  hooks: EndpointHooks,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const leadership = hooks.leadership();
  const path = url.pathname;
  if (
    REDIRECT_PATHS.has(path) ||
    path.startsWith('/redirect/') ||
    path.startsWith('/master/redirect/')
  ) {
    redirect(res, leaderAddress(core, leadership), url);
    return;
  }
  if (HEALTH_PATHS.has(path)) {
    empty(res, 200);
    return;
  }
  if (STATE_PATHS.has(path)) {
    if (leadership.kind === 'standby') {
      redirect(res, leadership.leader, url);
      return;
    }
    const json = Buffer.from(JSON.stringify(hooks.state()), 'utf8');
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(json.length),
    });
    res.end(json);
    return;
  }
  if (hooks.route?.(req, res, body) === true) return;
  if (!SCHEDULER_PATHS.has(path)) {
    text(res, 404, '404 Not Found.');
    return;
  }
  scheduler(core, hooks, leadership, req, res, body, url);
}

/** The 400 body for a body that does not decode into a Call. */
function parseFailure(error: WireError, body: Buffer): string {
  if (error.contentType === 'application/x-protobuf') {
    return 'Failed to parse body into Call protobuf';
  }
  if (error.code === 'INVALID_JSON') {
    // the master's JSON reader accepted what ours did not (e.g. `01`); say what we can
    return `Failed to parse body into JSON: ${error.reason.replace(/^invalid JSON: /, '')}`;
  }
  return `Failed to convert JSON into Call protobuf: ${jsonConversionError(body.toString('utf8'), error)}`;
}

/**
 * Reads the body in the given content type: the call, or the 400 body. A type whose
 * `framework_id` or payload is absent decodes as an error here although the master parses it
 * and refuses it in validation; that answer is the validation one.
 */
function readCall(
  body: Buffer,
  contentType: ContentType,
): { readonly call: Call } | { readonly error: string } {
  if (contentType === 'application/json') {
    const syntax = jsonSyntaxError(body);
    if (syntax !== undefined) return { error: `Failed to parse body into JSON: ${syntax}` };
  }
  const decoded = decodeCall(body, contentType);
  if (decoded._tag === 'Right') return { call: decoded.right };
  const e = decoded.left;
  if (e.reason.startsWith('required for type') && e.path.length === 1) {
    return {
      error: `Failed to validate scheduler::Call: Expecting '${String(e.path[0])}' to be present`,
    };
  }
  return { error: parseFailure(e, body) };
}

function scheduler(
  core: MasterCore,
  hooks: EndpointHooks,
  leadership: Leadership,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  url: URL,
): void {
  // 0: authentication (libprocess, before the handler)
  const principal = authenticate(core, req);
  if (principal === null) {
    text(res, 401, '401 Unauthorized.', { 'WWW-Authenticate': `Basic realm="${REALM}"` });
    return;
  }
  // 2: not the leader
  if (leadership.kind === 'standby') {
    redirect(res, leadership.leader, url);
    return;
  }
  const injected = hooks.takeInjectedStatus();
  if (injected !== undefined) {
    text(res, injected, injected === 429 ? 'Too Many Requests' : 'Service Unavailable');
    return;
  }
  // 4: method
  if (req.method !== 'POST') {
    text(
      res,
      405,
      `405 Method Not Allowed. Expecting one of { 'POST' }, but received '${req.method ?? ''}'.`,
      { Allow: 'POST' },
    );
    return;
  }
  // 5-7: content type and body, the body read only for one of the two types
  const contentType = req.headers['content-type'];
  if (contentType === undefined) {
    text(res, 400, "Expecting 'Content-Type' to be present");
    return;
  }
  if (contentType !== 'application/json' && contentType !== 'application/x-protobuf') {
    text(res, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
    return;
  }
  const read = readCall(body, contentType);
  if ('error' in read) {
    text(res, 400, read.error);
    return;
  }
  const call = read.call;
  // 8: validation (a decoded call of a known type had it in its body; only UNKNOWN may not)
  const typePresent = call.type !== 'UNKNOWN' || callTypePresent(body, contentType);
  const invalid = validateCall(call, { typePresent, principal });
  if (invalid !== undefined) {
    text(res, 400, `Failed to validate scheduler::Call: ${invalid}`);
    return;
  }
  // 9: acceptable encoding, for the calls with a body in the answer
  let accept: ContentType | undefined;
  if (call.type === 'SUBSCRIBE' || call.type === 'RECONCILE_OPERATIONS') {
    accept = negotiate(req.headers.accept);
    if (accept === undefined) {
      text(res, 406, NOT_ACCEPTABLE);
      return;
    }
  }
  const streamIdHeader = req.headers['mesos-stream-id'];
  if (call.type === 'SUBSCRIBE') {
    // 10: no stream id on SUBSCRIBE
    if (streamIdHeader !== undefined) {
      text(res, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      return;
    }
    core.subscribe(subscribeAs(call, principal), res, accept ?? 'application/json');
    return;
  }
  // 12-17: the framework and its stream
  const fw = core.framework(call.framework_id?.value ?? '');
  if (fw === undefined) {
    text(res, 400, 'Framework cannot be found');
    return;
  }
  const fwPrincipal = fw.info.principal ?? '';
  if (principal !== undefined && principal !== fwPrincipal) {
    text(
      res,
      400,
      `Authenticated principal '${principal}' does not match principal '${fwPrincipal}' set in \`FrameworkInfo\``,
    );
    return;
  }
  if (!fw.connected || fw.stream === undefined) {
    text(res, 403, 'Framework is not subscribed');
    return;
  }
  if (streamIdHeader === undefined) {
    text(res, 400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
    return;
  }
  if (streamIdHeader !== fw.stream.streamId) {
    text(
      res,
      400,
      `The stream ID '${String(streamIdHeader)}' included in this request didn't match the stream ID currently associated with framework ID ${fw.id}`,
    );
    return;
  }
  const answer = core.handle(fw, call);
  if (answer.body === undefined) empty(res, answer.status);
  else text(res, answer.status, answer.body);
}

/**
 * The SUBSCRIBE as the master goes on with it: an empty framework id counts as none (a new
 * framework), and an authenticated framework without a principal gets the authenticated one.
 */
function subscribeAs(
  call: Extract<Call, { readonly type: 'SUBSCRIBE' }>,
  principal: string | undefined,
): Extract<Call, { readonly type: 'SUBSCRIBE' }> {
  const { framework_id: frameworkId, ...rest } = call;
  const { id, ...info } = call.subscribe.framework_info;
  const newFramework = (id?.value ?? '') === '';
  const withPrincipal =
    principal !== undefined && info.principal === undefined ? { ...info, principal } : info;
  return {
    ...rest,
    ...(newFramework || frameworkId === undefined ? {} : { framework_id: frameworkId }),
    subscribe: {
      ...call.subscribe,
      framework_info: newFramework
        ? withPrincipal
        : { ...withPrincipal, id: { value: id?.value ?? '' } },
    },
  };
}
