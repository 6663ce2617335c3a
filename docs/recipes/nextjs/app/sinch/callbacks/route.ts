import { createWebhookReceiver } from '@sinch-inbounds/core';
import { sinchRouteHandlers } from '../../../lib/sinch-route-handlers';

export const { POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE } = sinchRouteHandlers(() => {
  const receiver = createWebhookReceiver({ secret: process.env.SINCH_WEBHOOK_SECRET });
  receiver.on('mo_text', async (sms) => console.log(`${sms.from}: ${sms.body}`));
  return receiver;
});
