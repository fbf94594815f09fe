/**
 * The catalogue of faults the admin endpoint offers: name, body, and how each one drives a
 * {@link FaultTarget}.
 *
 * @module
 */
import type { FaultBody } from './fault-body';
import { FaultRequestError } from './fault-request-error';
import type { FaultTarget } from './fault-target';

/**
 * What a fault answers when it applied: the JSON fields added to `{"fault": <name>}`.
 *
 * @example
 * ```ts
 * const made: FaultOutcome = { agentId: 'M-S3' };
 * ```
 */
export type FaultOutcome = Readonly<Record<string, string | number | boolean>>;

/**
 * One fault of the admin endpoint: `POST /__rxmesos/faults/<name>` with a JSON body.
 * `apply` throws {@link FaultRequestError} for a bad body or when there is nothing to apply it
 * to (an unknown framework, agent, offer or task): the endpoint answers 400.
 *
 * @example
 * ```ts
 * const route = FAULT_ROUTES.find((r) => r.name === 'cut-stream');
 * route?.apply(master, FaultBody.parse(Buffer.from('{"frameworkId":"F-0000"}')));
 * ```
 */
export interface FaultRoute {
  readonly name: string;
  readonly description: string;
  /** The body's fields and what they mean (`?` marks an optional one), for the listing. */
  readonly body: Readonly<Record<string, string>>;
  /** Whether the target offers this fault (leadership faults differ for one master and a group). */
  available(target: FaultTarget): boolean;
  apply(target: FaultTarget, body: FaultBody): FaultOutcome;
}

const always = (): boolean => true;

function applied(done: boolean, what: string): FaultOutcome {
  if (!done) throw new FaultRequestError(what);
  return {};
}

/** A fault on one framework's stream: `{"frameworkId": …}`. */
function streamFault(
  name: string,
  description: string,
  act: (target: FaultTarget, frameworkId: string) => boolean,
): FaultRoute {
  return {
    name,
    description,
    body: { frameworkId: 'the framework whose current stream is affected' },
    available: always,
    apply: (target, body) => {
      const id = body.string('frameworkId');
      body.done();
      return applied(act(target, id), `framework ${id} has no open subscription stream`);
    },
  };
}

/** A fault on one agent: `{"agentId": …}`. */
function agentFault(
  name: string,
  description: string,
  act: (target: FaultTarget, agentId: string) => boolean,
  refusal: string,
): FaultRoute {
  return {
    name,
    description,
    body: { agentId: 'the agent' },
    available: always,
    apply: (target, body) => {
      const id = body.string('agentId');
      body.done();
      return applied(act(target, id), `agent ${id} ${refusal}`);
    },
  };
}

/**
 * Every fault of the admin endpoint, in the order `GET /__rxmesos/faults` lists them.
 *
 * @example
 * ```ts
 * FAULT_ROUTES.map((r) => r.name); // ['cut-stream', 'stop-heartbeats', …]
 * ```
 */
export const FAULT_ROUTES: readonly FaultRoute[] = [
  {
    name: 'cut-stream',
    description:
      "breaks the framework's subscription connection without a clean end; the master sees the framework disconnect",
    body: {
      frameworkId: 'the framework',
      'midRecord?': 'true: a length line and part of one more record go out first',
    },
    available: always,
    apply: (target, body) => {
      const id = body.string('frameworkId');
      const midRecord = body.optionalBoolean('midRecord') ?? false;
      body.done();
      return applied(
        target.cutStream(id, { midRecord }),
        `framework ${id} has no open subscription stream`,
      );
    },
  },
  streamFault('stop-heartbeats', 'stops the HEARTBEAT events of the stream', (t, id) =>
    t.stopHeartbeats(id),
  ),
  streamFault('start-heartbeats', 'resumes the heartbeats at the next interval', (t, id) =>
    t.startHeartbeats(id),
  ),
  {
    name: 'hold-events',
    description: 'holds back every event of the stream until release-events (or for ms)',
    body: {
      frameworkId: 'the framework',
      'ms?': 'release by itself after this many milliseconds',
    },
    available: always,
    apply: (target, body) => {
      const id = body.string('frameworkId');
      const ms = body.optionalNumber('ms', { min: 0 });
      body.done();
      const done = ms === undefined ? target.holdEvents(id) : target.delayEvents(id, ms);
      return applied(done, `framework ${id} has no open subscription stream`);
    },
  },
  streamFault('release-events', 'writes the held events, in order, and stops holding', (t, id) =>
    t.releaseEvents(id),
  ),
  {
    name: 'fail-calls',
    description: 'answers the next count scheduler calls with status instead of handling them',
    body: { count: 'how many calls (>= 1)', 'status?': '503 (default) or 429' },
    available: always,
    apply: (target, body) => {
      const count = body.number('count', { min: 1, integer: true });
      const status = body.optionalNumber('status', { min: 0, integer: true }) ?? 503;
      body.done();
      if (status !== 503 && status !== 429)
        throw new FaultRequestError('"status" must be 503 or 429');
      target.failNextCalls(count, status);
      return { count, status };
    },
  },
  {
    name: 'add-agent',
    description: 'adds an agent, offered soon; answers its id',
    body: {
      'hostname?': 'default agent-<n>.sim.local',
      'cpus?': 'number',
      'mem?': 'MiB',
      'disk?': 'MiB',
      'gpus?': 'number',
      'ports?': 'inclusive ranges, e.g. [[31000, 32000]]',
    },
    available: always,
    apply: (target, body) => {
      const hostname = body.optionalString('hostname');
      const cpus = body.optionalNumber('cpus', { min: 0 });
      const mem = body.optionalNumber('mem', { min: 0 });
      const disk = body.optionalNumber('disk', { min: 0 });
      const gpus = body.optionalNumber('gpus', { min: 0, integer: true });
      const ports = body.optionalRanges('ports');
      body.done();
      const agentId = target.addAgent({
        ...(hostname === undefined ? {} : { hostname }),
        ...(cpus === undefined ? {} : { cpus }),
        ...(mem === undefined ? {} : { mem }),
        ...(disk === undefined ? {} : { disk }),
        ...(gpus === undefined ? {} : { gpus }),
        ...(ports === undefined ? {} : { ports }),
      });
      return { agentId };
    },
  },
  agentFault(
    'remove-agent',
    'removes the agent: its tasks are lost, its offers rescinded, FAILURE to every framework',
    (t, id) => t.removeAgent(id),
    'is unknown',
  ),
  agentFault(
    'mark-agent-gone',
    "marks the agent gone (the operator's MARK_AGENT_GONE)",
    (t, id) => t.markAgentGone(id),
    'is unknown',
  ),
  agentFault(
    'partition-agent',
    'makes the agent unreachable: offers rescinded, tasks lost or unreachable, FAILURE',
    (t, id) => t.partitionAgent(id),
    'is unknown or not reachable',
  ),
  agentFault(
    'heal-agent',
    'lets a partitioned agent re-register; it is offered again',
    (t, id) => t.healAgent(id),
    'is unknown or not partitioned',
  ),
  {
    name: 'rescind-offer',
    description: 'rescinds an outstanding offer (RESCIND to its framework)',
    body: { offerId: 'the offer' },
    available: always,
    apply: (target, body) => {
      const id = body.string('offerId');
      body.done();
      return applied(target.rescindOffer(id), `offer ${id} is not outstanding`);
    },
  },
  {
    name: 'duplicate-update',
    description: "sends the task's last status update again, same uuid",
    body: { taskId: 'the task', 'frameworkId?': 'its framework, when task ids repeat' },
    available: always,
    apply: (target, body) => {
      const taskId = body.string('taskId');
      const frameworkId = body.optionalString('frameworkId');
      body.done();
      return applied(
        target.duplicateLastUpdate(taskId, frameworkId),
        `task ${taskId} is unknown or has sent no update yet`,
      );
    },
  },
  {
    name: 'schedule-maintenance',
    description: 'schedules maintenance of agents: inverse offers, offers with unavailability',
    body: {
      agentIds: 'the agents',
      start: 'seconds since the epoch',
      'duration?': 'seconds; unset: until further notice',
    },
    available: always,
    apply: (target, body) => {
      const agentIds = body.strings('agentIds');
      const start = body.number('start', { min: 0 });
      const duration = body.optionalNumber('duration', { min: 0 });
      body.done();
      target.scheduleMaintenance(agentIds, {
        start,
        ...(duration === undefined ? {} : { duration }),
      });
      return {};
    },
  },
  {
    name: 'cancel-maintenance',
    description: 'takes agents out of the maintenance schedule',
    body: { agentIds: 'the agents' },
    available: always,
    apply: (target, body) => {
      const agentIds = body.strings('agentIds');
      body.done();
      target.cancelMaintenance(agentIds);
      return {};
    },
  },
  {
    name: 'restart',
    description:
      'fails the master over to a newly elected one: new master id, frameworks forgotten (streams broken), tasks kept',
    body: { 'masterId?': 'the new master id (a UUID); default random' },
    available: always,
    apply: (target, body) => {
      const masterId = body.optionalString('masterId');
      body.done();
      return { masterId: target.restart(masterId === undefined ? {} : { masterId }) };
    },
  },
  {
    name: 'step-down',
    description:
      'this master becomes a standby: 307 to host:port, or 503 "No leader elected" without them; its frameworks are forgotten',
    body: { 'host?': 'the leader to redirect to', 'port?': 'its port' },
    available: (target) => target.stepDown !== undefined,
    apply: (target, body) => {
      const host = body.optionalString('host');
      const port = body.optionalNumber('port', { min: 1, integer: true });
      body.done();
      if ((host === undefined) !== (port === undefined)) {
        throw new FaultRequestError('"host" and "port" go together (or neither: no leader)');
      }
      target.stepDown?.(host === undefined || port === undefined ? undefined : { host, port });
      return {};
    },
  },
  {
    name: 'become-leader',
    description: 'this master leads again',
    body: {},
    available: (target) => target.becomeLeader !== undefined,
    apply: (target, body) => {
      body.done();
      target.becomeLeader?.();
      return {};
    },
  },
  {
    name: 'move-leader',
    description:
      'the leadership moves to the master at index to: the old leader forgets its frameworks, the others redirect to the new one',
    body: { to: 'index of the new leader in the group (0-based)' },
    available: (target) => target.moveLeader !== undefined,
    apply: (target, body) => {
      const to = body.number('to', { min: 0, integer: true });
      body.done();
      try {
        target.moveLeader?.(to);
      } catch (e) {
        throw new FaultRequestError(e instanceof Error ? e.message : String(e));
      }
      return { to };
    },
  },
];
