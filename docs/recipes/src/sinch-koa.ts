import type { Middleware } from 'koa';
import type { WebhookReceiver } from '@sinch-inbounds/core';

/** Koa middleware that hands the Sinch webhook route to core's receiver; other paths pass through. */
export function sinchKoa(receiver: WebhookReceiver, path = '/sinch/callbacks'): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== path) return next();
    // A body parser mounted first may have kept the raw text (ctx.request.rawBody); else the receiver reads the stream.
    const response = await receiver.handleNode(ctx.req, (ctx.request as { rawBody?: unknown }).rawBody);
    if (response === undefined) return void (ctx.respond = false); // the client went away mid-body
    ctx.set(response.headers);
    ctx.status = response.status;
    ctx.body = response.body;
  };
}
