import fc from 'fast-check';
import type { InboundMessage } from '@sinch-inbounds/core';
import { describe, expect, it } from 'vitest';
import { InboxStore } from '../src/inbox/inbox-store.js';

const text = (id: string, receivedMs: number): InboundMessage => ({
  id,
  type: 'mo_text',
  from: '+12015550123',
  to: '12017777777',
  body: `message ${id}`,
  received_at: new Date(receivedMs),
});

describe('InboxStore', () => {
  it('keeps each id once, lists newest first (ids break ties), and tells listeners of new ones only', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D', 'E'), fc.integer({ min: 0, max: 5 })), { maxLength: 30 }), (arrivals) => {
        const store = new InboxStore();
        const heard: string[] = [];
        store.onAdded((message) => heard.push(message.id));
        const firstById = new Map<string, InboundMessage>();
        for (const [id, t] of arrivals) {
          const message = text(id, t);
          expect(store.add(message)).toBe(!firstById.has(id));
          if (!firstById.has(id)) firstById.set(id, message);
        }
        expect(heard).toEqual([...firstById.keys()]);
        const listed = store.list();
        expect(listed).toHaveLength(firstById.size);
        for (let i = 1; i < listed.length; i++) {
          const [newer, older] = [listed[i - 1]!, listed[i]!];
          const dt = newer.received_at.getTime() - older.received_at.getTime();
          expect(dt > 0 || (dt === 0 && newer.id > older.id)).toBe(true);
        }
      }),
    );
  });

  it('stops telling a listener once it unsubscribes', () => {
    const store = new InboxStore();
    const heard: string[] = [];
    const unsubscribe = store.onAdded((message) => heard.push(message.id));
    store.add(text('A', 1));
    unsubscribe();
    store.add(text('B', 2));
    expect(heard).toEqual(['A']);
    expect(store.list().map((m) => m.id)).toEqual(['B', 'A']);
  });
});
