import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParamsError } from '@sinch-inbounds/core';
import { listQueryString, toListQuery, type ListInboundsParams } from '../../src/client/list-params.js';

function invalid(params: unknown, param: string): void {
  let caught: unknown;
  try {
    toListQuery(params as ListInboundsParams);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidParamsError);
  expect((caught as InvalidParamsError).param).toBe(param);
}

describe('toListQuery', () => {
  it('accepts every documented parameter and normalises dates', () => {
    const q = toListQuery({
      page: 2,
      pageSize: 100,
      to: ['+12017777777', '12018888888'],
      startDate: '2024-06-06 14:16:54+02:00',
      endDate: new Date('2024-06-07T00:00:00Z'),
      clientReference: 'ref',
    });
    expect(q).toEqual({
      page: 2,
      pageSize: 100,
      to: ['+12017777777', '12018888888'],
      startDate: new Date('2024-06-06T12:16:54Z'),
      endDate: new Date('2024-06-07T00:00:00Z'),
      clientReference: 'ref',
    });
    expect(toListQuery({ to: '12017777777' }).to).toEqual(['12017777777']);
    expect(toListQuery(undefined)).toEqual({});
  });

  it('validates pageSize to 1..100 and page to integers >= 0', () => {
    for (const pageSize of [0, 101, 1.5, -1, Number.NaN, '10']) invalid({ pageSize }, 'pageSize');
    for (const page of [-1, 0.5, Number.POSITIVE_INFINITY, '1']) invalid({ page }, 'page');
    expect(toListQuery({ pageSize: 1 }).pageSize).toBe(1);
    expect(toListQuery({ pageSize: 100 }).pageSize).toBe(100);
  });

  it('reads a comma-separated to string as the list Sinch reads it, each entry trimmed', () => {
    expect(toListQuery({ to: '+14155553421,45607' }).to).toEqual(['+14155553421', '45607']);
    expect(toListQuery({ to: ' +14155553421 , 45607 ' }).to).toEqual(['+14155553421', '45607']);
    expect(toListQuery({ to: '45607' }).to).toEqual(['45607']);
    expect(listQueryString(toListQuery({ to: '+14155553421,45607' }))).toBe('?to=%2B14155553421,45607');
  });

  it('refuses bad dates, empty or comma-carrying numbers, and long references', () => {
    invalid({ startDate: 'yesterday' }, 'startDate');
    invalid({ endDate: new Date(Number.NaN) }, 'endDate');
    invalid({ startDate: '2024-02-30T00:00:00Z' }, 'startDate');
    invalid({ startDate: '2024-06-02T00:00:00Z', endDate: '2024-06-01T00:00:00Z' }, 'endDate');
    invalid({ to: '' }, 'to');
    invalid({ to: [] }, 'to');
    invalid({ to: ['123', 'a,b'] }, 'to[1]');
    invalid({ to: '123,,456' }, 'to');
    invalid({ to: '123, ' }, 'to');
    invalid({ to: [42] }, 'to[0]');
    invalid({ clientReference: 'x'.repeat(2049) }, 'clientReference');
    invalid({ clientReference: '' }, 'clientReference');
    invalid({ clientReference: 'bad \ud800 surrogate' }, 'clientReference');
  });

  it('names unknown parameters, with a hint for snake_case', () => {
    let caught: unknown;
    try {
      toListQuery({ page_size: 10 } as unknown as ListInboundsParams);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidParamsError);
    expect((caught as Error).message).toContain('did you mean "pageSize"');
  });
});

describe('listQueryString', () => {
  it('percent-encodes +, &, #, spaces and Unicode', () => {
    const qs = listQueryString({ to: ['+12017777777', '+4670'], clientReference: 'a&b c#d+é😀' });
    expect(qs).toBe('?to=%2B12017777777,%2B4670&client_reference=a%26b%20c%23d%2B%C3%A9%F0%9F%98%80');
  });

  it('sends dates as UTC ISO strings', () => {
    const qs = listQueryString({ startDate: new Date('2024-06-06T12:00:00+02:00'), page: 0, pageSize: 30 });
    expect(qs).toBe('?page=0&page_size=30&start_date=2024-06-06T10%3A00%3A00.000Z');
    expect(listQueryString({})).toBe('');
  });

  it('round-trips any well-formed value through a standard query parser', () => {
    const wellFormed = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        wellFormed,
        fc.array(wellFormed.filter((s) => !s.includes(',') && s.trim() !== ''), { minLength: 1, maxLength: 4 }),
        (reference, to) => {
          const qs = listQueryString(toListQuery({ clientReference: reference, to }));
          const parsed = new URLSearchParams(qs.slice(1));
          expect(parsed.get('client_reference')).toBe(reference);
          expect(parsed.get('to')!.split(',')).toEqual(to);
          expect([...parsed.keys()].sort()).toEqual(['client_reference', 'to']);
        },
      ),
    );
  });
});
