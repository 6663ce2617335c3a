import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParamsError } from '@sinch-inbounds/core';
import { replyParams, textBatchBody } from '../../src/client/batches/send-text-params.js';

const number = fc.stringMatching(/^\+?[1-9][0-9]{6,14}$/);
const text = fc.string({ minLength: 1, maxLength: 300 }).filter((s) => [...s].length <= 2000);
const kind = fc.constantFrom('none', 'summary', 'full', 'per_recipient', 'per_recipient_final' as const);

describe('textBatchBody', () => {
  it('sends exactly the documented keys, in order, `to` always an array, values unchanged', () => {
    fc.assert(
      fc.property(
        number,
        fc.oneof(number, fc.array(number, { minLength: 1, maxLength: 5 })),
        text,
        fc.option(kind, { nil: undefined }),
        fc.option(fc.constant('https://example.com/cb?x=1'), { nil: undefined }),
        fc.option(fc.string({ minLength: 1, maxLength: 50 }), { nil: undefined }),
        (from, to, body, deliveryReport, callbackUrl, clientReference) => {
          const params = { from, to, body, deliveryReport, callbackUrl, clientReference };
          const wire = JSON.parse(textBatchBody(params)) as Record<string, unknown>;
          const expected: string[] = ['from', 'to', 'body', 'delivery_report'];
          if (callbackUrl !== undefined) expected.push('callback_url');
          if (clientReference !== undefined) expected.push('client_reference');
          expect(Object.keys(wire)).toEqual(expected);
          expect(wire).toMatchObject({ from, to: typeof to === 'string' ? [to] : to, body, delivery_report: deliveryReport ?? 'per_recipient' });
          if (clientReference !== undefined) expect(wire.client_reference).toBe(clientReference);
        },
      ),
    );
  });

  it('counts characters, not UTF-16 units: 2,000 emoji fit, 2,001 do not', () => {
    expect(() => textBatchBody({ from: '1', to: '2', body: '👋'.repeat(2000) })).not.toThrow();
    expect(() => textBatchBody({ from: '1', to: '2', body: '👋'.repeat(2001) })).toThrow(InvalidParamsError);
  });
});

describe('replyParams', () => {
  it('swaps the numbers: from the one the SMS was sent to, to the one that sent it', () => {
    fc.assert(
      fc.property(number, number, text, (sender, ours, body) => {
        const params = replyParams({ from: sender, to: ours }, body, { clientReference: 'r' });
        expect(params).toEqual({ from: ours, to: sender, body, clientReference: 'r' });
      }),
    );
  });
});
