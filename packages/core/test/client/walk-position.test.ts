import { describe, expect, it } from 'vitest';
import type { InboundsPageItem } from '@sinch-inbounds/core';
import { WalkPosition } from '../../src/client/walk-position.js';
import { InboundParseError } from '../../src/parse/inbound-parse-error.js';

const T = Date.parse('2026-03-02T12:00:00.000Z');

function text(id: string | undefined, ms: number): InboundsPageItem {
  const message = { type: 'mo_text' as const, id: id ?? '', from: '46700000001', to: '12017777777', body: 'hi', received_at: new Date(ms) };
  if (id !== undefined) return message;
  const raw = { ...message, id: null, received_at: message.received_at.toISOString() };
  return { type: 'unreadable_inbound', id: undefined, raw, error: new InboundParseError('$.id', 'missing') };
}

function unplaced(id: string | undefined): InboundsPageItem {
  return { type: 'unknown_inbound', id, raw: { type: 'mo_hologram', ...(id === undefined ? {} : { id }) } };
}

const admitted = (position: WalkPosition, items: InboundsPageItem[]): (string | undefined)[] =>
  items.filter((item) => position.admit(item)).map((item) => item.id);

describe('WalkPosition', () => {
  it('drops a repeat from the second the walk has reached, however many pages back it was yielded', () => {
    const position = new WalkPosition();
    const busy = Array.from({ length: 300 }, (_, i) => text(`B${i}`, T + 999 - i));
    expect(admitted(position, busy)).toHaveLength(300);
    // A burst pushed the whole second three pages down: every one of them comes again.
    expect(admitted(position, [...busy, text('OLDER', T - 1)])).toEqual(['OLDER']);
  });

  it('drops an item from a later second than the walk has reached: a repeat or an arrival it cannot yield in order', () => {
    const position = new WalkPosition();
    expect(admitted(position, [text('A', T + 5_000), text('B', T + 1_000)])).toEqual(['A', 'B']);
    expect(admitted(position, [text('NEW', T + 2_000), text('C', T + 1_500), text('D', T)])).toEqual(['C', 'D']);
  });

  it('admits an unseen item of the second it has reached, whatever its milliseconds', () => {
    const position = new WalkPosition();
    expect(admitted(position, [text('A', T + 100)])).toEqual(['A']);
    // A server may order one second's messages otherwise than by milliseconds: never dropped as "newer".
    expect(admitted(position, [text('B', T + 900), text('A', T + 100)])).toEqual(['B']);
  });

  it('remembers every id of an item it cannot place in time, and yields an item without id or time each time', () => {
    const position = new WalkPosition();
    expect(admitted(position, [unplaced('X'), text('A', T), unplaced(undefined)])).toEqual(['X', 'A', undefined]);
    expect(admitted(position, [unplaced('X'), text('B', T - 5_000), unplaced(undefined), unplaced('X')])).toEqual(['B', undefined]);
  });

  it('yields an item without an id unless it is from a later second than the walk has reached', () => {
    const position = new WalkPosition();
    expect(admitted(position, [text('A', T), text(undefined, T + 10)])).toEqual(['A', undefined]);
    expect(admitted(position, [text(undefined, T + 1_000), text(undefined, T + 20)])).toEqual([undefined]);
  });
});
