import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createWebhookReceiver,
  type AnyDeliveryReport,
  type InboundMessage,
  type MoMedia,
  type RecipientDeliveryReport,
  type SinchCallback,
  type UnknownCallback,
  type WebhookContext,
  type WebhookReceiverError,
} from '../../src/index.js';
import { moText, NOW, RECIPIENT_DR, SECRET, signed, silentLogger } from './fixtures.js';

const receiver = () => createWebhookReceiver({ secret: SECRET, logger: silentLogger, now: () => NOW, dedupe: false });

describe('on()', () => {
  it('narrows handler payloads by event name', () => {
    const r = receiver();
    r.on('mo_media', (m) => {
      expectTypeOf(m).toEqualTypeOf<MoMedia>();
    });
    r.on('recipient_delivery_report_sms', (m) => {
      expectTypeOf(m).toMatchTypeOf<RecipientDeliveryReport>();
    });
    r.on('inbound', (m) => {
      expectTypeOf(m).toEqualTypeOf<InboundMessage>();
    });
    r.on('delivery_report', (m) => {
      expectTypeOf(m).toEqualTypeOf<AnyDeliveryReport>();
    });
    r.on('unknown', (m) => {
      expectTypeOf(m).toEqualTypeOf<UnknownCallback>();
    });
    r.on('*', (m, ctx) => {
      expectTypeOf(m).toEqualTypeOf<SinchCallback>();
      expectTypeOf(ctx).toEqualTypeOf<WebhookContext>();
    });
    r.on('error', (e) => {
      expectTypeOf(e).toEqualTypeOf<WebhookReceiverError>();
    });
  });

  it('runs exact type, then group, then "*" handlers, each with the raw body and headers', async () => {
    const r = receiver();
    const order: string[] = [];
    r.on('*', () => void order.push('*'));
    r.on('delivery_report', () => void order.push('group'));
    r.on('recipient_delivery_report_sms', (dr, ctx) => {
      order.push('exact');
      expect(Buffer.from(ctx.rawBody).toString()).toBe(RECIPIENT_DR);
      expect(ctx.headers['content-type' as never]).toBe('application/json');
      expect(ctx.nonce).toBeTypeOf('string');
      expect(ctx.dedupeKey).toBeUndefined();
      expect(dr.at).toBeInstanceOf(Date);
    });
    r.on('mo_text', () => void order.push('wrong'));
    r.on('inbound', () => void order.push('wrong'));
    const res = await r.handle({ method: 'POST', headers: signed(RECIPIENT_DR), body: RECIPIENT_DR });
    expect(res.status).toBe(200);
    expect(order).toEqual(['exact', 'group', '*']);
  });

  it('runs several handlers per event, and unsubscribe removes exactly one registration', async () => {
    const r = receiver();
    const calls: string[] = [];
    const h = () => void calls.push('h');
    const off1 = r.on('mo_text', h);
    r.on('mo_text', h);
    r.on('mo_text', () => void calls.push('other'));
    const post = async () => {
      const body = moText();
      await r.handle({ method: 'POST', headers: signed(body), body });
    };
    await post();
    expect(calls).toEqual(['h', 'h', 'other']);
    off1();
    off1();
    calls.length = 0;
    await post();
    expect(calls).toEqual(['h', 'other']);
  });

  it('an unsubscribe during dispatch does not disturb that dispatch', async () => {
    const r = receiver();
    const calls: string[] = [];
    const off = r.on('mo_text', () => {
      calls.push('a');
      offB();
    });
    const offB = r.on('mo_text', () => void calls.push('b'));
    const body = moText();
    await r.handle({ method: 'POST', headers: signed(body), body });
    expect(calls).toEqual(['a', 'b']);
    off();
  });

  it('refuses a handler that is not a function', () => {
    expect(() => receiver().on('mo_text', 'nope' as never)).toThrow(TypeError);
  });
});
