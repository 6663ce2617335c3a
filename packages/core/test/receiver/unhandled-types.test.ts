import { describe, expect, it } from 'vitest';
import { fixtures } from '@sinch-inbounds/testing';
import { createWebhookReceiver, type WebhookReceiverOptions } from '../../src/index.js';
import { moText, NOW, RECIPIENT_DR, recordingLogger, SECRET, signed } from './fixtures.js';

const mms = (id: string) => JSON.stringify({ ...fixtures.moMedia, id });
let nonce = 0;

function setup(options: Partial<WebhookReceiverOptions> = {}) {
  const logger = recordingLogger();
  const r = createWebhookReceiver({ secret: SECRET, logger, now: () => NOW, ...options });
  const post = (body: string) => r.handle({ method: 'POST', headers: signed(body, { nonce: `N${nonce++}` }), body });
  const warnings = (type: string) => logger.entries.filter((e) => e.level === 'warn' && e.message.includes(`"${type}"`));
  return { r, logger, post, warnings };
}

describe('a callback type with no handler', () => {
  it('is acknowledged by default, warned about once per type, and not remembered as handled', async () => {
    const { r, post, warnings } = setup();
    const texts: string[] = [];
    r.on('mo_text', (m) => void texts.push(m.id));
    for (const id of ['01MMS1', '01MMS2', '01MMS3']) expect((await post(mms(id))).status).toBe(200);
    expect((await post(RECIPIENT_DR)).status).toBe(200);
    expect((await post(RECIPIENT_DR)).status).toBe(200);
    expect((await post(moText('01TXT'))).status).toBe(200);
    expect(texts).toEqual(['01TXT']);
    expect(warnings('mo_media')).toHaveLength(1);
    expect(warnings('mo_media')[0]!.message).toMatch(/acknowledged \(200\) without being handled/);
    expect(warnings('recipient_delivery_report_sms')).toHaveLength(1);
    expect(warnings('mo_text')).toHaveLength(0);

    // Nothing handled it, so a handler registered later gets the redelivery: it was
    // not remembered as a duplicate.
    const seen: string[] = [];
    r.on('inbound', (m) => void seen.push(m.id));
    expect((await post(mms('01MMS1'))).body).toBe('{"status":"accepted"}');
    expect(seen).toEqual(['01MMS1']);
    expect((await post(mms('01MMS1'))).body).toBe('{"status":"duplicate"}');
    expect(seen).toEqual(['01MMS1']);
  });

  it("with unhandledCallbacks: 'retry', is answered 500 until a handler exists, then handled once", async () => {
    const { r, post, warnings } = setup({ unhandledCallbacks: 'retry' });
    r.on('mo_text', () => {});
    expect((await post(mms('01MMS9'))).status).toBe(500);
    expect((await post(mms('01MMS9'))).status).toBe(500);
    expect(warnings('mo_media')).toHaveLength(1);
    expect(warnings('mo_media')[0]!.message).toMatch(/answered 500/);
    let handled = 0;
    r.on('mo_media', () => void handled++);
    expect((await post(mms('01MMS9'))).status).toBe(200);
    expect((await post(mms('01MMS9'))).body).toBe('{"status":"duplicate"}');
    expect(handled).toBe(1);
  });

  it("counts a group or '*' handler as handling; an unknown type needs 'unknown' or '*'", async () => {
    const { r, post, warnings } = setup({ unhandledCallbacks: 'retry' });
    r.on('delivery_report', () => {});
    expect((await post(RECIPIENT_DR)).status).toBe(200);
    expect((await post('{"type":"mo_hologram","id":"H1"}')).status).toBe(500);
    expect(warnings('mo_hologram')).toHaveLength(1);
    r.on('*', () => {});
    expect((await post('{"type":"mo_hologram","id":"H1"}')).status).toBe(200);
    expect((await post(mms('01MMS5'))).status).toBe(200);
  });

  it('refuses an unknown policy at creation', () => {
    expect(() => createWebhookReceiver({ secret: SECRET, unhandledCallbacks: 'drop' as 'retry' })).toThrow(TypeError);
  });
});
