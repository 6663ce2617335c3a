import type { InboundMessage, RecipientDeliveryReport, TextBatch } from '@sinch-inbounds/core';
import { describe, expect, it } from 'vitest';
import { ReplyStore, type Reply } from '../src/conversations/reply-store.js';

const inbound: InboundMessage = { id: 'IN1', type: 'mo_text', from: '+12015550123', to: '12017777777', body: 'hi', received_at: new Date(0) };
const batch: TextBatch = { id: 'B1', type: 'mt_text', to: ['+12015550123'], created_at: new Date(1000) };
const report = (status: string, code: number): RecipientDeliveryReport => ({
  type: 'recipient_delivery_report_sms',
  batch_id: 'B1',
  recipient: '+12015550123',
  status,
  code,
  at: new Date(2000),
});

describe('ReplyStore', () => {
  it('follows a reply from Sent to Delivered, and tells listeners of each change', () => {
    const store = new ReplyStore();
    const heard: string[] = [];
    store.onChange((r) => heard.push(r.status));
    const reply = store.add(batch, inbound, 'hello back');
    expect(reply).toMatchObject({ batch_id: 'B1', inbound_id: 'IN1', from: '12017777777', to: '+12015550123', status: 'Sent', final: false });
    store.applyReport(report('Queued', 400));
    store.applyReport(report('Dispatched', 401));
    const last = store.applyReport(report('Delivered', 0));
    expect(last).toMatchObject({ status: 'Delivered', code: 0, final: true });
    expect(heard).toEqual(['Sent', 'Queued', 'Dispatched', 'Delivered']);
  });

  it('keeps a report that came before reply() resolved, and never goes back to an earlier status', () => {
    const store = new ReplyStore();
    expect(store.applyReport(report('Queued', 400))).toBeUndefined();
    expect(store.applyReport(report('Aborted', 402))).toBeUndefined();
    const reply: Reply = store.add(batch, inbound, 'hello back');
    expect(reply).toMatchObject({ status: 'Aborted', code: 402, final: true });
    expect(store.applyReport(report('Dispatched', 401))).toBeUndefined();
    expect(store.list()[0]!.status).toBe('Aborted');
  });
});
