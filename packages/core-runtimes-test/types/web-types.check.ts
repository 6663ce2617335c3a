// Type-checked with tsconfig.web.json (a Workers project's settings: bundler resolution,
// the `workerd` condition): the types a Workers, Deno or Bun user gets from core's
// package exports are the web build's, with async signature functions.
import {
  computeSignature,
  createWebhookReceiver,
  InboundsClient,
  signWebhook,
  verifyWebhook,
  type MoText,
  type VerifyWebhookResult,
} from '@sinch-inbounds/core';

export async function webTypes(request: Request): Promise<Response> {
  const verdict: Promise<VerifyWebhookResult> = verifyWebhook({ secret: 's', headers: request.headers, body: '' });
  const headers: Promise<Record<string, string>> = signWebhook({ secret: 's', body: '' });
  const signature: Promise<string> = computeSignature('s', '', 'n', '1');
  // @ts-expect-error the web verifyWebhook's result is a Promise, not a verdict
  const notSync: VerifyWebhookResult = verifyWebhook({ secret: 's', headers: request.headers, body: '' });
  void [verdict, headers, signature, notSync];
  const receiver = createWebhookReceiver({ secret: 's' });
  receiver.on('mo_text', (sms: MoText) => void sms.body);
  void new InboundsClient({ servicePlanId: 'p', apiToken: 't' });
  return receiver.fetch(request);
}
