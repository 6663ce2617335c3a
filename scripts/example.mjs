// A one-minute tour of @sinch-inbounds/core: sign a sample callback the way Sinch does,
// verify it, parse it into a typed message. Run with `pnpm example`.
import { parseCallback, signWebhook, verifyWebhook, isInboundMessage } from '@sinch-inbounds/core';

const secret = 'KayakingTheSwell';
const body = JSON.stringify({
  id: '01W4FFL35P4NC4K35SMSBATCH8',
  type: 'mo_text',
  from: '12015555555',
  to: '12017777777',
  body: 'Hello John! 👋',
  received_at: '2024-06-06 07:52:37+00:00',
});
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
