import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SMS_LENGTH, readTestSms } from '../src/inbox/test-sms.js';

const nonBlank = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');

describe('readTestSms', () => {
  it('accepts any non-blank from, to and body up to the limit, trimming the numbers only', () => {
    fc.assert(
      fc.property(nonBlank, nonBlank, fc.string({ minLength: 1, maxLength: MAX_SMS_LENGTH }).filter((s) => s.trim() !== ''), (from, to, body) => {
        expect(readTestSms({ from, to, body })).toEqual({ from: from.trim(), to: to.trim(), body });
      }),
    );
  });

  it('names the first field that is missing, blank or not a string', () => {
    fc.assert(
      fc.property(fc.constantFrom('from', 'to', 'body'), fc.constantFrom(undefined, '', '  ', 42, null, ['x']), (name, bad) => {
        const sms: Record<string, unknown> = { from: '+1', to: '2', body: 'x', [name]: bad };
        expect(readTestSms(sms)).toBe(`${name} must be a non-empty string`);
      }),
    );
  });

  it('refuses a body over the limit', () => {
    expect(readTestSms({ from: '+1', to: '2', body: 'x'.repeat(MAX_SMS_LENGTH + 1) })).toBe(`body must be at most ${MAX_SMS_LENGTH} characters`);
  });

  it('refuses anything that is not an object, arrays included, with what to send', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(null), fc.string(), fc.double(), fc.boolean(), fc.array(fc.anything())), (body) => {
        expect(readTestSms(body)).toBe('send a JSON object { from, to, body }');
      }),
    );
  });
});
