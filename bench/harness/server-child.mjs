// The HTTP benchmarks run their servers in a child process and the load generator in
// the parent, so autocannon does not steal the server's core (the machine has 2). The
// same bench file is both: forked with the argument `server`, it serves; the parent
// talks to it over IPC with ask(), one request and one reply at a time.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** True in the forked server child of a benchmark file. */
export function isServerChild() {
  return process.argv[2] === 'server';
}

/**
 * Forks the benchmark file at `fileUrl` (pass `import.meta.url`) as its server child and
 * waits for its first message (typically the ports it listens on).
 * @param {string} fileUrl
 * @returns {Promise<{ ready: any, ask: (msg: string) => Promise<any>, close: () => void }>}
 */
export async function forkServerChild(fileUrl) {
  const child = fork(fileURLToPath(fileUrl), ['server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A child that dies must fail the benchmark, not leave it waiting for a reply forever.
  const exited = once(child, 'exit').then(([code, signal]) => {
    throw new Error(`benchmark server child exited (${code ?? signal})`);
  });
  exited.catch(() => {});
  const nextMessage = () => Promise.race([once(child, 'message').then(([msg]) => msg), exited]);
  const ready = await nextMessage();
  return {
    ready,
    ask: async (msg) => {
      child.send(msg);
      return nextMessage();
    },
    close: () => {
      if (child.connected) child.send('exit');
    },
  };
}

/**
 * In the server child: answers the parent's ask(msg) with `await handlers[msg]()`, exits
 * on 'exit', then sends `ready` (e.g. `{ ports }`) as the first message.
 * @param {Record<string, () => unknown>} handlers
 * @param {unknown} ready
 */
export function serveParent(handlers, ready) {
  process.on('message', async (msg) => {
    if (msg === 'exit') process.exit(0);
    const handler = handlers[msg];
    if (handler === undefined) throw new Error(`benchmark server child: unknown message ${JSON.stringify(msg)}`);
    process.send(await handler());
  });
  process.send(ready);
}
