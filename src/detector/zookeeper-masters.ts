/**
 * Leader detection through ZooKeeper, as Mesos masters publish it.
 *
 * @module
 */
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { DetectorError } from './detector-error';
import type { DetectorLogger } from './detector-logger';
import type { DetectionHint, MasterDetector } from './master-detector';
import { masterUrlOfMember } from './member-master-url';
import type { MasterUrlOptions } from './master-url-from-info';
import { ZkConnection } from './zk-connection';
import { leaderOf, type ZkMember } from './zk-members';
import type { ZkUrl } from './zk-url';

/**
 * Options of {@link zookeeperMasters}.
 *
 * @example
 * ```ts
 * const options: ZookeeperMastersOptions = { scheme: 'https', sessionTimeoutMs: 10_000 };
 * ```
 */
export interface ZookeeperMastersOptions extends MasterUrlOptions {
  /** The ZooKeeper session timeout asked for, in ms. Default 10 000, as the Mesos detector. */
  readonly sessionTimeoutMs?: number;
  /** Where the detector's timer (the wait for a lost connection) runs. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /** Diagnostics: connection changes, the leader, failures; never credentials. */
  readonly logger?: DetectorLogger;
}

/** Mesos's master detector asks ZooKeeper for sessions of this length. */
const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

/** Errors that end only when the connection comes back (which lists the children again). */
const TRANSIENT = new Set(['CONNECTION_LOSS', 'OPERATION_TIMEOUT', 'SESSION_EXPIRED']);

/** A session and its watchers: one function each, so ZooKeeper keeps one watch per kind. */
interface Session {
  readonly connection: ZkConnection;
  readonly childrenChanged: () => void;
  readonly folderCreated: () => void;
}

interface Leader {
  readonly member: ZkMember;
  readonly url: string;
}

interface Waiter {
  readonly resolve: (url: string) => void;
  readonly reject: (error: DetectorError) => void;
}

interface Watch {
  /** The member node the watched master leads with; undefined: it does not lead. */
  readonly member: string | undefined;
  readonly lost: (reason: string) => void;
}

function zkErrorName(error: unknown): string {
  const name = (error as { readonly name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== 'Error' ? name : String(error);
}

class ZooKeeperMasters implements MasterDetector {
  private readonly scheduler: SchedulerLike;
  private session: Session | undefined;
  private leader: Leader | undefined;
  private failure: DetectorError | undefined;
  /** The member whose data is being read. */
  private reading: string | undefined;
  /** Counts the listings, so that only the answer to the latest one is used. */
  private listings = 0;
  private closed = false;
  private readonly waiters = new Set<Waiter>();
  private readonly watches = new Set<Watch>();

  constructor(
    private readonly url: ZkUrl,
    private readonly options: ZookeeperMastersOptions,
  ) {
    this.scheduler = options.scheduler ?? asyncScheduler;
  }

  next(_hint: DetectionHint): Promise<string> {
    if (this.closed) return Promise.reject(this.closedError());
    if (this.session === undefined) this.session = this.open();
    else if (this.failure !== undefined) this.list(this.session); // look again
    if (this.leader !== undefined) return Promise.resolve(this.leader.url);
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiters.add({ resolve, reject });
    });
  }

  watch(master: string, lost: (reason: string) => void): () => void {
    if (this.closed) return () => undefined;
    const leader = this.leader;
    const w: Watch = { member: leader?.url === master ? leader.member.name : undefined, lost };
    this.watches.add(w);
    if (w.member === undefined) {
      queueMicrotask(() => {
        if (this.watches.delete(w)) lost(`${master} is not the leading master in ZooKeeper`);
      });
    }
    return () => {
      this.watches.delete(w);
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const error = this.closedError();
    for (const w of this.waiters) w.reject(error);
    this.waiters.clear();
    this.watches.clear();
    this.session?.connection.close();
    this.session = undefined;
  }

  private closedError(): DetectorError {
    return new DetectorError('CLOSED', `the ZooKeeper detector of ${this.url.display} is closed`);
  }

  // ---- the ZooKeeper session ----

  private open(): Session {
    // the connection calls back only later (on a ZooKeeper event), once `session` is set
    const session: Session = {
      connection: new ZkConnection(
        this.url,
        this.options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
        this.scheduler,
        {
          connected: () => {
            if (this.current(session)) this.list(session);
          },
          expired: (reason) => {
            if (this.current(session)) this.renew(session, reason);
          },
          authFailed: () => {
            if (!this.current(session)) return;
            session.connection.close();
            this.session = undefined; // the next call to next() tries again
            this.fail(
              new DetectorError(
                'ZOOKEEPER_FAILED',
                `ZooKeeper refused the credentials of ${this.url.display}`,
                { zkCode: 'AUTH_FAILED' },
              ),
            );
          },
        },
        this.options.logger,
      ),
      childrenChanged: () => {
        if (this.current(session)) this.list(session);
      },
      folderCreated: () => {
        if (this.current(session)) this.list(session);
      },
    };
    return session;
  }

  private current(session: Session): boolean {
    return !this.closed && this.session === session && session.connection.isOpen;
  }

  /** The session is gone: no leader is known until a new one has listed the masters. */
  private renew(session: Session, reason: string): void {
    this.options.logger?.warn('ZooKeeper session lost, starting a new one', {
      zookeeper: this.url.display,
      reason,
    });
    session.connection.close();
    this.session = this.open();
    this.setLeader(undefined, reason);
  }

  // ---- the members ----

  private list(session: Session): void {
    const listing = ++this.listings;
    session.connection.client.getChildren(
      this.url.path,
      session.childrenChanged,
      (error, children) => {
        if (!this.current(session) || listing !== this.listings) return;
        if (error === null) this.onChildren(session, children);
        else if (zkErrorName(error) === 'NO_NODE') this.awaitFolder(session);
        else this.onError(error, 'list the masters in');
      },
    );
  }

  /** The folder does not exist yet: no master has registered. Wait until it does. */
  private awaitFolder(session: Session): void {
    session.connection.client.exists(this.url.path, session.folderCreated, (error, stat) => {
      if (!this.current(session)) return;
      if (error !== null) this.onError(error, 'watch');
      else if (stat !== null)
        this.list(session); // created in the meantime
      else this.setLeader(undefined, `no master has registered in ${this.url.path} yet`);
    });
  }

  private onChildren(session: Session, children: readonly string[]): void {
    const lead = leaderOf(children);
    if (lead === undefined) {
      this.reading = undefined;
      this.setLeader(undefined, `no master is registered in ${this.url.path}`);
      return;
    }
    if (this.leader?.member.name === lead.name) {
      this.reading = undefined;
      return;
    }
    if (this.leader !== undefined) this.setLeader(undefined, `${this.leader.url} no longer leads`);
    if (this.reading === lead.name) return;
    this.reading = lead.name;
    session.connection.client.getData(`${this.url.path}/${lead.name}`, (error, data) => {
      if (!this.current(session) || this.reading !== lead.name) return;
      this.reading = undefined;
      if (error !== null) {
        // a leader gone before its data was read: the children's watch tells who is next
        if (zkErrorName(error) === 'NO_NODE') this.list(session);
        else this.onError(error, 'read the leading master from');
        return;
      }
      // a node without data reads as null
      const url = masterUrlOfMember(lead, data ?? Buffer.alloc(0), this.options);
      if (url._tag === 'Left') this.fail(url.left);
      else this.setLeader({ member: lead, url: url.right }, '');
    });
  }

  private onError(error: unknown, what: string): void {
    const name = zkErrorName(error);
    if (TRANSIENT.has(name)) return; // the next connection lists the children again
    this.fail(
      new DetectorError(
        'ZOOKEEPER_FAILED',
        `ZooKeeper failed to ${what} ${this.url.path}: ${name}`,
        {
          zkCode: name,
          cause: error,
        },
      ),
    );
  }

  // ---- what the driver sees ----

  private setLeader(next: Leader | undefined, reason: string): void {
    const before = this.leader;
    this.leader = next;
    this.failure = undefined;
    const log = this.options.logger;
    if (next === undefined) log?.debug('ZooKeeper: no leading master', { reason });
    else if (before?.member.name !== next.member.name)
      log?.info('ZooKeeper: leading master', { master: next.url, node: next.member.name });
    for (const w of [...this.watches]) {
      if (w.member !== next?.member.name) {
        this.watches.delete(w);
        w.lost(next === undefined ? reason : `the leading master is now ${next.url}`);
      }
    }
    if (next === undefined) return;
    for (const w of this.waiters) w.resolve(next.url);
    this.waiters.clear();
  }

  private fail(error: DetectorError): void {
    this.setLeader(undefined, error.message);
    this.failure = error;
    this.options.logger?.warn('ZooKeeper master detection failed', {
      code: error.code,
      message: error.message,
    });
    for (const w of this.waiters) w.reject(error);
    this.waiters.clear();
  }
}

/**
 * A detector of the leading master through ZooKeeper, as Mesos masters publish it: each
 * master holds an ephemeral sequential node in the URL's folder (`json.info_0000000004`, its
 * `MasterInfo` as JSON), and the one with the smallest sequence leads.
 *
 * - Lazy: nothing connects before the first `next()`. One ZooKeeper session (10 s, digest
 *   authentication when the URL has credentials); the folder's children are watched.
 * - `next()` answers the leader's URL (`http://host:port`, or `https` with `scheme`), and
 *   waits while no master leads (or the folder does not exist yet). It rejects with a
 *   {@link DetectorError}: `INVALID_MASTER_INFO` when the leader's node holds no usable
 *   address, `ZOOKEEPER_FAILED` when ZooKeeper refuses (`NO_AUTH` …), `CLOSED` once closed.
 *   Hints are ignored: ZooKeeper, not a standby's 307, says who leads.
 * - `watch(master, lost)` calls `lost` once `master` no longer leads (another member leads,
 *   or none, or the session expired).
 * - A lost connection keeps the last leader until the session timeout passes; then (or when
 *   ZooKeeper says the session expired) no leader is known and a new session starts.
 * - `close()` settles a pending `next()` (`CLOSED`) and ends the session.
 *
 * Never writes to ZooKeeper.
 *
 * @example
 * ```ts
 * const parsed = parseZkUrl('zk://zk1:2181,zk2:2181,zk3:2181/mesos');
 * if (isRight(parsed)) {
 *   const driver = createDriver({
 *     master: zookeeperMasters(parsed.right),
 *     framework: { name: 'x', user: 'y' },
 *   });
 * }
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function zookeeperMasters(
  url: ZkUrl,
  options: ZookeeperMastersOptions = {},
): MasterDetector {
  return new ZooKeeperMasters(url, options);
}
