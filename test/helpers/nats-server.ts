import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type JetStreamManager, jetstreamManager, type StoredMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort } from './free-port.js';
import { until } from './until.js';

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
export const MACHINE_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * Why NATS tests cannot run here, or false. Outside CI they are skipped loudly when no
 * server answers / no binary exists; in CI (CI=true) that fails the run instead — .ci/run
 * starts the machine's server first.
 */
export async function natsSkipReason(what: 'machine' | 'binary'): Promise<string | false> {
  let why: string | null = null;
  if (what === 'binary') {
    if (!fs.existsSync(NATS_SERVER_BIN)) why = `no ${NATS_SERVER_BIN}`;
  } else {
    const url = new URL(MACHINE_NATS_URL.replace(/^nats:/, 'http:'));
    if (!(await answers(Number(url.port || 4222), url.hostname))) why = `nothing answers at ${MACHINE_NATS_URL}`;
  }
  if (why === null) return false;
  if (process.env.CI === 'true') throw new Error(`NATS is required in CI: ${why}`);
  const reason = `NATS suite SKIPPED: ${why}`;
  process.stderr.write(`\n*** ${reason} ***\n`);
  return reason;
}

function answers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A nats-server of the test's own (JetStream, a temp store), which the test may kill and restart. */
export class OwnNatsServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  static async start(): Promise<OwnNatsServer> {
    const server = new OwnNatsServer(await freePort(), fs.mkdtempSync(path.join(os.tmpdir(), 'onec-sync-nats-')));
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Start (again) on the same port and store: JetStream keeps its streams. */
  async restart(): Promise<void> {
    this.child = spawn(NATS_SERVER_BIN, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], { stdio: 'ignore' });
    await until(`nats-server answers on port ${this.port} again`, () => answers(this.port), { timeoutMs: 10_000, everyMs: 50 });
  }

  /** SIGKILL: a crash, not a shutdown. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** A manager connection for reading what a stream holds. */
export async function streamReader(
  url: string,
): Promise<{ nc: NatsConnection; jsm: JetStreamManager; messages(stream: string): Promise<StoredMsg[]>; close(): Promise<void> }> {
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  return {
    nc,
    jsm,
    async messages(stream) {
      const info = await jsm.streams.info(stream);
      const out: StoredMsg[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const message = await jsm.streams.getMessage(stream, { seq });
        if (message) out.push(message);
      }
      return out;
    },
    close: () => nc.close(),
  };
}
