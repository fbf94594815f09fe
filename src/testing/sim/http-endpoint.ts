/**
 * The simulated master's HTTP face: `/api/v1/scheduler` with the master's checks in the
 * master's order (spec §1.4), `/redirect`, `/health` and `/state`.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeCall, isContentType, type Call, type WireError } from '../../wire';
import { negotiate } from './accept-header';
import type { MasterCore } from './master-core';
import { validateCall } from './validate-call';

/** Leadership as one endpoint sees it. */
export type Leadership =
  | { readonly kind: 'leader' }
  | {
      readonly kind: 'standby';
      readonly leader: { readonly host: string; readonly port: number } | undefined;
    };

/** What the endpoint needs besides the master's protocol state. */
export interface EndpointHooks {
  leadership(): Leadership;
  /** Fault injection: a status to answer instead of handling the call (503, 429). */
  takeInjectedStatus(): number | undefined;
  /** `GET /state`: the master's state as JSON. */
  state(): unknown;
  /** Extra routes (the admin endpoint); true when handled. */
  route?(req: IncomingMessage, res: ServerResponse, body: Buffer): boolean;
}

const SCHEDULER_PATHS = new Set(['/api/v1/scheduler', '/master/api/v1/scheduler']);

function text(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
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

function authorized(core: MasterCore, req: IncomingMessage): boolean {
  const creds = core.options.credentials;
  if (creds === undefined) return true;
  const expected = `Basic ${Buffer.from(`${creds.principal}:${creds.secret}`).toString('base64')}`;
  return req.headers.authorization === expected;
}

/** The 400 body for a body that does not decode into a Call. */
function parseFailure(error: WireError): { status: number; body: string } {
  if (error.contentType === 'application/x-protobuf') {
    return { status: 400, body: 'Failed to parse body into Call protobuf' };
  }
  if (error.code === 'INVALID_JSON') {
    return {
      status: 400,
      body: `Failed to parse body into JSON: ${error.reason.replace(/^invalid JSON: /, '')}`,
    };
  }
  return { status: 400, body: `Failed to convert JSON into Call protobuf: ${error.message}` };
}

/**
 * Creates the request handler of a simulated master.
 *
 * @example
 * ```ts
 * const server = http.createServer(createRequestHandler(core, hooks));
 * ```
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

function handle(
  core: MasterCore,
  hooks: EndpointHooks,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const leadership = hooks.leadership();
  if (url.pathname === '/redirect' || url.pathname === '/master/redirect') {
    const leader =
      leadership.kind === 'leader'
        ? { host: core.masterInfo.hostname ?? '', port: core.masterInfo.port }
        : leadership.leader;
    if (leader === undefined) text(res, 503, 'No leader elected');
    else {
      res.writeHead(307, { Location: `//${leader.host}:${leader.port}` });
      res.end();
    }
    return;
  }
  if (url.pathname === '/health' || url.pathname === '/master/health') {
    res.writeHead(200);
    res.end();
    return;
  }
  if (
    url.pathname === '/state' ||
    url.pathname === '/master/state' ||
    url.pathname === '/state.json'
  ) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(hooks.state()));
    return;
  }
  if (hooks.route?.(req, res, body) === true) return;
  if (!SCHEDULER_PATHS.has(url.pathname)) {
    res.writeHead(404);
    res.end();
    return;
  }
  scheduler(core, hooks, leadership, req, res, body, url);
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
  // 0: authentication
  if (!authorized(core, req)) {
    text(res, 401, '401 Unauthorized.', {
      'WWW-Authenticate': 'Basic realm="mesos-master-scheduler"',
    });
    return;
  }
  // 2: not the leader
  if (leadership.kind === 'standby') {
    if (leadership.leader === undefined) text(res, 503, 'No leader elected');
    else {
      res.writeHead(307, {
        Location: `//${leadership.leader.host}:${leadership.leader.port}${url.pathname}${url.search}`,
      });
      res.end();
    }
    return;
  }
  const injected = hooks.takeInjectedStatus();
  if (injected !== undefined) {
    text(res, injected, injected === 429 ? 'Too Many Requests' : 'Service Unavailable');
    return;
  }
  // 4: method
  if (req.method !== 'POST') {
    text(res, 405, `Expecting one of { 'POST' }, but received '${req.method ?? ''}'`, {
      Allow: 'POST',
    });
    return;
  }
  // 5-7: content type and body
  const contentType = req.headers['content-type'];
  if (contentType === undefined) {
    text(res, 400, "Expecting 'Content-Type' to be present");
    return;
  }
  if (!isContentType(contentType)) {
    text(res, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
    return;
  }
  const decoded = decodeCall(body, contentType);
  let call: Call;
  if (decoded._tag === 'Left') {
    // a payload or framework id the call type needs is a validation failure, not a parse failure
    const e = decoded.left;
    if (
      e.code === 'INVALID_MESSAGE' &&
      e.reason.startsWith('required for type') &&
      e.path.length === 1
    ) {
      text(
        res,
        400,
        `Failed to validate scheduler::Call: Expecting '${String(e.path[0])}' to be present`,
      );
      return;
    }
    const failure = parseFailure(e);
    text(res, failure.status, failure.body);
    return;
  }
  call = decoded.right;
  // 8: validation
  const invalid = validateCall(call);
  if (invalid !== undefined) {
    text(res, 400, `Failed to validate scheduler::Call: ${invalid}`);
    return;
  }
  const streamIdHeader = req.headers['mesos-stream-id'];
  if (call.type === 'SUBSCRIBE') {
    // 9: acceptable encoding
    const accept = negotiate(req.headers.accept);
    if (accept === undefined) {
      text(res, 406, "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
      return;
    }
    // 10: no stream id on SUBSCRIBE
    if (streamIdHeader !== undefined) {
      text(res, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      return;
    }
    core.subscribe(call, res, accept);
    return;
  }
  if (call.type === 'RECONCILE_OPERATIONS' && negotiate(req.headers.accept) === undefined) {
    text(res, 406, "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
    return;
  }
  // 12-17: the framework and its stream
  const fw = core.framework(call.framework_id?.value ?? '');
  if (fw === undefined) {
    text(res, 400, 'Framework cannot be found');
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
  if (answer.body === undefined) {
    res.writeHead(answer.status);
    res.end();
  } else {
    text(res, answer.status, answer.body);
  }
}
