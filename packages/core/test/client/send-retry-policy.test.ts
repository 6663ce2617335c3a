import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboundParseError } from '@sinch-inbounds/core';
import { failedBeforeConnecting, retryUnsent } from '../../src/client/send-retry-policy.js';
import { readTextBatch } from '../../src/parse/text-batch.js';

const withCode = (code: string): Error => Object.assign(new Error(code), { code });
const answer = (status: number, headers: Record<string, string> = {}) => ({ type: 'answer' as const, answer: { status, headers, text: '' } });

describe('retryUnsent', () => {
  it('retries only failures before any connection existed', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(retryUnsent({ type: 'network', cause: withCode(code) }), code).toBe(true);
      // undici: TypeError('fetch failed') with the system error as its cause.
      expect(retryUnsent({ type: 'network', cause: new TypeError('fetch failed', { cause: withCode(code) }) }), code).toBe(true);
    }
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET']) {
      expect(retryUnsent({ type: 'network', cause: withCode(code) }), code).toBe(false);
      expect(retryUnsent({ type: 'network', cause: new TypeError('fetch failed', { cause: withCode(code) }) }), code).toBe(false);
    }
    expect(retryUnsent({ type: 'network', cause: new Error('no code at all') })).toBe(false);
    expect(retryUnsent({ type: 'timeout' })).toBe(false);
  });

  it('needs every address of a host to have refused (AggregateError)', () => {
    const all = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]);
    const mixed = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNRESET')]);
    expect(failedBeforeConnecting(all)).toBe(true);
    expect(failedBeforeConnecting(mixed)).toBe(false);
    expect(failedBeforeConnecting(new AggregateError([]))).toBe(false);
  });

  it('retries 429 and 503 only with a readable Retry-After, never another status', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.boolean(), (status, withRetryAfter) => {
        const headers: Record<string, string> = withRetryAfter ? { 'retry-after': '1' } : {};
        expect(retryUnsent(answer(status, headers))).toBe(withRetryAfter && (status === 429 || status === 503));
      }),
    );
    expect(retryUnsent(answer(503, { 'retry-after': 'soon' }))).toBe(false);
  });
});

describe('readTextBatch', () => {
  it('never fails an answer that has an id, never returns an Invalid Date, keeps the answer raw', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string(), fc.integer())), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
    const answer = fc.record(
      { id: fc.string({ minLength: 1 }), to: value, from: value, body: value, created_at: value, modified_at: value, canceled: value, send_at: value },
      { requiredKeys: ['id'] },
    );
    fc.assert(
      fc.property(answer, (obj) => {
        const batch = readTextBatch(JSON.stringify(obj));
        expect(batch.id).toBe(obj.id);
        for (const key of ['created_at', 'modified_at', 'send_at'] as const) {
          const d = batch[key];
          if (d !== undefined) expect(Number.isNaN(d.getTime())).toBe(false);
        }
        expect(batch.to.every((r) => typeof r === 'string')).toBe(true);
      }),
    );
  });

  it('fails only an answer with no string id', () => {
    for (const text of ['{}', '{"id":""}', '{"id":7}', '[]', 'not json']) {
      expect(() => readTextBatch(text), text).toThrow(InboundParseError);
    }
  });
});
