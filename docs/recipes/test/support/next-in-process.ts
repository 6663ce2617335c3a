import type { RequestListener } from 'node:http';
import { createRequire } from 'node:module';
import { APP_DIR } from './recipe-next-app.js';

// `require('next')` is the server factory itself; its types describe it as the default
// export, which an ES module's default import of `next` would not find under NodeNext.
const next = createRequire(import.meta.url)('next') as typeof import('next').default;

/** Next's production server for the built recipe app, running in this process. */
export interface InProcessNext {
  /** Next's request handler, to serve on any Node HTTP server. */
  readonly listener: RequestListener;
  close(): Promise<void>;
}

/**
 * Loads the built app (`.next` of {@link APP_DIR}) into Next's production server through
 * `next()`, Next's documented custom-server entry, which sets up the same request
 * handling `next start` does. In this process, so a route can reach objects of the test.
 */
export async function nextInProcess(): Promise<InProcessNext> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const app = next({ dev: false, dir: APP_DIR, hostname: '127.0.0.1', quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { listener: (req, res) => void handle(req, res), close: () => app.close() };
}
