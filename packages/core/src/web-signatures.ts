// Declarations only: what the web build's types add to the Node build's. dist/web.d.ts
// re-exports the Node declarations and these three on top (see tsup.config.ts), rather
// than a second copy of every type. Web Crypto makes them async.
export { computeSignature, signWebhook } from './signature/sign.web.js';
export { verifyWebhook } from './signature/verify.web.js';
