/**
 * One ZooKeeper session of a detector: the client, its authentication, a liveness check, and
 * when the session must be given up.
 *
 * @module
 */
import * as zookeeper from 'node-zookeeper-client';
import { interval, type SchedulerLike, type Subscription } from 'rxjs';
import type { DetectorLogger } from './detector-logger';
import type { ZkUrl } from './zk-url';

/**
 * What a {@link ZkConnection} tells its owner.
 *
 * @example
 * ```ts
 * const events: ZkConnectionEvents = {
 *   connected: () => list(),
 *   expired: (reason) => startAgain(reason),
 *   authFailed: () => giveUp(),
 * };
 * ```
 */
export interface ZkConnectionEvents {
  /** Connected, the first time or again (watches may have missed changes: list again). */
  readonly connected: () => void;
  /** The session is over: expired, or no connection for its whole timeout. */
  readonly expired: (reason: string) => void;
  /** ZooKeeper refused the credentials. */
  readonly authFailed: () => void;
}

/** The client's pause after every server of the ensemble refused a connection. */
const SPIN_DELAY_MS = 500;

/**
 * Drops the client's TCP connection; the client then reconnects in the same session, as
 * ZooKeeper clients do when a server stops answering. node-zookeeper-client (1.1.3, pinned)
 * has no read timeout of its own and offers no call for this, hence the reach inside.
 */
function dropConnection(client: zookeeper.Client): void {
  const inner = client as unknown as {
    readonly connectionManager?: { readonly socket?: { destroy(): void } };
  };
  inner.connectionManager?.socket?.destroy();
}

/**
 * A ZooKeeper session for reading (a detector creates no nodes).
 *
 * - Digest credentials are added before connecting, so every connection authenticates first.
 * - While connected, a request goes out every third of the session timeout; when one is not
 *   answered within two thirds, the connection is dropped and made again (a server that
 *   stopped answering on an open connection would otherwise go unnoticed). While connecting,
 *   a connection that got no session within the session timeout divided by the number of
 *   servers is dropped too, and the next server tried, as ZooKeeper's own clients do.
 * - Without a connection for the whole session timeout the session counts as expired, as the
 *   Mesos detector counts it: ZooKeeper itself says so only once it is reachable again.
 * - `close()` ends the session and stops every timer of its own.
 *
 * @example
 * ```ts
 * const connection = new ZkConnection(url, 10_000, asyncScheduler, events, undefined);
 * connection.client.getChildren(url.path, (error, children) => console.log(error, children));
 * connection.close();
 * ```
 */
export class ZkConnection {
  readonly client: zookeeper.Client;
  private open = true;
  private lossTimer: Subscription | undefined;
  private probe: Subscription | undefined;
  private handshake: Subscription | undefined;
  /** Probe periods the last liveness request has been waiting for its answer (0: none). */
  private waiting = 0;

  constructor(
    private readonly url: ZkUrl,
    sessionTimeoutMs: number,
    private readonly scheduler: SchedulerLike,
    private readonly events: ZkConnectionEvents,
    private readonly logger: DetectorLogger | undefined,
  ) {
    this.client = zookeeper.createClient(url.servers.map((s) => `${s.host}:${s.port}`).join(','), {
      sessionTimeout: sessionTimeoutMs,
      spinDelay: SPIN_DELAY_MS,
      retries: 0,
    });
    const credentials = url.credentials;
    if (credentials !== undefined)
      this.client.addAuthInfo(
        credentials.scheme,
        Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8'),
      );
    this.client.on('state', (state) => {
      this.onState(state);
    });
    this.client.connect();
    this.notConnected(sessionTimeoutMs);
  }

  /** Whether the session is still in use (not closed, not given up). */
  get isOpen(): boolean {
    return this.open;
  }

  /** Ends the session (ZooKeeper is told when it can be) and stops the timers. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.stopTimers();
    const client = this.client;
    // the client's socket is made on the next tick of connect(): close after it
    process.nextTick(() => {
      try {
        client.close(); // sends the end of the session when connected
      } catch {
        // nothing was open
      }
      dropConnection(client); // the request is already written: do not wait for the server
    });
  }

  private stopTimers(): void {
    this.lossTimer?.unsubscribe();
    this.lossTimer = undefined;
    this.handshake?.unsubscribe();
    this.handshake = undefined;
    this.probe?.unsubscribe();
    this.probe = undefined;
    this.waiting = 0;
  }

  /** Not connected (yet, or any more): watch the attempts and the time without a session. */
  private notConnected(sessionTimeoutMs: number): void {
    this.probe?.unsubscribe();
    this.probe = undefined;
    this.waiting = 0;
    const attempt = Math.max(50, Math.floor(sessionTimeoutMs / this.url.servers.length));
    this.handshake ??= interval(attempt, this.scheduler).subscribe(() => {
      // a server that took the connection but does not answer it (one still starting …)
      dropConnection(this.client);
    });
    this.lossTimer ??= this.scheduler.schedule(() => {
      this.lossTimer = undefined;
      if (this.open) this.events.expired('no connection to ZooKeeper for the session timeout');
    }, sessionTimeoutMs);
  }

  private onState(state: zookeeper.State): void {
    if (!this.open) return;
    const log = this.logger;
    if (state === zookeeper.State.SYNC_CONNECTED || state === zookeeper.State.CONNECTED_READ_ONLY) {
      this.stopTimers();
      log?.debug('ZooKeeper connected', { zookeeper: this.url.display });
      this.startProbe();
      this.events.connected();
    } else if (state === zookeeper.State.DISCONNECTED) {
      log?.debug('ZooKeeper connection lost', { zookeeper: this.url.display });
      this.notConnected(this.client.getSessionTimeout());
    } else if (state === zookeeper.State.EXPIRED) {
      this.events.expired('the ZooKeeper session expired');
    } else if (state === zookeeper.State.AUTH_FAILED) {
      this.events.authFailed();
    }
  }

  private startProbe(): void {
    const period = Math.max(50, Math.floor(this.client.getSessionTimeout() / 3));
    this.probe = interval(period, this.scheduler).subscribe(() => {
      if (this.waiting > 0) {
        this.waiting++;
        if (this.waiting > 2) {
          this.logger?.debug('ZooKeeper stopped answering: reconnecting', {
            zookeeper: this.url.display,
          });
          this.waiting = 0;
          dropConnection(this.client);
        }
        return;
      }
      this.waiting = 1;
      this.client.exists(this.url.path, () => {
        this.waiting = 0;
      });
    });
  }
}
