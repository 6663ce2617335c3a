// The README's Hono example, verbatim: the same app runs on Cloudflare Workers and on
// Bun. `env(c)` reads the secret from the Workers binding or the process environment,
// whichever the runtime has.
import { Hono } from 'hono';
import { env } from 'hono/adapter';
import { createWebhookReceiver, type WebhookReceiver } from '@sinch-inbounds/core';

function sinchReceiver(secret: string): WebhookReceiver {
  const receiver = createWebhookReceiver({ secret });
  receiver.on('mo_text', async (sms) => console.log(`${sms.from}: ${sms.body}`));
  return receiver;
}

let receiver: WebhookReceiver | undefined;
const app = new Hono();
// all(), not post(): any other method gets the receiver's 405 with Allow: POST.
app.all('/sinch/callbacks', (c) =>
  (receiver ??= sinchReceiver(env<{ SINCH_WEBHOOK_SECRET: string }>(c).SINCH_WEBHOOK_SECRET)).fetch(c.req.raw),
);

export default app;
