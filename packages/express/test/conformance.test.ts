// The Express middleware, on Express 5 and Express 4, held to the adapter contract.
import { adapterConformance, type StartAdapter } from '@sinch-inbounds/testing';
import { describe, it } from 'vitest';
import { sinchWebhook } from '../src/index.js';
import { EXPRESSES, serve } from './helpers.js';

describe.each(EXPRESSES)('%s meets the adapter contract', (_name, express) => {
  const mount =
    (behindJson: boolean): StartAdapter =>
    async (receiver) => {
      const app = express();
      // The mistake the kit's opt-in case is about: a JSON parser that keeps no raw copy.
      if (behindJson) app.use(express.json());
      // all(): so that other methods reach the middleware and its 405.
      app.all('/sinch/callbacks', sinchWebhook(receiver));
      const server = await serve(app);
      return { url: `${server.url}/sinch/callbacks`, close: server.close };
    };
  for (const c of adapterConformance({ start: mount(false), consumedBody: mount(true) })) it(c.name, c.run);
});
