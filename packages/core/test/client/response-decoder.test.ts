import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboundParseError } from '@sinch-inbounds/core';
import { decodeInbound, decodeInboundsPage } from '../../src/client/response-decoder.js';
import { message } from './support.js';

const item = (i: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: `01W4FFL35P4NC4K35INBOUND${String(i).padStart(2, '0')}`,
  type: 'mo_text',
  from: '12015555555',
  to: '12017777777',
  body: 'Hello John!',
  operator_id: '311071',
  received_at: '2024-06-06T14:16:54.777Z',
  ...extra,
});

function parseError(run: () => unknown): InboundParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InboundParseError);
    return error as InboundParseError;
  }
  throw new Error('expected an InboundParseError');
}

describe('decodeInboundsPage', () => {
  it('decodes a page, turning only date fields into dates', () => {
    const page = decodeInboundsPage(
      JSON.stringify({ count: 2, page: 0, page_size: 2, inbounds: [item(1), item(2, { body: '2024-06-06T14:16:54Z' })] }),
    );
    expect(page.count).toBe(2);
    expect(message(page.inbounds[0]).received_at).toEqual(new Date('2024-06-06T14:16:54.777Z'));
    // A date-looking body stays text (the official SDK turns it into a Date: SPEC §6.3).
    expect(page.inbounds[1]!.type === 'mo_text' && page.inbounds[1]!.body).toBe('2024-06-06T14:16:54Z');
  });

  it('keeps each item it cannot read in its place, typed, with the raw JSON', () => {
    const future = { ...item(2), type: 'mo_unicode' };
    const noType = { id: 'no-type' };
    const page = decodeInboundsPage(
      JSON.stringify({
        count: 9,
        page: 2,
        page_size: 6,
        inbounds: [item(1), future, item(3, { received_at: 'nope' }), 7, noType, item(6)],
      }),
    );
    expect(page.inbounds.map((i) => [i.type, i.id])).toEqual([
      ['mo_text', '01W4FFL35P4NC4K35INBOUND01'],
      ['unknown_inbound', '01W4FFL35P4NC4K35INBOUND02'],
      ['unreadable_inbound', '01W4FFL35P4NC4K35INBOUND03'],
      ['unreadable_inbound', undefined],
      ['unreadable_inbound', 'no-type'],
      ['mo_text', '01W4FFL35P4NC4K35INBOUND06'],
    ]);
    const [, unknown, badDate, seven, untyped] = page.inbounds;
    expect(unknown).toEqual({ type: 'unknown_inbound', id: '01W4FFL35P4NC4K35INBOUND02', raw: future });
    expect(badDate?.type === 'unreadable_inbound' && badDate.error.path).toBe('$.inbounds[2].received_at');
    expect(badDate?.type === 'unreadable_inbound' && badDate.raw).toEqual(item(3, { received_at: 'nope' }));
    expect(seven?.type === 'unreadable_inbound' && [seven.raw, seven.error.path]).toEqual([7, '$.inbounds[3]']);
    expect(untyped?.type === 'unreadable_inbound' && untyped.error.path).toBe('$.inbounds[4].type');
  });

  it('gives a typed item, never a throw, for any JSON value in the array', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (values) => {
        const page = decodeInboundsPage(JSON.stringify({ count: values.length, page: 0, page_size: values.length, inbounds: values }));
        expect(page.inbounds).toHaveLength(values.length);
        page.inbounds.forEach((decoded, i) => {
          // What crossed the wire: JSON has no -0, so compare with the round-tripped value.
          const value: unknown = JSON.parse(JSON.stringify(values[i]));
          if (decoded.type === 'unreadable_inbound') {
            expect(decoded.error).toBeInstanceOf(InboundParseError);
            expect(decoded.error.path.startsWith(`$.inbounds[${i}]`)).toBe(true);
            expect(decoded.raw).toEqual(value);
          } else if (decoded.type === 'unknown_inbound') {
            expect(decoded.raw).toEqual(value);
            expect(['mo_text', 'mo_binary', 'mo_media']).not.toContain(decoded.raw.type);
          } else {
            expect(decoded.id).toBe((value as Record<string, unknown>).id);
          }
        });
      }),
    );
  });

  it('also reads items shaped like messages with odd fields, never throwing', () => {
    const shaped = fc.record(
      {
        id: fc.oneof(fc.string(), fc.jsonValue()),
        type: fc.oneof(fc.constantFrom('mo_text', 'mo_binary', 'mo_media', 'mo_unicode', ''), fc.jsonValue()),
        from: fc.oneof(fc.string(), fc.integer(), fc.jsonValue()),
        to: fc.oneof(fc.string(), fc.jsonValue()),
        received_at: fc.oneof(fc.constant('2024-06-06T14:16:54.777Z'), fc.string(), fc.jsonValue()),
        body: fc.oneof(fc.string(), fc.jsonValue()),
        udh: fc.oneof(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(shaped, (value) => {
        const [decoded] = decodeInboundsPage(JSON.stringify({ count: 1, page: 0, page_size: 1, inbounds: [value] })).inbounds;
        expect(['mo_text', 'mo_binary', 'mo_media', 'unknown_inbound', 'unreadable_inbound']).toContain(decoded!.type);
        const rawId = (value as Record<string, unknown>).id;
        expect(decoded!.id).toBe(typeof rawId === 'string' && rawId !== '' ? rawId : undefined);
      }),
    );
  });

  it('refuses a malformed envelope', () => {
    expect(parseError(() => decodeInboundsPage('not json')).path).toBe('$');
    expect(parseError(() => decodeInboundsPage('{"page":0,"page_size":0,"inbounds":[]}')).path).toBe('$.count');
    expect(parseError(() => decodeInboundsPage('{"count":-1,"page":0,"page_size":0}')).path).toBe('$.count');
    expect(parseError(() => decodeInboundsPage('{"count":1,"page":0,"page_size":0,"inbounds":{}}')).path).toBe('$.inbounds');
  });

  it('accepts an empty page without the inbounds array', () => {
    expect(decodeInboundsPage('{"count":0,"page":0,"page_size":0}')).toEqual({ count: 0, page: 0, page_size: 0, inbounds: [] });
  });

  it('never throws anything but InboundParseError', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        try {
          decodeInboundsPage(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InboundParseError);
        }
      }),
    );
  });
});

describe('decodeInbound', () => {
  it('decodes one message', () => {
    expect(decodeInbound(JSON.stringify(item(1))).id).toBe('01W4FFL35P4NC4K35INBOUND01');
  });

  it('returns what it cannot read as an unreadable or unknown item, never throwing', () => {
    const missingId = decodeInbound('{"type":"mo_text"}');
    expect(missingId.type === 'unreadable_inbound' && missingId.error.path).toBe('$.id');
    const notJson = decodeInbound('<html>oops</html>');
    expect(notJson).toMatchObject({ type: 'unreadable_inbound', id: undefined, raw: '<html>oops</html>' });
    expect(decodeInbound('{"id":"X","type":"mo_unicode"}')).toEqual({
      type: 'unknown_inbound',
      id: 'X',
      raw: { id: 'X', type: 'mo_unicode' },
    });
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        expect(decodeInbound(text).type).toBeTypeOf('string');
      }),
    );
  });
});
