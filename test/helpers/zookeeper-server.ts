/**
 * A private ZooKeeper server for a test file: Debian's `zookeeper` package run directly with
 * java, with its data in a temporary folder, reached on a stable loopback port.
 *
 * The stable port is a relay in this process in front of the server: it listens only while
 * the server is ready (a client never meets a server that is still starting, which takes a
 * connection and never answers it), and it lets tests cut or freeze the clients' connections.
 * The server can be stopped and started again (connection loss; with `wipe`, every session
 * and node is gone).
 *
 * Tests that need it are declared with `describeWithZooKeeper`: without ZooKeeper installed
 * they are skipped with the reason in their title, or fail when RXMESOS_REQUIRE_ZOOKEEPER=1
 * (CI installs ZooKeeper and sets it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const CLASSPATH = [ZOOKEEPER_JAR, '/usr/share/java/slf4j-simple.jar'].join(':');
const READY_WITHIN_MS = 30_000;

/** Why ZooKeeper cannot run here, or undefined when it can. */
export function zooKeeperMissing(): string | undefined {
  if (!fs.existsSync(ZOOKEEPER_JAR))
    return `${ZOOKEEPER_JAR} is missing (apt-get install zookeeper)`;
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error !== undefined || java.status !== 0) return 'java is not on the PATH';
  return undefined;
}

/**
 * `describe` for tests against a real ZooKeeper server. When it is not installed the block
 * is skipped (its title says why), unless RXMESOS_REQUIRE_ZOOKEEPER=1, when one test fails
 * with the reason instead.
 */
export function describeWithZooKeeper(name: string, body: () => void): void {
  const missing = zooKeeperMissing();
  if (missing === undefined) {
    describe(name, body);
  } else if (process.env['RXMESOS_REQUIRE_ZOOKEEPER'] === '1') {
    describe(name, () => {
      it('needs a ZooKeeper server', () => {
        throw new Error(`ZooKeeper is required (RXMESOS_REQUIRE_ZOOKEEPER=1) but ${missing}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ZooKeeper is not installed: ${missing}]`, body);
  }
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server, 0);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends a four-letter command and returns the answer ('' when there is none). */
function fourLetters(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.end(command));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      resolve(answer);
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type Pair = readonly [client: net.Socket, server: net.Socket];

/** A running private ZooKeeper server. */
export class ZooKeeperServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private backendPort = 0;
  private readonly relay = net.createServer((socket) => {
    this.accept(socket);
  });
  private readonly pairs = new Set<Pair>();
  /** Sockets left hanging by `hang()`, ended when the server stops. */
  private readonly held = new Set<net.Socket>();
  /** Hung: new connections are taken and never answered. */
  private hung = false;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** Starts a server and resolves once it answers `ruok` with `imok`. */
  static async start(): Promise<ZooKeeperServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmesos-zk-'));
    const server = new ZooKeeperServer(await freePort(), dir);
    await server.launch();
    return server;
  }

  /** How many client connections are open (not counting those `hang()` froze). */
  get connections(): number {
    return this.pairs.size;
  }

  /** `127.0.0.1:port`: the connection string of this server. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.hung) {
      this.held.add(client); // taken, never answered
      return;
    }
    const server = net.connect({ host: '127.0.0.1', port: this.backendPort });
    server.on('error', () => undefined);
    const pair: Pair = [client, server];
    this.pairs.add(pair);
    client.pipe(server);
    server.pipe(client);
    const end = (): void => {
      client.destroy();
      server.destroy();
      this.pairs.delete(pair);
    };
    client.on('close', end);
    server.on('close', end);
  }

  private async launch(): Promise<void> {
    this.backendPort = await freePort();
    const data = path.join(this.dir, 'data');
    fs.mkdirSync(data, { recursive: true });
    const cfg = path.join(this.dir, 'zoo.cfg');
    fs.writeFileSync(
      cfg,
      [
        // a short tick lets tests ask for sessions down to 1 s (2 ticks) and up to 10 s (20)
        'tickTime=500',
        'initLimit=10',
        'syncLimit=5',
        `dataDir=${data}`,
        `clientPort=${this.backendPort}`,
        'clientPortAddress=127.0.0.1',
        'maxClientCnxns=0',
        'admin.enableServer=false',
        '4lw.commands.whitelist=ruok,srvr,stat,cons',
        '',
      ].join('\n'),
    );
    const log = fs.openSync(path.join(this.dir, 'zk.log'), 'a');
    const child = spawn(
      'java',
      [
        '-Xmx128m',
        '-XX:TieredStopAtLevel=1',
        '-cp',
        CLASSPATH,
        'org.apache.zookeeper.server.ZooKeeperServerMain',
        cfg,
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    const deadline = Date.now() + READY_WITHIN_MS;
    while ((await fourLetters(this.backendPort, 'ruok')) !== 'imok') {
      if (child.exitCode !== null || Date.now() > deadline) {
        const text = fs.readFileSync(path.join(this.dir, 'zk.log'), 'utf8');
        await this.kill();
        throw new Error(`ZooKeeper did not start:\n${text.slice(-3000)}`);
      }
      await sleep(50);
    }
    this.hung = false;
    await listen(this.relay, this.port);
  }

  private async kill(): Promise<void> {
    const closed = this.relay.listening
      ? new Promise((resolve) => this.relay.close(resolve))
      : Promise.resolve();
    for (const socket of [...[...this.pairs].flat(), ...this.held]) socket.destroy();
    this.pairs.clear();
    this.held.clear();
    await closed;
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    // a clean shutdown (SIGTERM) keeps every acknowledged change; SIGKILL if it hangs
    child.kill('SIGTERM');
    const hung = setTimeout(() => child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(hung);
  }

  /**
   * The server stops answering without closing anything, as when the network path to it
   * dies silently: open connections carry nothing more either way, and with `newConnections`
   * new ones are taken and never answered too (otherwise they work).
   */
  hang(options: { readonly newConnections?: boolean } = {}): void {
    for (const [client, server] of this.pairs) {
      client.unpipe(server);
      server.unpipe(client);
      client.pause();
      server.pause();
      client.removeAllListeners('close');
      server.removeAllListeners('close');
      this.held.add(client);
      this.held.add(server);
    }
    this.pairs.clear();
    this.hung = options.newConnections === true;
  }

  /** New connections are answered again (the frozen ones stay frozen). */
  recover(): void {
    this.hung = false;
  }

  /** Stops the server (its clients lose their connection; their sessions live on in its data). */
  async stop(): Promise<void> {
    await this.kill();
  }

  /** Starts the server again with the same data, or with none (`wipe`: every session gone). */
  async restart(options: { readonly wipe?: boolean } = {}): Promise<void> {
    await this.kill();
    if (options.wipe === true)
      fs.rmSync(path.join(this.dir, 'data'), { recursive: true, force: true });
    await this.launch();
  }

  /** Stops the server for good and removes its folder. */
  async destroy(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
