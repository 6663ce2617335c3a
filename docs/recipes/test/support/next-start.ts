import { nextCommand } from './recipe-next-app.js';
import type { GroupProcess } from './process-group.js';

/** `next start` serving the built recipe app. */
export interface NextStart {
  readonly process: GroupProcess;
  /** The server's origin (`http://127.0.0.1:PORT`), once it answers requests. */
  readonly ready: Promise<string>;
}

const LISTENING = /- Local:\s+(http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Runs `next start` on 127.0.0.1 with port 0 — Next listens on a free port and prints
 * it. `ready` rejects with Next's output if the process exits first or does not answer
 * within `timeoutMs`; stop the process either way.
 */
export function nextStart(env: Readonly<Record<string, string>>, timeoutMs = 30_000): NextStart {
  const group = nextCommand(['start', '--hostname', '127.0.0.1', '--port', '0'], env);
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start printed no address within ${timeoutMs} ms:\n${group.output()}`)), timeoutMs);
    group.child.stdout?.on('data', () => {
      const match = LISTENING.exec(group.output());
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1] as string);
    });
    void group.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`next start exited with ${code}:\n${group.output()}`));
    });
  });
  // Next prints the address before it has loaded the app: its first answer says it is ready.
  const ready = listening.then(async (origin) => {
    await fetch(`${origin}/`, { signal: AbortSignal.timeout(timeoutMs) });
    return origin;
  });
  return { process: group, ready };
}
