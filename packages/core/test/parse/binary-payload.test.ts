import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBinaryBody, decodeUdh, InboundParseError, parseInbound, type MoBinary } from '@sinch-inbounds/core';

function parseError(run: () => unknown): InboundParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InboundParseError);
    return error as InboundParseError;
  }
  throw new Error('expected an InboundParseError');
}

const hex = (bytes: number[]): string => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

describe('decodeBinaryBody', () => {
  it('decodes the body of a parsed mo_binary, padded or not, standard or URL-safe', () => {
    const msg = parseInbound({
      id: 'B1',
      type: 'mo_binary',
      from: '12015555555',
      to: '12017777777',
      received_at: '2024-06-06T14:16:54.777Z',
      body: 'SGVsbG8=',
      udh: '050003CC0201',
    }) as MoBinary;
    expect(new TextDecoder().decode(decodeBinaryBody(msg))).toBe('Hello');
    expect(new TextDecoder().decode(decodeBinaryBody('SGVsbG8'))).toBe('Hello');
    expect([...decodeBinaryBody('-_8')]).toEqual([0xfb, 0xff]);
    expect([...decodeBinaryBody('')]).toEqual([]);
  });

  it('throws a typed error on anything that is not Base64', () => {
    expect(parseError(() => decodeBinaryBody('not base64!')).path).toBe('$.body');
    expect(parseError(() => decodeBinaryBody('QQ=A')).reason).toMatch(/"="/);
    expect(parseError(() => decodeBinaryBody('QUJDR')).reason).toMatch(/whole bytes/);
    expect(parseError(() => decodeBinaryBody('QUJD😀')).reason).toMatch(/Base64/);
    expect(parseError(() => decodeBinaryBody({ body: 7 } as unknown as MoBinary)).path).toBe('$.body');
  });

  it('round-trips any bytes through Base64, padded and unpadded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const base64 = Buffer.from(bytes).toString('base64');
        expect(decodeBinaryBody(base64)).toEqual(bytes);
        expect(decodeBinaryBody(base64.replace(/=+$/, ''))).toEqual(bytes);
        expect(decodeBinaryBody(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
      }),
    );
  });

  it('never throws anything but InboundParseError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          decodeBinaryBody(text);
        } catch (error) {
          expect(error).toBeInstanceOf(InboundParseError);
        }
      }),
    );
  });
});

describe('decodeUdh', () => {
  it('reads an 8-bit concatenation header, with or without its length byte', () => {
    for (const udh of ['050003CC0201', '0003cc0201']) {
      expect(decodeUdh(udh)).toEqual({
        elements: [{ id: 0, data: new Uint8Array([0xcc, 2, 1]) }],
        concatenation: { reference: 0xcc, referenceBits: 8, part: 1, parts: 2 },
      });
    }
  });

  it('reads a 16-bit concatenation header beside other elements', () => {
    expect(decodeUdh('0C' + '0504' + '0B840000' + '0804' + 'BEEF' + '0302')).toEqual({
      elements: [
        { id: 5, data: new Uint8Array([0x0b, 0x84, 0, 0]) },
        { id: 8, data: new Uint8Array([0xbe, 0xef, 3, 2]) },
      ],
      concatenation: { reference: 0xbeef, referenceBits: 16, part: 2, parts: 3 },
    });
    expect(decodeUdh('')).toEqual({ elements: [] });
  });

  it('throws a typed error on bad hex, elements running past the end and impossible parts', () => {
    for (const [udh, reason] of [
      ['05000G', /hex/],
      ['050', /odd length/],
      ['05', /no length byte/],
      ['060005CC0201', /past the end/],
      ['0400020102', /3 data bytes/],
      ['050003CC0203', /part 3 of 2/],
      ['050003CC0000', /part 0 of 0/],
    ] as const) {
      const error = parseError(() => decodeUdh(udh));
      expect(error.path).toBe('$.udh');
      expect(error.reason).toMatch(reason);
    }
  });

  const element = fc.record({ id: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: 8 }) });
  const concat = fc
    .record({ sixteen: fc.boolean(), reference: fc.integer({ min: 0, max: 0xffff }), parts: fc.integer({ min: 1, max: 255 }) })
    .chain(({ sixteen, reference, parts }) =>
      fc.integer({ min: 1, max: parts }).map((part) => ({ sixteen, reference: sixteen ? reference : reference & 0xff, parts, part })),
    );

  it('round-trips: a header built from elements decodes to those elements and that concatenation', () => {
    fc.assert(
      fc.property(
        fc.array(element.filter((e) => e.id !== 0 && e.id !== 8), { maxLength: 4 }),
        concat,
        fc.nat(),
        fc.boolean(),
        (others, c, at, withLength) => {
          const concatElement = c.sixteen
            ? { id: 8, data: new Uint8Array([c.reference >> 8, c.reference & 0xff, c.parts, c.part]) }
            : { id: 0, data: new Uint8Array([c.reference, c.parts, c.part]) };
          const elements = [...others];
          elements.splice(at % (others.length + 1), 0, concatElement);
          const body = elements.flatMap((e) => [e.id, e.data.length, ...e.data]);
          // Without the length byte, a first byte that happens to equal the rest's length would read as one.
          fc.pre(withLength || body[0] !== body.length - 1);
          const decoded = decodeUdh(hex(withLength ? [body.length, ...body] : body));
          expect(decoded.elements).toEqual(elements);
          expect(decoded.concatenation).toEqual({
            reference: c.reference,
            referenceBits: c.sixteen ? 16 : 8,
            part: c.part,
            parts: c.parts,
          });
        },
      ),
    );
  });

  it('never throws anything but InboundParseError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 20 }).map((b) => hex([...b]))), (udh) => {
        try {
          decodeUdh(udh);
        } catch (error) {
          expect(error).toBeInstanceOf(InboundParseError);
        }
      }),
    );
  });
});
