import { describe, expect, it } from 'vitest';
import { parseCallback, parseInbound, rawPayload, type InboundsPageItem } from '@sinch-inbounds/core';
import { decodeInboundsPage } from '../../src/client/response-decoder.js';

const withNewField = {
  id: '01W4FFL35P4NC4K35INBOUND01',
  type: 'mo_text',
  from: '12015555555',
  to: '12017777777',
  body: 'Hello John!',
  received_at: '2024-06-06T14:16:54.777Z',
  sinch_added_tomorrow: { detail: 42 },
};

describe('rawPayload: fields this version does not type stay reachable', () => {
  it('returns the whole object a message was parsed from, from text, bytes or an object', () => {
    for (const input of [JSON.stringify(withNewField), new TextEncoder().encode(JSON.stringify(withNewField)), withNewField]) {
      const msg = parseInbound(input);
      expect('sinch_added_tomorrow' in msg).toBe(false);
      expect(rawPayload(msg)).toEqual(withNewField);
      expect(rawPayload(msg)?.sinch_added_tomorrow).toEqual({ detail: 42 });
    }
    expect(rawPayload(parseInbound(withNewField))).toBe(withNewField);
  });

  it('for text and binary, keeps it only when something is untyped: undefined means nothing was left out', () => {
    const { sinch_added_tomorrow: _extra, ...plain } = withNewField;
    expect(rawPayload(parseInbound(plain))).toBeUndefined();
    expect(rawPayload(parseInbound({ ...plain, sent_at: null }))).toEqual({ ...plain, sent_at: null });
  });

  it('works for callbacks, delivery reports and REST items, and is undefined for copies', () => {
    const report = { type: 'recipient_delivery_report_sms', batch_id: 'B', recipient: '1', code: 0, status: 'Delivered', at: '2025-01-13T09:22:40.914Z', extra: 'kept' };
    expect(rawPayload(parseCallback(report))?.extra).toBe('kept');
    const unknownCallback = { type: 'new_event', id: 'X' };
    expect(rawPayload(parseCallback(unknownCallback))).toBe(unknownCallback);
    const page = decodeInboundsPage(JSON.stringify({ count: 2, page: 0, page_size: 2, inbounds: [withNewField, 'odd'] }));
    expect(rawPayload(page.inbounds[0]!)).toEqual(withNewField);
    expect(rawPayload(page.inbounds[1] as InboundsPageItem)).toBeUndefined();
    expect(rawPayload({ ...parseInbound(withNewField) })).toBeUndefined();
  });
});
