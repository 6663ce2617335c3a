import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { InboundParseError, InboundsClient, silentLogger, type InboundsPageItem } from '@sinch-inbounds/core';
import { collect } from './support.js';

// End to end through a real socket: the simulator puts items this version cannot read
// on its list pages, and the client must hand every one back in its place.
let sim: SinchSimulator;
let client: InboundsClient;

beforeEach(async () => {
  sim = await startSinchSimulator({ seed: 11 });
  client = new InboundsClient({ servicePlanId: sim.servicePlanId, apiToken: sim.apiToken, baseUrl: sim.url, logger: silentLogger });
});

afterEach(async () => {
  await sim.close();
});

const kinds = (items: InboundsPageItem[]): string[] => items.map((i) => i.type);

describe('iterate over pages holding items it cannot read', () => {
  it('yields every item once, in place, and goes on to the end', async () => {
    sim.seed(45);
    const seeded = sim.inbounds();
    // Between seeded messages: a future type, a known type with a bad date, one without an id, a non-object.
    const at = (i: number): string => new Date(Date.parse(seeded[i]!.received_at) + 1).toISOString();
    sim.storeRawItem({ id: 'FUTURE-1', type: 'mo_unicode', to: '12017777777', received_at: at(3), text: 'ü' });
    sim.storeRawItem({ ...seeded[10], id: 'BAD-DATE', received_at: 'yesterday' }, { received_at: at(10) });
    sim.storeRawItem({ type: 'mo_text', body: 'no id' }, { received_at: at(20) });
    sim.storeRawItem('not an object', { received_at: at(30) });
    const items = await collect(client.iterate({ pageSize: 7 }));
    expect(items).toHaveLength(49);
    expect(items.filter((i) => i.type.startsWith('mo_')).map((i) => i.id)).toEqual(seeded.map((m) => m.id));
    expect(items[3]).toEqual({
      type: 'unknown_inbound',
      id: 'FUTURE-1',
      raw: { id: 'FUTURE-1', type: 'mo_unicode', to: '12017777777', received_at: at(3), text: 'ü' },
    });
    const badDate = items[11]!;
    expect(badDate.type === 'unreadable_inbound' && [badDate.id, badDate.error.path]).toEqual(['BAD-DATE', '$.inbounds[4].received_at']);
    const noId = items[22]!;
    expect(noId.type === 'unreadable_inbound' && [noId.id, noId.error.path]).toEqual([undefined, '$.inbounds[1].id']);
    const notObject = items[33]!;
    expect(notObject.type === 'unreadable_inbound' && notObject.raw).toBe('not an object');
    expect(notObject.type === 'unreadable_inbound' && notObject.error).toBeInstanceOf(InboundParseError);
    expect(kinds(items).filter((k) => !k.startsWith('mo_'))).toEqual([
      'unknown_inbound',
      'unreadable_inbound',
      'unreadable_inbound',
      'unreadable_inbound',
    ]);
  });

  it('loses nothing when the newest item of the first page has no readable date and messages arrive mid-walk', async () => {
    sim.seed(30);
    const snapshot = sim.inbounds().map((m) => m.id);
    // Newest of all, and no date the client can read: the walk cannot pin an end date on it.
    sim.storeRawItem({ id: 'NEWEST-ODD', type: 'mo_text', received_at: 'soon' }, { received_at: new Date(Date.now() + 1000) });
    const seen: (string | undefined)[] = [];
    for await (const item of client.iterate({ pageSize: 10, signal: AbortSignal.timeout(20_000) })) {
      seen.push(item.id);
      if (seen.length === 5) await sim.send({ body: 'arrived while paging' });
    }
    expect(seen[0]).toBe('NEWEST-ODD');
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of snapshot) expect(seen).toContain(id);
  });

  it('get() returns an unknown or unreadable item instead of throwing', async () => {
    sim.storeRawItem({ id: 'FUTURE-2', type: 'mo_unicode' });
    sim.storeRawItem({ id: 'BROKEN-2', type: 'mo_binary', from: '1', to: '2', received_at: '2024-06-06T14:16:54Z' });
    expect(await client.get('FUTURE-2')).toEqual({ type: 'unknown_inbound', id: 'FUTURE-2', raw: { id: 'FUTURE-2', type: 'mo_unicode' } });
    const broken = await client.get('BROKEN-2');
    expect(broken.type === 'unreadable_inbound' && broken.error.path).toBe('$.body');
  });
});
