import { tracingChannel } from 'node:diagnostics_channel';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createWebhookReceiver, DIAGNOSTICS_CHANNELS, type WebhookDiagnostic } from '../../src/index.js';
import { moText, NOW, RECIPIENT_DR, SECRET, signed, silentLogger } from '../receiver/fixtures.js';

const finished: WebhookDiagnostic[] = [];
const channel = tracingChannel<unknown, WebhookDiagnostic>(DIAGNOSTICS_CHANNELS.webhook);
const subscribers = { start() {}, end() {}, asyncStart() {}, error() {}, asyncEnd: (m: WebhookDiagnostic) => finished.push({ ...m }) };
channel.subscribe(subscribers);
afterEach(() => {
  finished.length = 0;
});
afterAll(() => channel.unsubscribe(subscribers));

it('names the status and the batch of a per-recipient delivery report, and no status for anything else', async () => {
  const receiver = createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW });
  receiver.on('*', () => {});
  const failed = RECIPIENT_DR.replace('"status":"Delivered"', '"status":"Failed"').replace('"code":0', '"code":402');
  const summary = JSON.stringify({ type: 'delivery_report_sms', batch_id: 'B2', total_message_count: 1, statuses: [{ code: 0, status: 'Delivered', count: 1 }] });
  for (const body of [RECIPIENT_DR, failed, moText(), summary]) {
    const res = await receiver.handle({ method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body });
    expect(res.status).toBe(200);
  }
  expect(finished.map((m) => [m.callbackType, m.callbackId, m.deliveryStatus])).toEqual([
    ['recipient_delivery_report_sms', '01JHFFHQ0P99JPPNQPJDV7JTBP', 'Delivered'],
    ['recipient_delivery_report_sms', '01JHFFHQ0P99JPPNQPJDV7JTBP', 'Failed'],
    ['mo_text', '01W4FFL35P4NC4K35SMSBATCH8', undefined],
    ['delivery_report_sms', 'B2', undefined],
  ]);
});
