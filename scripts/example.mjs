// A one-minute tour of @sinch-inbounds/core: sign a sample callback the way Sinch does,
// verify it, parse it into a typed message. Run with `pnpm example`. The sample is the
// SPEC §5 webhook from @sinch-inbounds/testing's fixtures (usable in your own tests too).
import { parseCallback, signWebhook, verifyWebhook, isInboundMessage } from '@sinch-inbounds/core';
import { fixtures } from '@sinch-inbounds/testing';

const secret = fixtures.webhookSecret;
// With the timestamp in another format Sinch really sends (space, +00:00 offset):
// parsing turns it into the same Date.
const body = JSON.stringify({ ...fixtures.moTextWebhook, received_at: '2024-06-06 07:52:37+00:00' });
const headers = signWebhook({ secret, body });
console.log('headers Sinch would send:', headers);

const verdict = verifyWebhook({ secret, headers, body: Buffer.from(body) });
console.log('verifyWebhook:', verdict);
const tampered = verifyWebhook({ secret, headers, body: body.replace('John', 'Jane') });
console.log('verifyWebhook on a tampered body:', tampered);

const callback = parseCallback(body);
if (isInboundMessage(callback) && callback.type === 'mo_text') {
  console.log(`${callback.type} from ${callback.from} at ${callback.received_at.toISOString()}: ${callback.body}`);
}
if (!verdict.ok || tampered.ok) process.exit(1);
