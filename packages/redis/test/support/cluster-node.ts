import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';

/** A one-node Redis Cluster: a `redis-server` in cluster mode that serves every slot. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
  /** Runs a command on the node (e.g. `CLUSTER KEYSLOT key`). */
  command(...args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Starts `redis-server --cluster-enabled yes` (from `PATH`) on a free loopback port
 * with its own temporary directory, gives it all 16384 slots, and resolves once the
 * cluster reports `cluster_state:ok`. Redis then enforces what Cluster does: a command
 * or script whose keys hash to two slots is refused (`CROSSSLOT`).
 */
export async function startClusterNode(): Promise<ClusterNode> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sinch-redis-cluster-'));
  const child: ChildProcess = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-announce-ip', '127.0.0.1'],
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`could not start redis-server (is it installed?): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  exited.catch(() => {});
  const admin = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: 50 } });
  admin.on('error', () => {});
  const close = async (): Promise<void> => {
    admin.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([admin.connect(), exited]);
    await admin.sendCommand(['CLUSTER', 'ADDSLOTSRANGE', '0', '16383']);
    const deadline = Date.now() + 10_000;
    while (!String(await admin.sendCommand(['CLUSTER', 'INFO'])).includes('cluster_state:ok')) {
      if (Date.now() > deadline) throw new Error('the one-node cluster did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { host: '127.0.0.1', port, command: (...args) => admin.sendCommand(args), close };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
