import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboundParseError } from '@sinch-inbounds/core';
import { decodeInbound, decodeInboundsPage } from '../../src/client/response-decoder.js';

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
    expect(page.inbounds[0]!.received_at).toEqual(new Date('2024-06-06T14:16:54.777Z'));
    // A date-looking body stays text (the official SDK turns it into a Date: SPEC §6.3).
    expect(page.inbounds[1]!.type === 'mo_text' && page.inbounds[1]!.body).toBe('2024-06-06T14:16:54Z');
  });

  it('names the invalid item by path and id', () => {
    const e = parseError(() =>
      decodeInboundsPage(
        JSON.stringify({ count: 9, page: 2, page_size: 4, inbounds: [item(1), item(2), item(3), item(4, { received_at: 'nope' })] }),
      ),
    );
    expect(e.path).toBe('$.inbounds[3].received_at');
    expect(e.message).toContain('01W4FFL35P4NC4K35INBOUND04');
    expect(e.message).toContain('page 2');
    expect(parseError(() => decodeInboundsPage('{"count":1,"page":0,"page_size":1,"inbounds":[7]}')).path).toBe('$.inbounds[0]');
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
    expect(parseError(() => decodeInbound('{"type":"mo_text"}')).path).toBe('$.id');
  });
});
