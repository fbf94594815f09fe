/**
 * What the ZooKeeper tests do as the Mesos masters would: a ZooKeeper client (promisified)
 * that creates the masters' folder and registers masters in it, as ephemeral sequential
 * `json.info_` nodes holding their MasterInfo as compact JSON with sorted keys.
 */
import { createHash } from 'node:crypto';
import * as zookeeper from 'node-zookeeper-client';
import type { DetectorLogger } from '../../src/detector';

/** The library's exceptions are Errors at run time, but not in its types. */
function asError(e: Error | zookeeper.Exception): Error {
  return e instanceof Error ? e : new Error(e.toString());
}

/** A connected ZooKeeper client with the calls the tests need. */
export class ZkKit {
  private constructor(readonly client: zookeeper.Client) {}

  /** Connects (optionally as a digest user) and resolves once the session is established. */
  static connect(connectString: string, digest?: string): Promise<ZkKit> {
    const client = zookeeper.createClient(connectString, {
      sessionTimeout: 10_000,
      spinDelay: 100,
    });
    if (digest !== undefined) client.addAuthInfo('digest', Buffer.from(digest));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no ZooKeeper session at ${connectString}`));
      }, 10_000);
      client.once('connected', () => {
        clearTimeout(timer);
        resolve(new ZkKit(client));
      });
      client.connect();
    });
  }

  /** Creates a folder and its parents (persistent), with the given ACL on the last one. */
  mkdirp(path: string, acl?: zookeeper.ACL[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (e: Error | zookeeper.Exception | null): void => {
        if (e === null) resolve();
        else reject(asError(e));
      };
      if (acl === undefined)
        this.client.mkdirp(path, (e) => {
          done(e);
        });
      else
        this.client.mkdirp(path, acl, zookeeper.CreateMode.PERSISTENT, (e) => {
          done(e);
        });
    });
  }

  /** Creates a node; resolves with its full path (with the sequence, for sequential nodes). */
  create(path: string, data: Buffer, mode: number, acl?: zookeeper.ACL[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = (e: Error | zookeeper.Exception | null, created: string): void => {
        if (e === null) resolve(created);
        else reject(asError(e));
      };
      if (acl === undefined) this.client.create(path, data, mode, done);
      else this.client.create(path, data, acl, mode, done);
    });
  }

  /** Registers a master as Mesos masters do: `<folder>/json.info_<sequence>`, ephemeral. */
  register(folder: string, info: object, acl?: zookeeper.ACL[]): Promise<string> {
    return this.create(
      `${folder}/json.info_`,
      Buffer.from(masterInfoJson(info)),
      zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
      acl,
    );
  }

  remove(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.remove(path, (e) => {
        if (e === null) resolve();
        else reject(asError(e));
      });
    });
  }

  /** Ends the session: its ephemeral nodes go away at once (when the server hears of it). */
  close(): Promise<void> {
    const client = this.client;
    if (client.getState() !== zookeeper.State.SYNC_CONNECTED) {
      // an expired or disconnected session: nothing to tell the server
      process.nextTick(() => {
        client.close();
      });
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      // a connection the test froze never answers: do not wait for it
      const timer = setTimeout(resolve, 1000);
      client.once('disconnected', () => {
        clearTimeout(timer);
        resolve();
      });
      client.close();
    });
  }
}

/** JSON with the keys of every object sorted and no whitespace, as Mesos writes MasterInfo. */
export function masterInfoJson(info: object): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(info));
}

/** The MasterInfo a master on 127.0.0.1:port publishes. */
export function loopbackMasterInfo(port: number, id = `master-${port}`): object {
  return {
    address: { hostname: 'localhost', ip: '127.0.0.1', port },
    capabilities: [{ type: 'AGENT_UPDATE' }, { type: 'AGENT_DRAINING' }, { type: 'QUOTA_V2' }],
    hostname: 'localhost',
    id,
    ip: 16777343, // 127.0.0.1: bytes 7f 00 00 01 read little-endian
    pid: `master@127.0.0.1:${port}`,
    port,
    version: '1.11.0',
  };
}

/** The ACL granting everything to one digest user (`user:password`) and nothing to others. */
export function digestOnly(userPassword: string): zookeeper.ACL[] {
  const user = userPassword.slice(0, userPassword.indexOf(':'));
  const hash = createHash('sha1').update(userPassword).digest('base64');
  return [
    new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id('digest', `${user}:${hash}`)),
  ];
}

/** A logger keeping every message, so tests can wait for what the detector saw. */
export function recordingLogger(): DetectorLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string, details?: Readonly<Record<string, unknown>>): void => {
    lines.push(details === undefined ? message : `${message} ${JSON.stringify(details)}`);
  };
  return { lines, debug: keep, info: keep, warn: keep };
}

/** Polls until `check` holds, failing after `ms`. */
export async function until(
  check: () => boolean,
  what: string | (() => string),
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Whether a promise has settled, without waiting for it. */
export function tracked<T>(p: Promise<T>): {
  readonly settled: () => boolean;
  readonly promise: Promise<T>;
} {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  return { settled: () => done, promise: p };
}
