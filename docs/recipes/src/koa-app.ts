import Koa from 'koa';
import { createWebhookReceiver } from '@sinch-inbounds/core';
import { sinchKoa } from './sinch-koa.js';

const receiver = createWebhookReceiver({ secret: process.env.SINCH_WEBHOOK_SECRET });
receiver.on('mo_text', async (sms) => console.log(`${sms.from}: ${sms.body}`));

const app = new Koa();
app.use(sinchKoa(receiver));
app.listen(3000);
