import { describe, expect, test } from 'vitest';
import { isMediaUploaded, parseCallback, parseInbound, parseSinchDate, verifyWebhook } from '@sinch-inbounds/core';
import { fixtures, signWebhook } from '@sinch-inbounds/testing';

describe('fixtures', () => {
  test('every inbound fixture parses with core', () => {
    for (const wire of [fixtures.moText, fixtures.moTextWebhook, fixtures.moTextWithReference, fixtures.moBinary, fixtures.moMedia]) {
      const parsed = parseInbound(JSON.stringify(wire));
      expect(parsed.id).toBe(wire.id);
      expect(parsed.type).toBe(wire.type);
    }
    expect(parseInbound(fixtures.moTextLegacySendAt).sent_at?.toISOString()).toBe('2019-08-24T14:15:20.000Z');
  });

  test('the MMS fixtures carry an uploaded and a failed attachment, in both spellings', () => {
    const media = parseInbound(fixtures.moMedia);
    expect(media.type).toBe('mo_media');
    if (media.type !== 'mo_media') return;
    expect(media.body.media?.map(isMediaUploaded)).toEqual([true, false]);
    const odd = parseInbound(fixtures.moMediaOddCasing);
    expect(odd.type === 'mo_media' && odd.body.media?.[0]).toMatchObject({ status: 'Uploaded', content_type: 'image/png' });
  });

  test('every callback type is recognised, and the unknown one is kept as unknown', () => {
    expect(parseCallback(fixtures.deliveryReportSms).type).toBe('delivery_report_sms');
    expect(parseCallback(fixtures.deliveryReportMms).type).toBe('delivery_report_mms');
    expect(parseCallback(fixtures.recipientDeliveryReportSms).type).toBe('recipient_delivery_report_sms');
    expect(parseCallback(fixtures.recipientDeliveryReportMms).type).toBe('recipient_delivery_report_mms');
    expect(parseCallback(fixtures.unknownCallback)).toMatchObject({ type: 'mo_reaction', raw: { reaction: '👍' } });
  });

  test('SPEC §5 values are exact', () => {
    expect(fixtures.moText).toEqual({
      id: '01W4FFL35P4NC4K35INBOUND01',
      type: 'mo_text',
      from: '12015555555',
      to: '12017777777',
      body: 'Hello John!',
      operator_id: '311071',
      received_at: '2024-06-06T14:16:54.777Z',
    });
    expect(fixtures.moTextWebhook).toMatchObject({ id: '01W4FFL35P4NC4K35SMSBATCH8', body: 'Hello John! 👋', received_at: '2024-06-06T07:52:37.386Z' });
    expect(fixtures.webhookSecret).toBe('KayakingTheSwell');
  });

  test('each odd date format denotes the instant it claims, and the per-format messages use them', () => {
    expect(fixtures.dateFormats.length).toBeGreaterThanOrEqual(6);
    for (const sample of fixtures.dateFormats) expect(parseSinchDate(sample.text).getTime()).toBe(sample.epochMs);
    fixtures.moTextByDateFormat.forEach((msg, i) => {
      expect(parseInbound(msg).received_at.getTime()).toBe(fixtures.dateFormats[i]!.epochMs);
    });
  });

  test('the signature vector matches the re-exported signWebhook and core verifies it', () => {
    const v = fixtures.signatureVector;
    const headers = signWebhook({ secret: v.secret, body: v.body, nonce: v.nonce, timestamp: v.timestamp });
    expect(headers['x-sinch-webhook-signature']).toBe(v.signature);
    expect(verifyWebhook({ secret: v.secret, headers, body: v.body, toleranceSeconds: 0 })).toMatchObject({ ok: true });
  });

  test('fixtures are frozen so one test cannot change another’s data', () => {
    expect(Object.isFrozen(fixtures.moMedia.body.media)).toBe(true);
    expect(() => {
      (fixtures.moText as { body: string }).body = 'changed';
    }).toThrow(TypeError);
  });
});
