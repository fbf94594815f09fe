/**
 * The simulated master's protocol state: frameworks, subscriptions, heartbeats, failover and
 * the dispatch of calls to the cluster and task parts. No HTTP here (see `http-endpoint.ts`).
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Subscription } from 'rxjs';
import type { Call, ContentType, Event, MasterInfo } from '../../wire';
import { Cluster, type CallAnswer } from './cluster';
import { EventStream } from './event-stream';
import { MasterIds } from './ids';
import type { MasterContext } from './master-context';
import { resolveSimOptions, type ResolvedSimOptions } from './resolve-options';
import { SimFramework } from './sim-framework';
import type { SimOptions } from './sim-options';
import { subscribeRefusal } from './subscribe-refusal';
import { TaskTracker } from './task-tracker';

/** The longest delay a Node.js timer honours (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** A call that is not SUBSCRIBE. */
type OtherCall = Exclude<Call, { readonly type: 'SUBSCRIBE' }>;

/**
 * The protocol state of one simulated master.
 *
 * @example
 * ```ts
 * const core = new MasterCore({ heartbeatIntervalSeconds: 1 });
 * core.setAddress('127.0.0.1', 5050);
 * ```
 */
export class MasterCore implements MasterContext {
  readonly options: ResolvedSimOptions;
  readonly cluster: Cluster;
  readonly tasks: TaskTracker;
  readonly startTime: number;
  private readonly byId = new Map<string, SimFramework>();
  /** Frameworks removed by teardown or failover timeout: their ids are refused. */
  readonly completed: SimFramework[] = [];
  private readonly removedIds = new Set<string>();
  private address = { ip: '127.0.0.1', port: 5050, hostname: '127.0.0.1' };
  private masterIds: MasterIds;

  constructor(options: SimOptions = {}) {
    this.options = resolveSimOptions(options);
    this.masterIds = new MasterIds(options.masterId);
    this.startTime = this.now();
    this.cluster = new Cluster(this);
    this.tasks = new TaskTracker(this);
  }

  /** The id counters of the current master (a failover starts new ones under a new id). */
  get ids(): MasterIds {
    return this.masterIds;
  }

  get scheduler(): ResolvedSimOptions['scheduler'] {
    return this.options.scheduler;
  }

  /** Seconds since the epoch on the scheduler's clock. */
  now(): number {
    return this.options.scheduler.now() / 1000;
  }

  /** Where this master listens, for `MasterInfo` and redirects. */
  setAddress(ip: string, port: number, hostname: string = ip): void {
    this.address = { ip, port, hostname };
  }

  /** The master's own description, as SUBSCRIBED carries it. */
  get masterInfo(): MasterInfo {
    const { ip, port, hostname } = this.address;
    return {
      id: this.ids.masterId,
      ip: ipv4AsUint32(ip),
      port,
      pid: `master@${ip}:${port}`,
      hostname,
      version: '1.12.0',
      address: { hostname, ip, port },
      capabilities: [{ type: 'AGENT_UPDATE' }, { type: 'AGENT_DRAINING' }, { type: 'QUOTA_V2' }],
    };
  }

  framework(id: string): SimFramework | undefined {
    return this.byId.get(id);
  }

  frameworks(): Iterable<SimFramework> {
    return this.byId.values();
  }

  /** Whether an id belongs to a framework this master removed. */
  isRemoved(id: string): boolean {
    return this.removedIds.has(id);
  }

  send(fw: SimFramework, event: Event): void {
    fw.stream?.send(event);
  }

  /**
   * Handles an accepted SUBSCRIBE (the HTTP checks passed): answers 200 with a stream that
   * starts with SUBSCRIBED and a HEARTBEAT, or with one ERROR event when the framework is
   * refused. A connected framework subscribing again fails over: its old stream gets
   * `Framework failed over` and closes.
   */
  subscribe(
    call: Extract<Call, { readonly type: 'SUBSCRIBE' }>,
    res: ServerResponse,
    contentType: ContentType,
  ): void {
    const streamId = this.ids.stream();
    res.writeHead(200, { 'Content-Type': contentType, 'Mesos-Stream-Id': streamId });
    res.flushHeaders();
    const stream = new EventStream(res, contentType, this.scheduler, streamId);
    const refusal = subscribeRefusal(this, call);
    if (refusal !== undefined) {
      stream.send({ type: 'ERROR', error: { message: refusal } });
      stream.close();
      return;
    }
    const info = call.subscribe.framework_info;
    const requestedId = call.framework_id?.value;
    let fw = requestedId === undefined ? undefined : this.byId.get(requestedId);
    if (fw === undefined) {
      // a new framework, or one this master does not know (recovered after a master failover)
      fw = new SimFramework(requestedId ?? this.ids.framework(), info, this.now());
      this.byId.set(fw.id, fw);
    } else {
      const old = fw.stream;
      fw.stream = undefined;
      if (old?.isOpen === true) {
        old.send({ type: 'ERROR', error: { message: 'Framework failed over' } });
        old.close();
      }
      fw.failoverTimer?.unsubscribe();
      fw.failoverTimer = undefined;
      // user and checkpoint cannot change on re-subscription: they keep their old values
      fw.info = { ...info, user: fw.info.user, checkpoint: fw.info.checkpoint };
    }
    const framework = fw;
    framework.info = { ...framework.info, id: { value: framework.id } };
    framework.suppressedRoles = new Set(call.subscribe.suppressed_roles ?? []);
    framework.offerConstraints = call.subscribe.offer_constraints;
    framework.unregisteredTime = undefined;
    framework.stream = stream;
    stream.onClose(() => {
      this.streamClosed(framework, stream);
    });
    stream.send({
      type: 'SUBSCRIBED',
      subscribed: {
        framework_id: { value: framework.id },
        heartbeat_interval_seconds: this.options.heartbeatIntervalSeconds,
        master_info: this.masterInfo,
      },
    });
    stream.startHeartbeats(this.options.heartbeatIntervalSeconds);
    this.cluster.frameworkSubscribed(framework);
    this.tasks.frameworkSubscribed(framework);
  }

  private streamClosed(fw: SimFramework, stream: EventStream): void {
    if (fw.stream !== stream) return; // replaced by a failover: the master ignores it
    fw.stream = undefined;
    fw.unregisteredTime = this.now();
    this.cluster.frameworkDisconnected(fw);
    const timeout = fw.info.failover_timeout ?? 0;
    fw.failoverTimer = this.scheduler.schedule(
      () => {
        this.removeFramework(fw);
      },
      // a timer longer than 2^31 - 1 ms would fire at once (Node's limit): the docs suggest
      // failover timeouts of up to four weeks, so wait at most ~24.8 days
      Math.min(MAX_TIMER_MS, Math.max(0, timeout) * 1000),
    );
  }

  /** Removes a framework for good: its tasks are killed and its id is refused from now on. */
  removeFramework(fw: SimFramework): void {
    if (fw.removed) return;
    fw.removed = true;
    fw.failoverTimer?.unsubscribe();
    fw.failoverTimer = undefined;
    fw.unregisteredTime ??= this.now();
    this.tasks.frameworkRemoved(fw);
    this.cluster.frameworkRemoved(fw);
    this.byId.delete(fw.id);
    this.removedIds.add(fw.id);
    this.completed.push(fw);
    const stream = fw.stream;
    fw.stream = undefined;
    stream?.close();
  }

  /**
   * Handles a call other than SUBSCRIBE from a subscribed framework (the HTTP checks passed)
   * and gives its HTTP answer.
   */
  handle(fw: SimFramework, call: OtherCall): CallAnswer {
    switch (call.type) {
      case 'TEARDOWN':
        this.removeFramework(fw);
        break;
      case 'ACCEPT':
        this.cluster.accept(fw, call.accept);
        break;
      case 'DECLINE':
        this.cluster.decline(fw, call.decline);
        break;
      case 'ACCEPT_INVERSE_OFFERS':
        this.cluster.acceptInverseOffers(fw, call.accept_inverse_offers);
        break;
      case 'DECLINE_INVERSE_OFFERS':
        this.cluster.declineInverseOffers(fw, call.decline_inverse_offers);
        break;
      case 'REVIVE':
        this.cluster.revive(fw, call.revive?.roles ?? []);
        break;
      case 'SUPPRESS':
        this.cluster.suppress(fw, call.suppress?.roles ?? []);
        break;
      case 'KILL':
        this.tasks.kill(fw, call.kill);
        break;
      case 'SHUTDOWN':
        this.tasks.shutdown(fw, call.shutdown);
        break;
      case 'ACKNOWLEDGE':
        this.tasks.acknowledge(fw, call.acknowledge);
        break;
      case 'ACKNOWLEDGE_OPERATION_STATUS':
        this.tasks.acknowledgeOperationStatus(fw, call.acknowledge_operation_status);
        break;
      case 'RECONCILE':
        this.tasks.reconcile(fw, call.reconcile);
        break;
      case 'RECONCILE_OPERATIONS':
        this.tasks.reconcileOperations(fw, call.reconcile_operations);
        break;
      case 'MESSAGE':
        this.tasks.message(fw, call.message);
        break;
      case 'REQUEST':
        break; // accepted and ignored, as the built-in allocator does
      case 'UPDATE_FRAMEWORK':
        return this.cluster.updateFramework(fw, call.update_framework);
      case 'UNKNOWN':
        return { status: 501, body: '501 Not Implemented.' };
    }
    return { status: 202 };
  }

  /** Stops every timer, closes every stream and ends every task process. */
  async stop(): Promise<void> {
    this.cluster.stop();
    for (const fw of this.byId.values()) {
      fw.failoverTimer?.unsubscribe();
      fw.failoverTimer = undefined;
      // detach first: a stream closed by the master's own stop starts no failover timer
      const stream = fw.stream;
      fw.stream = undefined;
      stream?.close();
    }
    await this.tasks.stop();
  }

  /** Forgets every framework, as a newly elected master does (fault injection: restart). */
  forgetFrameworks(): void {
    for (const fw of [...this.byId.values()]) {
      const stream = fw.stream;
      fw.stream = undefined;
      fw.failoverTimer?.unsubscribe();
      this.cluster.frameworkDisconnected(fw);
      stream?.close();
    }
    this.byId.clear();
  }

  /**
   * A master failover (fault injection: restart, or a leader moving in a group): from now on
   * this core behaves as a newly elected leader. It gets a new id (`MasterInfo.id`, and the
   * prefix of the framework and offer ids it makes), and forgets what only the old leader's
   * memory held: every framework (their streams break without a clean end, as when a master
   * process dies; their failover timers are gone), the removed frameworks (their ids are
   * accepted again) and the offer filters. Agents, tasks, executors and the maintenance
   * schedule stay: agents re-register with the new leader and report their tasks, so a
   * framework that re-subscribes with its old id is accepted as recovered and finds its tasks,
   * and its unacknowledged status updates are sent again. Spec: §3.
   *
   * @example
   * ```ts
   * core.failover();
   * core.masterInfo.id; // a new UUID
   * ```
   */
  failover(masterId?: string): void {
    for (const fw of [...this.byId.values()]) {
      const stream = fw.stream;
      fw.stream = undefined; // detached first: the master ignores the disconnection
      fw.failoverTimer?.unsubscribe();
      fw.failoverTimer = undefined;
      this.cluster.frameworkDisconnected(fw);
      stream?.cut();
    }
    this.byId.clear();
    this.removedIds.clear();
    this.completed.length = 0;
    this.masterIds = new MasterIds(masterId);
    this.cluster.forgetFilters();
  }

  /** The timer of a framework's failover timeout, if it is running. */
  failoverTimerOf(id: string): Subscription | undefined {
    return this.byId.get(id)?.failoverTimer;
  }
}

/** The `MasterInfo.ip` encoding: the address's network-order bytes read as a little-endian integer. */
function ipv4AsUint32(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return 0;
  const [a = 0, b = 0, c = 0, d = 0] = parts;
  return ((d << 24) | (c << 16) | (b << 8) | a) >>> 0;
}
