import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InboundParseError,
  isMediaUploaded,
  parseInbound,
  safeParseInbound,
  type MoBinary,
  type MoMedia,
  type MoText,
} from '@sinch-inbounds/core';

const seedExample = {
  body: 'Test message',
  client_reference: 'ABC123',
  from: '+11203494390',
  id: '01FC66621XXXXX119Z8PMV1QPA',
  operator_id: '35000',
  received_at: '2019-08-24T14:15:22Z',
  sent_at: '2019-08-24T14:15:22Z',
  to: '11203453453',
  type: 'mo_text',
};

function expectError(input: unknown, path: string, reason?: RegExp): InboundParseError {
  let caught: unknown;
  try {
    parseInbound(input as object);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InboundParseError);
  const error = caught as InboundParseError;
  expect(error.path).toBe(path);
  if (reason) expect(error.reason).toMatch(reason);
  expect(error.message).toContain(path);
  return error;
}

describe('parseInbound: mo_text', () => {
  it('reads the documented example, decoding only the date fields', () => {
    const msg = parseInbound(JSON.stringify(seedExample)) as MoText;
    expect(msg).toEqual({
      type: 'mo_text',
      id: '01FC66621XXXXX119Z8PMV1QPA',
      from: '+11203494390',
      to: '11203453453',
      body: 'Test message',
      client_reference: 'ABC123',
      operator_id: '35000',
      received_at: new Date('2019-08-24T14:15:22Z'),
      sent_at: new Date('2019-08-24T14:15:22Z'),
    });
  });

  it('gives the same result for a string, bytes, a Buffer and an object', () => {
    const text = JSON.stringify(seedExample);
    const expected = parseInbound(seedExample);
    expect(parseInbound(text)).toEqual(expected);
    expect(parseInbound(new TextEncoder().encode(text))).toEqual(expected);
    expect(parseInbound(Buffer.from(text))).toEqual(expected);
  });

  it('reads the seed webhook example: space-separated dates with offsets, and from as a number', () => {
    const msg = parseInbound({
      body: 'This is a test message.',
      from: 16051234567,
      id: '01XXXXX21XXXXX119Z8P1XXXXX',
      operator_id: 'string',
      received_at: '2022-08-24 14:15:22+00:00',
      sent_at: '2022-08-24 14:15:22+00:00',
      to: '13185551234',
      type: 'mo_text',
    });
    expect(msg.from).toBe('16051234567');
    expect(msg.received_at.toISOString()).toBe('2022-08-24T14:15:22.000Z');
    expect(msg.sent_at?.toISOString()).toBe('2022-08-24T14:15:22.000Z');
  });

  it('never turns a date-looking body (or any other non-date field) into a Date', () => {
    const msg = parseInbound({ ...seedExample, body: '2019-08-24T14:15:22Z', client_reference: '2020-01-01' }) as MoText;
    expect(msg.body).toBe('2019-08-24T14:15:22Z');
    expect(msg.client_reference).toBe('2020-01-01');
  });

  it('accepts send_at as an alias of sent_at, preferring sent_at', () => {
    const { sent_at: _omit, ...rest } = seedExample;
    expect(parseInbound({ ...rest, send_at: '2020-01-01T00:00:00Z' }).sent_at).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(parseInbound({ ...seedExample, send_at: '2020-01-01T00:00:00Z' }).sent_at).toEqual(new Date('2019-08-24T14:15:22Z'));
  });

  it('leaves optional fields out when absent or null', () => {
    const msg = parseInbound({ id: 'x', type: 'mo_text', from: '1', to: '2', received_at: '2019-08-24T14:15:22Z', body: '', sent_at: null, operator_id: null });
    expect(Object.keys(msg).sort()).toEqual(['body', 'from', 'id', 'received_at', 'to', 'type']);
  });

  it('keeps emoji and any Unicode intact', () => {
    expect((parseInbound({ ...seedExample, body: 'Hello John! 👋 ñ 中文' }) as MoText).body).toBe('Hello John! 👋 ñ 中文');
  });

  it('ignores unknown extra fields (forward compatibility) and keeps them out of the result', () => {
    const msg = parseInbound({ ...seedExample, new_field: { nested: true }, another: 1 });
    expect(msg).not.toHaveProperty('new_field');
    expect(msg).not.toHaveProperty('another');
  });

  it('never mutates its input', () => {
    const input = structuredClone({ ...seedExample, send_at: '2019-08-24 14:15:22' });
    const before = JSON.stringify(input);
    Object.freeze(input);
    parseInbound(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('treats __proto__ and constructor keys as plain data', () => {
    const text = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}},${JSON.stringify(seedExample).slice(1)}`;
    const msg = parseInbound(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).bad).toBeUndefined();
    expect(Object.getPrototypeOf(msg)).toBe(Object.prototype);
    expect((msg as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseInbound: mo_binary', () => {
  const binary = { ...seedExample, type: 'mo_binary', body: 'SGVsbG8=', udh: '050003CC0201' };

  it('reads Base64 body and hex UDH', () => {
    const msg = parseInbound(binary) as MoBinary;
    expect(msg.type).toBe('mo_binary');
    expect(msg.body).toBe('SGVsbG8=');
    expect(msg.udh).toBe('050003CC0201');
  });

  it('keeps a body and udh exactly as sent, whatever their encoding: the decoders check', () => {
    for (const [body, udh] of [
      ['not base64!', '05000G'],
      ['SGVsbG8', '050'],
      ['', ''],
    ]) {
      const msg = parseInbound({ ...binary, body, udh }) as MoBinary;
      expect([msg.body, msg.udh]).toEqual([body, udh]);
    }
  });
  it('requires udh', () => {
    const { udh: _u, ...rest } = binary;
    expectError(rest, '$.udh', /required/);
  });
});

describe('parseInbound: mo_media', () => {
  const media = {
    ...seedExample,
    type: 'mo_media',
    body: {
      subject: 'Photos',
      message: 'Look!',
      media: [
        { url: 'https://bucket.example/a.jpg', content_type: 'image/jpeg', status: 'Uploaded', code: 0 },
        { contentType: 'video/mp4', status: 'FAILED', code: 2 },
        { url: 'https://bucket.example/b.png', contentType: 'image/png', status: 'UPLOADED', code: 0 },
      ],
    },
  };

  it('reads subject, message and media items, accepting contentType and any status case', () => {
    const msg = parseInbound(media) as MoMedia;
    expect(msg.body.subject).toBe('Photos');
    expect(msg.body.message).toBe('Look!');
    expect(msg.body.media).toEqual([
      { url: 'https://bucket.example/a.jpg', content_type: 'image/jpeg', status: 'Uploaded', code: 0 },
      { content_type: 'video/mp4', status: 'Failed', code: 2 },
      { url: 'https://bucket.example/b.png', content_type: 'image/png', status: 'Uploaded', code: 0 },
    ]);
    expect(msg.body.media!.map(isMediaUploaded)).toEqual([true, false, true]);
  });

  it('treats any non-zero code as a failed upload', () => {
    expect(isMediaUploaded({ content_type: 'image/png', status: 'Uploaded', code: 3 })).toBe(false);
  });

  it('accepts an empty body object (every field optional)', () => {
    expect((parseInbound({ ...media, body: {} }) as MoMedia).body).toEqual({});
  });

  it('keeps a media item it cannot read in its place, flagged, with what could be read; the MMS goes through', () => {
    const odd = [
      { url: 'https://bucket.example/c.gif', status: 'Uploaded', code: 0 },
      { content_type: 'x', status: 'Uploaded', code: '0' },
      null,
      { url: 'https://bucket.example/d.gif', content_type: 'image/gif', status: 'Archived', code: 0 },
    ];
    const msg = parseInbound({ ...media, body: { message: 'still here', media: [media.body.media[0], ...odd] } }) as MoMedia;
    expect(msg.body.message).toBe('still here');
    const [first, noType, badCode, notObject, oddStatus] = msg.body.media!;
    expect(first).toEqual({ url: 'https://bucket.example/a.jpg', content_type: 'image/jpeg', status: 'Uploaded', code: 0 });
    expect(noType).toMatchObject({ url: 'https://bucket.example/c.gif', status: 'Uploaded', code: 0, raw: odd[0] });
    expect(noType!.unreadable).toBeInstanceOf(InboundParseError);
    expect(noType!.unreadable!.path).toBe('$.body.media[1].content_type');
    expect(badCode).toMatchObject({ content_type: 'x', status: 'Uploaded', raw: odd[1] });
    expect('code' in badCode!).toBe(false);
    expect(badCode!.unreadable?.path).toBe('$.body.media[2].code');
    expect(notObject!.unreadable?.path).toBe('$.body.media[3]');
    expect(notObject!.unreadable !== undefined && notObject!.raw).toBeNull();
    // An unknown status is not a reason to flag: it is kept as sent.
    expect(oddStatus).toEqual({ url: 'https://bucket.example/d.gif', content_type: 'image/gif', status: 'Archived', code: 0 });
    expect(msg.body.media!.map(isMediaUploaded)).toEqual([true, true, false, false, true]);
    expectError({ ...media, body: 'text' }, '$.body', /object/);
  });
});

describe('parseInbound: errors', () => {
  it.each([
    ['', '$', /invalid JSON/],
    ['{', '$', /invalid JSON/],
    ['[]', '$', /object/],
    ['null', '$', /object/],
    ['"text"', '$', /object/],
    ['42', '$', /object/],
  ])('refuses %j', (text, path, reason) => {
    expectError(text, path, reason);
  });

  it('refuses invalid UTF-8 bytes', () => expectError(new Uint8Array([0x7b, 0xff, 0x7d]), '$', /UTF-8/));
  it('refuses bytes over a detached ArrayBuffer with a typed error, not a TypeError', () => {
    const bytes = new TextEncoder().encode(JSON.stringify(seedExample));
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    expectError(bytes, '$', /detached|invalid JSON/);
    expect(safeParseInbound(bytes).success).toBe(false);
  });

  it.each([
    ['id', '$.id', /required/],
    ['type', '$.type', /required/],
    ['from', '$.from', /required/],
    ['to', '$.to', /required/],
    ['received_at', '$.received_at', /required/],
    ['body', '$.body', /required/],
  ])('requires %s', (key, path, reason) => {
    const copy: Record<string, unknown> = { ...seedExample };
    delete copy[key];
    expectError(copy, path, reason);
  });

  it.each([
    [{ id: 1 }, '$.id', /string/],
    [{ id: '' }, '$.id', /empty/],
    [{ to: 5 }, '$.to', /string/],
    [{ from: -1 }, '$.from', /MSISDN/],
    [{ from: 1.5 }, '$.from', /MSISDN/],
    [{ from: 2 ** 60 }, '$.from', /MSISDN/],
    [{ from: true }, '$.from', /string/],
    [{ body: 5 }, '$.body', /string/],
    [{ received_at: 'yesterday' }, '$.received_at', /ISO-8601/],
    [{ received_at: 1566656122 }, '$.received_at', /date string/],
    [{ sent_at: '2019-02-30T00:00:00Z' }, '$.sent_at', /ISO-8601/],
    [{ operator_id: 35000 }, '$.operator_id', /string/],
    [{ client_reference: [] }, '$.client_reference', /string/],
    [{ type: 'delivery_report_sms' }, '$.type', /mo_text/],
    [{ type: 7 }, '$.type', /number/],
  ])('refuses %j', (patch, path, reason) => {
    expectError({ ...seedExample, ...patch }, path, reason);
  });

  it('safeParseInbound returns the error instead of throwing', () => {
    const bad = safeParseInbound('{}');
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error).toBeInstanceOf(InboundParseError);
    const good = safeParseInbound(seedExample);
    expect(good.success).toBe(true);
    if (good.success) expect(good.data.id).toBe(seedExample.id);
  });
});

describe('parseInbound: properties', () => {
  it('any JSON value gives a typed result or an InboundParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const input of [JSON.stringify(value), value]) {
          const result = safeParseInbound(input as object);
          if (result.success) expect(['mo_text', 'mo_binary', 'mo_media']).toContain(result.data.type);
          else expect(result.error).toBeInstanceOf(InboundParseError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('messages built from arbitrary field values parse, or fail with a path into the payload', () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
    fc.assert(
      fc.property(
        fc.record(
          {
            id: field,
            type: fc.constantFrom('mo_text', 'mo_binary', 'mo_media', 'other'),
            from: field,
            to: field,
            received_at: field,
            sent_at: field,
            body: fc.oneof(field, fc.base64String(), fc.dictionary(fc.string(), fc.jsonValue())),
            udh: fc.oneof(field, fc.stringMatching(/^[0-9a-fA-F]*$/)),
          },
          { requiredKeys: [] },
        ),
        (obj) => {
          const result = safeParseInbound(obj);
          if (result.success) {
            expect(Number.isNaN(result.data.received_at.getTime())).toBe(false);
            if (result.data.sent_at) expect(Number.isNaN(result.data.sent_at.getTime())).toBe(false);
          } else {
            expect(result.error.path.startsWith('$')).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('valid messages round-trip: whatever was sent is what comes out', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-01-01T00:00:00Z'), noInvalidDate: true }),
        (id, body, received) => {
          const msg = parseInbound(JSON.stringify({ ...seedExample, id, body, received_at: received.toISOString() })) as MoText;
          expect(msg.id).toBe(id);
          expect(msg.body).toBe(body);
          expect(msg.received_at.getTime()).toBe(received.getTime());
        },
      ),
    );
  });
});
