// The web build's entry (Workers, Deno, Bun, browsers, edge functions): everything the
// Node entry exports, built with platform/*.web.ts (see tsup.config.ts). Only the
// signature functions differ in their types: Web Crypto is asynchronous, so they
// return Promises here.
export * from './index.js';
export { computeSignature, signWebhook } from './signature/sign.web.js';
export { verifyWebhook } from './signature/verify.web.js';
