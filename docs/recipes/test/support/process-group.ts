import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';

/** A child process leading its own process group, so stopping it stops what it started too. */
export interface GroupProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<GroupProcess>();
// A test run that ends without reaching its afterAll (a crash, an exit) still leaves no process behind.
process.once('exit', () => {
  for (const group of running) signalGroup(group.child, 'SIGKILL');
});

/** Spawns `command` as the leader of a new process group (`detached`), recording its output. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const record = (chunk: Buffer): void => void (output += chunk.toString('utf8'));
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const exited = once(child, 'exit').then(([code, signal]: unknown[]) => (typeof code === 'number' ? code : String(signal)));
  const group: GroupProcess = {
    child,
    output: () => output,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(child, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // The leader may exit before the rest of its group: whatever is left gets no grace.
      signalGroup(child, 'SIGKILL');
      running.delete(group);
    },
  };
  running.add(group);
  return group;
}

/** Whether a process of the group led by `pid` is still alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the whole group is gone already.
  }
}
