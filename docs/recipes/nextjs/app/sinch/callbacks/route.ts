import { createWebhookReceiver } from '@sinch-inbounds/core';
import { sinchRouteHandlers } from '../../../lib/sinch-route-handlers';

const receiver = createWebhookReceiver({ secret: process.env.SINCH_WEBHOOK_SECRET });
receiver.on('mo_text', async (sms) => console.log(`${sms.from}: ${sms.body}`));

export const { POST, GET, PUT, PATCH, DELETE } = sinchRouteHandlers(receiver);
