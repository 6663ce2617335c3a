// Setup of vitest.web.config.ts: refuses to run when the swap to the web modules is not
// in effect, so `pnpm test:web` cannot pass on Node's modules by mistake.
import { platformCrypto } from '../../src/platform/crypto.js';

if (!(platformCrypto.sha256('web?') instanceof Promise)) {
  throw new Error('vitest.web.config.ts: src/platform/crypto.js was not swapped for crypto.web.ts');
}
