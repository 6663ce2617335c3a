import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeKeyOf, parseCallback } from '../../src/index.js';

// Few letters and every delimiter the old encoding joined with (plus JSON's own), so
// that equal fields, and fields that only differ by where a delimiter sits, are common.
const text = fc.string({ unit: fc.constantFrom('a', ':', '/', '|', ',', '"', '\\'), minLength: 1, maxLength: 3 });
const int = fc.integer({ min: 0, max: 3 });
const instant = fc.integer({ min: 0, max: 3 }).map((n) => new Date(Date.UTC(2025, 0, 13, 9, 22, 40) + n).toISOString());

/** A wire callback, with what identifies it for deduplication. */
interface Sample {
  wire: Record<string, unknown>;
  identity: unknown;
}

const inbound = fc.record({ type: fc.constantFrom('mo_text', 'mo_binary', 'mo_media'), id: text }).map(
  ({ type, id }): Sample => {
    const base = { id, from: '12015555555', to: '12017777777', received_at: '2024-06-06T14:16:54.777Z' };
    const body = type === 'mo_text' ? 'hi' : type === 'mo_binary' ? 'aGk=' : { message: 'hi' };
    const extra = type === 'mo_binary' ? { udh: '050003010201' } : {};
    // Every MO type shares one key per id: an id is one message.
    return { wire: { ...base, ...extra, type, body }, identity: ['mo', id] };
  },
);

const recipientReport = fc
  .record({
    type: fc.constantFrom('recipient_delivery_report_sms', 'recipient_delivery_report_mms'),
    batch_id: text,
    recipient: text,
    code: int,
    status: text,
    at: instant,
  })
  .map((r): Sample => ({ wire: r, identity: ['rdr', r.type, r.batch_id, r.recipient, r.code, r.status, r.at] }));

const batchReport = fc
  .record({
    type: fc.constantFrom('delivery_report_sms', 'delivery_report_mms'),
    batch_id: text,
    total_message_count: int,
    statuses: fc.array(
      fc.record({ code: int, status: text, count: int, recipients: fc.array(text, { maxLength: 3 }) }, { requiredKeys: ['code', 'status', 'count'] }),
      { maxLength: 3 },
    ),
  })
  .map(
    (r): Sample => ({
      wire: r,
      identity: ['dr', r.type, r.batch_id, r.total_message_count, r.statuses.map((s) => [s.code, s.status, s.count, s.recipients ?? null])],
    }),
  );

const unknownType = fc
  .record({ type: text.map((t) => `x_${t}`), id: text })
  .map((r): Sample => ({ wire: r, identity: ['unknown', r.type, r.id] }));

const sample = fc.oneof(inbound, recipientReport, batchReport, unknownType);

function keyOf(wire: unknown): string | undefined {
  return dedupeKeyOf(parseCallback(JSON.stringify(wire)));
}

describe('dedupeKeyOf is injective', () => {
  it('two callbacks share a key exactly when their identities are equal', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ka = keyOf(a.wire);
        const kb = keyOf(b.wire);
        expect(ka).toBeTypeOf('string');
        expect(ka === kb).toBe(JSON.stringify(a.identity) === JSON.stringify(b.identity));
      }),
      { numRuns: 3000 },
    );
  });

  it('never lets a delimiter moved between fields make two callbacks meet', () => {
    // Pairs built to meet under any encoding that joins fields with a delimiter: the
    // same characters, split between two fields (or two list items) at different places.
    const sep = fc.constantFrom(':', '/', '|', ',', '","', '"');
    const nearMiss = fc.tuple(text, text, text, sep).chain(([x, y, z, d]) =>
      fc.constantFrom(
        [
          { type: 'recipient_delivery_report_sms', batch_id: x + d + y, recipient: z, code: 0, status: 'Delivered', at: '2025-01-13T09:22:40.914Z' },
          { type: 'recipient_delivery_report_sms', batch_id: x, recipient: y + d + z, code: 0, status: 'Delivered', at: '2025-01-13T09:22:40.914Z' },
        ],
        [
          { type: 'delivery_report_sms', batch_id: 'B', total_message_count: 1, statuses: [{ code: 0, status: 'Delivered', count: 1, recipients: [x + d + y] }] },
          { type: 'delivery_report_sms', batch_id: 'B', total_message_count: 1, statuses: [{ code: 0, status: 'Delivered', count: 1, recipients: [x, y] }] },
        ],
        [
          { type: 'delivery_report_sms', batch_id: 'B', total_message_count: 1, statuses: [{ code: 0, status: x + d + y, count: 1 }] },
          { type: 'delivery_report_sms', batch_id: 'B', total_message_count: 1, statuses: [{ code: 0, status: x, count: 1 }, { code: 0, status: y, count: 1 }] },
        ],
        [
          { type: `x_${x}${d}${y}`, id: z },
          { type: `x_${x}`, id: y + d + z },
        ],
      ),
    );
    fc.assert(
      fc.property(nearMiss, ([a, b]) => {
        expect(keyOf(a)).not.toBe(keyOf(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('separates the three collisions of the old encoding', () => {
    const rdr = (batch_id: string, recipient: string) => ({
      type: 'recipient_delivery_report_sms',
      batch_id,
      recipient,
      code: 0,
      status: 'Delivered',
      at: '2025-01-13T09:22:40.914Z',
    });
    expect(keyOf(rdr('BATCH:1', '46700000000'))).not.toBe(keyOf(rdr('BATCH', '1:46700000000')));

    const batch = (recipients: string[]) => ({
      type: 'delivery_report_sms',
      batch_id: 'B1',
      total_message_count: 2,
      statuses: [{ code: 0, status: 'Delivered', count: 2, recipients }],
    });
    expect(keyOf(batch(['111,222']))).not.toBe(keyOf(batch(['111', '222'])));

    expect(keyOf({ type: 'new_event:v2', id: 'abc' })).not.toBe(keyOf({ type: 'new_event', id: 'v2:abc' }));
  });

  it('keeps mo:<id> for inbounds, whatever the MO type', () => {
    expect(keyOf({ type: 'mo_text', id: '01ABC', from: '1', to: '2', body: 'x', received_at: '2024-06-06T14:16:54Z' })).toBe('mo:01ABC');
  });
});
