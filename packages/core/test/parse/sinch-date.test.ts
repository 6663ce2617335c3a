import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboundParseError, parseSinchDate } from '@sinch-inbounds/core';

describe('parseSinchDate', () => {
  const instant = Date.UTC(2019, 7, 24, 14, 15, 22);

  it.each([
    ['2019-08-24T14:15:22Z', instant],
    ['2019-08-24T14:15:22.000Z', instant],
    ['2019-08-24 14:15:22+00:00', instant],
    ['2019-08-24T16:15:22+02:00', instant],
    ['2019-08-24T16:15:22+0200', instant],
    ['2019-08-24T16:15:22+02', instant],
    ['2019-08-24T09:15:22-05:00', instant],
    ['2019-08-24T14:15:22', instant],
    ['2019-08-24 14:15:22', instant],
    ['2019-08-24t14:15:22z', instant],
    ['2019-08-24T14:15:22.123456789Z', instant + 123],
    ['2019-08-24T14:15:22.1Z', instant + 100],
    ['2019-08-24T14:15:22,5Z', instant + 500],
    ['2019-08-24T14:15Z', instant - 22_000],
    ['2019-08-24', Date.UTC(2019, 7, 24)],
    ['2024-06-06T14:16:54.777Z', Date.UTC(2024, 5, 6, 14, 16, 54, 777)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0001-01-01T00:00:00Z', -62135596800000],
  ])('reads %s', (text, expected) => {
    const d = parseSinchDate(text);
    expect(d).toBeInstanceOf(Date);
    expect(d.getTime()).toBe(expected);
  });

  it.each([
    '',
    'not a date',
    '2019-13-01T00:00:00Z',
    '2019-00-10T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2019-04-31T00:00:00Z',
    '2019-08-24T24:00:00Z',
    '2019-08-24T14:60:00Z',
    '2019-08-24T14:15:60Z',
    '2019-08-24T14:15:22+24:00',
    '2019-08-24T14:15:22+02:60',
    '2019-08-24T14:15:22+02:',
    '2019-08-24T14:15:22+0',
    '2019-08-24T14:15:22+020',
    '2019-08-24T14',
    '2019-08-24T',
    '2019-08-24x',
    '2019-08-24T14:15:22ZZ',
    '19-08-24T14:15:22Z',
    '2019-08-24T14:15:22.Z',
    '1566656122',
    ' 2019-08-24T14:15:22Z',
  ])('refuses %j with a typed error, never an Invalid Date', (text) => {
    expect(() => parseSinchDate(text)).toThrow(InboundParseError);
  });

  it('refuses a non-string', () => {
    expect(() => parseSinchDate(42 as unknown as string)).toThrow(InboundParseError);
  });

  it('round-trips every representable instant through toISOString()', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        expect(parseSinchDate(d.toISOString()).getTime()).toBe(d.getTime());
      }),
    );
  });

  it('gives the same instant for the same moment written with any offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        fc.constantFrom('T', ' '),
        fc.boolean(),
        (d, offsetMinutes, sep, colon) => {
          const whole = Math.floor(d.getTime() / 1000) * 1000;
          const local = new Date(whole + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', sep);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const hh = String(Math.floor(abs / 60)).padStart(2, '0');
          const mm = String(abs % 60).padStart(2, '0');
          const text = `${local}${sign}${hh}${colon ? ':' : ''}${mm}`;
          expect(parseSinchDate(text).getTime()).toBe(whole);
        },
      ),
    );
  });

  it('never returns an Invalid Date and never throws anything but InboundParseError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,12})?([Zz]|[+-]\d{2}:?\d{2})?$/)), (text) => {
        try {
          expect(Number.isNaN(parseSinchDate(text).getTime())).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(InboundParseError);
        }
      }),
    );
  });
});
