import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InboundParseError,
  isDeliveryReport,
  isInboundMessage,
  isKnownCallback,
  isUnknownCallback,
  parseCallback,
  safeParseCallback,
  type DeliveryReport,
  type RecipientDeliveryReport,
} from '@sinch-inbounds/core';

const recipientReport = {
  at: '2025-01-13T09:22:40.914Z',
  batch_id: '01JHFFHQ0P99JPPNQPJDV7JTBP',
  client_reference: 'a client reference',
  code: 0,
  operator_status_at: '2025-01-13T09:22:00Z',
  recipient: '33662162466',
  status: 'Delivered',
  type: 'recipient_delivery_report_sms',
};

const batchReport = {
  batch_id: '01FC66621XXXXX119Z8PMV1QPA',
  statuses: [
    { code: 0, count: 2, recipients: ['12015555555', '12016666666'], status: 'Delivered' },
    { code: 402, count: 1, status: 'Failed' },
  ],
  total_message_count: 3,
  type: 'delivery_report_sms',
};

describe('parseCallback', () => {
  it('reads a recipient delivery report (the SPEC §3 vector body)', () => {
    const cb = parseCallback(JSON.stringify(recipientReport)) as RecipientDeliveryReport;
    expect(cb).toEqual({
      type: 'recipient_delivery_report_sms',
      batch_id: '01JHFFHQ0P99JPPNQPJDV7JTBP',
      recipient: '33662162466',
      code: 0,
      status: 'Delivered',
      at: new Date('2025-01-13T09:22:40.914Z'),
      operator_status_at: new Date('2025-01-13T09:22:00Z'),
      client_reference: 'a client reference',
    });
    expect(isDeliveryReport(cb)).toBe(true);
    expect(isInboundMessage(cb)).toBe(false);
  });

  it('reads MMS variants of both delivery report types', () => {
    expect(parseCallback({ ...recipientReport, type: 'recipient_delivery_report_mms' }).type).toBe('recipient_delivery_report_mms');
    expect(parseCallback({ ...batchReport, type: 'delivery_report_mms' }).type).toBe('delivery_report_mms');
  });

  it('reads a batch delivery report', () => {
    const cb = parseCallback(batchReport) as DeliveryReport;
    expect(cb.statuses).toEqual(batchReport.statuses);
    expect(cb.statuses[0]!.recipients).not.toBe(batchReport.statuses[0]!.recipients);
    expect(cb.total_message_count).toBe(3);
  });

  it('reads inbound messages', () => {
    const cb = parseCallback({ id: 'a', type: 'mo_text', from: '1', to: '2', received_at: '2024-06-06T07:52:37.386Z', body: 'Hello John! 👋' });
    expect(isInboundMessage(cb)).toBe(true);
    expect(isKnownCallback(cb)).toBe(true);
  });

  it('keeps an unknown type as an UnknownCallback with the raw object, not an error', () => {
    const raw = { type: 'mo_carrier_pigeon', feathers: 3 };
    const cb = parseCallback(JSON.stringify(raw));
    expect(isUnknownCallback(cb)).toBe(true);
    expect(isKnownCallback(cb)).toBe(false);
    expect(cb).toEqual({ type: 'mo_carrier_pigeon', raw });
  });

  it.each([
    [{ ...recipientReport, at: 'soon' }, '$.at'],
    [{ ...recipientReport, code: '0' }, '$.code'],
    [{ ...recipientReport, recipient: undefined }, '$.recipient'],
    [{ ...batchReport, statuses: {} }, '$.statuses'],
    [{ ...batchReport, statuses: [{ code: 0, status: 'Delivered' }] }, '$.statuses[0].count'],
    [{ ...batchReport, statuses: [{ code: 0, count: 1, status: 'Delivered', recipients: [1] }] }, '$.statuses[0].recipients[0]'],
    [{ ...batchReport, total_message_count: 1.5 }, '$.total_message_count'],
    [{ body: 'x' }, '$.type'],
    [{ type: '' }, '$.type'],
    [{ type: null }, '$.type'],
  ])('refuses an invalid known callback with a path: %j', (payload, path) => {
    const result = safeParseCallback(payload);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.path).toBe(path);
  });

  it('any JSON value gives a callback or an InboundParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = safeParseCallback(JSON.stringify(value));
        if (!result.success) expect(result.error).toBeInstanceOf(InboundParseError);
      }),
      { numRuns: 2000 },
    );
  });

  it('any object with a non-empty unknown type is kept, never refused', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((t) => !/^(mo_|delivery_report_|recipient_delivery_report_)/.test(t)),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (type, rest) => {
          const payload = { ...rest, type };
          const cb = parseCallback(JSON.stringify(payload));
          expect(cb.type).toBe(type);
          expect(isUnknownCallback(cb)).toBe(true);
        },
      ),
    );
  });
});
