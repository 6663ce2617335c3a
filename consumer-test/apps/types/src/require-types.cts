// A CommonJS file of a `nodenext` project: `import` compiles to `require()`, so these
// resolve through each package's `require` condition to its .d.cts declarations.
import { createWebhookReceiver, InboundParseError, parseCallback } from '@sinch-inbounds/core';
import { sinchWebhook } from '@sinch-inbounds/express';
import { fixtures, signedCallbackHeaders } from '@sinch-inbounds/testing';

const receiver = createWebhookReceiver({ secret: 's' });
export const middleware = sinchWebhook(receiver);
export const headers: Record<string, string> = signedCallbackHeaders(JSON.stringify(fixtures.moText), { secret: 's' });
export const isParseError = (error: unknown): boolean => error instanceof InboundParseError;
export const parsed = parseCallback(fixtures.moText);
