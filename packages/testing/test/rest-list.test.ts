import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startSinchSimulator, type SinchSimulator, type WireInbound } from '@sinch-inbounds/testing';

// The REST side is checked with plain fetch only, so it is held to SPEC §2 on its own.
const NOW = Date.UTC(2025, 0, 13, 12, 0, 0);
const HOUR = 3600_000;
let sim: SinchSimulator;

beforeEach(async () => {
  sim = await startSinchSimulator({ seed: 7, now: () => NOW });
});
afterEach(async () => sim.close());

interface ListAnswer {
  count: number;
  page: number;
  page_size: number;
  inbounds: WireInbound[];
}

async function list(query: string): Promise<{ status: number; body: ListAnswer }> {
  const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds${query}`, {
    headers: { authorization: `Bearer ${sim.apiToken}` },
  });
  return { status: res.status, body: (await res.json()) as ListAnswer };
}

async function listError(query: string): Promise<{ status: number; code: string; text: string }> {
  const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds${query}`, {
    headers: { authorization: `Bearer ${sim.apiToken}` },
  });
  const body = (await res.json()) as { code: string; text: string };
  return { status: res.status, ...body };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

describe('list inbounds', () => {
  test('answers newest first with count, page and the number of items on this page', async () => {
    await sim.send({ id: 'A', received_at: iso(NOW - 3 * HOUR) });
    await sim.send({ id: 'B', received_at: iso(NOW - 1 * HOUR) });
    await sim.send({ id: 'C', received_at: iso(NOW - 2 * HOUR) });
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(body).toMatchObject({ count: 3, page: 0, page_size: 3 });
    expect(body.inbounds.map((m) => m.id)).toEqual(['B', 'C', 'A']);
  });

  test('breaks ties on received_at by arrival, latest stored first', async () => {
    for (const id of ['M1', 'M3', 'M2']) await sim.send({ id, received_at: iso(NOW - HOUR) });
    const { body } = await list('');
    expect(body.inbounds.map((m) => m.id)).toEqual(['M2', 'M3', 'M1']);
    // send() with the default date in one millisecond (a fixed clock here) keeps arrival order too.
    sim.clearInbounds();
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push((await sim.send()).inbound.id);
    expect((await list('')).body.inbounds.map((m) => m.id)).toEqual(sent.reverse());
  });

  test('seed() lists message 0 first even when every message has the same date', async () => {
    sim.seed(5, (i) => ({ id: `S${i}`, received_at: iso(NOW - HOUR) }));
    expect((await list('')).body.inbounds.map((m) => m.id)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
  });

  test('defaults page_size to 30 and pages through with page', async () => {
    sim.seed(65);
    const first = await list('');
    expect(first.body).toMatchObject({ count: 65, page: 0, page_size: 30 });
    const last = await list('?page=2');
    expect(last.body).toMatchObject({ count: 65, page: 2, page_size: 5 });
    const all = [...first.body.inbounds, ...(await list('?page=1')).body.inbounds, ...last.body.inbounds];
    expect(all.map((m) => m.id)).toEqual(sim.inbounds().map((m) => m.id));
  });

  test('page_size 1 and 100 are the bounds', async () => {
    sim.seed(150);
    const one = await list('?page_size=1&page=149');
    expect(one.body).toMatchObject({ count: 150, page: 149, page_size: 1 });
    expect(one.body.inbounds[0]!.id).toBe(sim.inbounds()[149]!.id);
    const hundred = await list('?page_size=100&page=1');
    expect(hundred.body).toMatchObject({ count: 150, page: 1, page_size: 50 });
  });

  test('an empty result and a page past the end are 200 with no items', async () => {
    expect((await list('')).body).toEqual({ count: 0, page: 0, page_size: 0, inbounds: [] });
    sim.seed(3);
    expect((await list('?page=5')).body).toEqual({ count: 3, page: 5, page_size: 0, inbounds: [] });
  });

  test('start_date defaults to now − 24 h and is inclusive; end_date is exclusive', async () => {
    await sim.send({ id: 'old', received_at: iso(NOW - 24 * HOUR - 1) });
    await sim.send({ id: 'edge', received_at: iso(NOW - 24 * HOUR) });
    await sim.send({ id: 'new', received_at: iso(NOW - HOUR) });
    expect((await list('')).body.inbounds.map((m) => m.id)).toEqual(['new', 'edge']);
    const start = encodeURIComponent(iso(NOW - 25 * HOUR));
    expect((await list(`?start_date=${start}`)).body.inbounds.map((m) => m.id)).toEqual(['new', 'edge', 'old']);
    const end = encodeURIComponent(iso(NOW - HOUR));
    expect((await list(`?start_date=${start}&end_date=${end}`)).body.inbounds.map((m) => m.id)).toEqual(['edge', 'old']);
    const exactStart = encodeURIComponent(iso(NOW - HOUR));
    expect((await list(`?start_date=${exactStart}`)).body.inbounds.map((m) => m.id)).toEqual(['new']);
  });

  test('dates in any Sinch format are accepted as filters', async () => {
    await sim.send({ id: 'x', received_at: '2025-01-13T10:00:00Z' });
    const { body } = await list(`?start_date=${encodeURIComponent('2025-01-13 11:00:00+0100')}`);
    expect(body.inbounds.map((m) => m.id)).toEqual(['x']);
    const later = await list(`?start_date=${encodeURIComponent('2025-01-13T10:00:00.001Z')}`);
    expect(later.body.count).toBe(0);
  });

  test('to filters by a comma list, %2B-encoded plus signs match numbers stored with or without +', async () => {
    await sim.send({ id: 'a', to: '12017777777', received_at: iso(NOW - 1000) });
    await sim.send({ id: 'b', to: '+46700000000', received_at: iso(NOW - 2000) });
    await sim.send({ id: 'c', to: '447700900000', received_at: iso(NOW - 3000) });
    await sim.send({ id: 'd', to: '12345', received_at: iso(NOW - 4000) });
    expect((await list('?to=%2B12017777777')).body.inbounds.map((m) => m.id)).toEqual(['a']);
    expect((await list('?to=46700000000,12345')).body.inbounds.map((m) => m.id)).toEqual(['b', 'd']);
    expect((await list('?to=%2B46700000000%2C447700900000')).body.inbounds.map((m) => m.id)).toEqual(['b', 'c']);
    expect((await list('?to=99999999')).body).toEqual({ count: 0, page: 0, page_size: 0, inbounds: [] });
  });

  test('a raw + in to (decoded as a space, the official SDK bug) is refused, not silently unmatched', async () => {
    const error = await listError('?to=+12017777777');
    expect(error.status).toBe(400);
    expect(error.code).toBe('syntax_invalid_parameter_format');
    expect(error.text).toContain('%2B');
  });

  test('client_reference matches exactly, URL-decoded', async () => {
    await sim.send({ id: 'r1', client_reference: 'a&b c#d', received_at: iso(NOW - 1000) });
    await sim.send({ id: 'r2', client_reference: 'a', received_at: iso(NOW - 2000) });
    await sim.send({ id: 'r3', received_at: iso(NOW - 3000) });
    const encoded = encodeURIComponent('a&b c#d');
    expect((await list(`?client_reference=${encoded}`)).body.inbounds.map((m) => m.id)).toEqual(['r1']);
    // What the official SDK sends for the same value: cut at '&', so it finds the wrong message.
    expect((await list('?client_reference=a&b c')).body.inbounds.map((m) => m.id)).toEqual(['r2']);
  });

  test('filters combine with paging', async () => {
    sim.seed(90, (i) => ({ client_reference: i % 2 === 0 ? 'even' : 'odd' }));
    const { body } = await list('?client_reference=even&to=%2B12017777777&page_size=4&page=1');
    const expected = sim.inbounds().filter((m) => m.client_reference === 'even' && m.to === '12017777777');
    expect(body.count).toBe(expected.length);
    expect(body.inbounds.map((m) => m.id)).toEqual(expected.slice(4, 8).map((m) => m.id));
  });

  test.each([
    ['?page_size=500', 'syntax_constraint_violation'],
    ['?page_size=0', 'syntax_constraint_violation'],
    ['?page=-1', 'syntax_constraint_violation'],
    ['?page=abc', 'syntax_invalid_parameter_format'],
    ['?page_size=1.5', 'syntax_invalid_parameter_format'],
    ['?page_size=', 'syntax_invalid_parameter_format'],
    ['?start_date=yesterday', 'syntax_invalid_parameter_format'],
    ['?end_date=2024-02-30T00:00:00Z', 'syntax_invalid_parameter_format'],
    ['?to=not-a-number', 'syntax_invalid_parameter_format'],
    [`?client_reference=${'x'.repeat(2049)}`, 'syntax_constraint_violation'],
  ])('%s → 400 %s', async (query, code) => {
    const error = await listError(query);
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
    expect(error.text.length).toBeGreaterThan(0);
  });

  test('client_reference of exactly 2048 characters is accepted', async () => {
    expect((await list(`?client_reference=${'x'.repeat(2048)}`)).status).toBe(200);
  });
});

describe('retrieve an inbound', () => {
  test('returns the stored wire object', async () => {
    const { inbound } = await sim.send({ type: 'mo_binary', id: '01JHFG3Q8W7N2B6V0C4X1Z9KMR' });
    const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds/${inbound.id}`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(inbound);
  });

  test('percent-decodes the id from the path', async () => {
    await sim.send({ id: 'weird/../id ?#' });
    const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds/${encodeURIComponent('weird/../id ?#')}`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as WireInbound).id).toBe('weird/../id ?#');
  });

  test('an unknown id is 404 with {code, text}', async () => {
    const res = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds/01NOPE`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  test('other methods are 405 with Allow: GET; unknown paths 404', async () => {
    const post = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const del = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds/x`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    // (…/batches is served now: sending is simulated.)
    const other = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/groups`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect(other.status).toBe(404);
  });
});

describe('seed and stored data', () => {
  test('seed(100000) stores every message inside the default window, listable page by page', async () => {
    sim.seed(100_000);
    const all = sim.inbounds();
    expect(all).toHaveLength(100_000);
    const strictlyNewestFirst = all.every((m, i) => i === 0 || Date.parse(all[i - 1]!.received_at) > Date.parse(m.received_at));
    expect(strictlyNewestFirst).toBe(true);
    expect(Date.parse(all.at(-1)!.received_at)).toBeGreaterThanOrEqual(NOW - 24 * HOUR);
    const last = await list('?page_size=100&page=999');
    expect(last.body).toMatchObject({ count: 100_000, page: 999, page_size: 100 });
    expect(last.body.inbounds.at(-1)!.id).toBe(all.at(-1)!.id);
    const byTo = await list('?to=447700900000&page_size=1');
    expect(byTo.body.count).toBe(all.filter((m) => m.to === '447700900000').length);
  });

  test('the same seed generates the same messages', async () => {
    const other = await startSinchSimulator({ seed: 7, now: () => NOW });
    try {
      sim.seed(20);
      other.seed(20);
      expect(other.inbounds()).toEqual(sim.inbounds());
      expect(other.servicePlanId).toBe(sim.servicePlanId);
    } finally {
      await other.close();
    }
  });

  test('send() fills in realistic defaults for each type', async () => {
    const text = (await sim.send()).inbound;
    expect(text).toMatchObject({ type: 'mo_text', to: '12017777777', received_at: iso(NOW) });
    expect(text.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(text.from).toMatch(/^\d{11}$/);
    const binary = (await sim.send({ type: 'mo_binary' })).inbound;
    expect(binary.type === 'mo_binary' && Buffer.from(binary.body, 'base64').length).toBeGreaterThan(0);
    const media = (await sim.send({ type: 'mo_media' })).inbound;
    expect(media.type === 'mo_media' && media.body.media?.[0]).toMatchObject({ status: 'Uploaded', code: 0 });
    const link = media.type === 'mo_media' ? media.body.media?.[0]?.url : undefined;
    const download = await fetch(link!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
  });

  test('keeps a date string verbatim and refuses an invalid one or a duplicate id', async () => {
    const { inbound } = await sim.send({ received_at: '2025-01-13 09:00:00+0000', sent_at: new Date(NOW - 5000) });
    expect(inbound.received_at).toBe('2025-01-13 09:00:00+0000');
    expect(inbound.sent_at).toBe(iso(NOW - 5000));
    await expect(sim.send({ received_at: 'not a date' })).rejects.toThrow(TypeError);
    await expect(sim.send({ id: inbound.id })).rejects.toThrow(/already stored/);
    expect(() => sim.seed(-1)).toThrow(RangeError);
  });

  test('clearInbounds() empties the store', async () => {
    sim.seed(10);
    sim.clearInbounds();
    expect(sim.inbounds()).toEqual([]);
    expect((await list('')).body.count).toBe(0);
  });

  test('requests() records what the REST side served, with the raw query', async () => {
    await list('?to=%2B12017777777&page_size=2');
    const [record] = sim.requests();
    expect(record).toMatchObject({
      method: 'GET',
      route: 'list',
      status: 200,
      rawQuery: 'to=%2B12017777777&page_size=2',
      query: { to: '+12017777777', page_size: '2' },
    });
    sim.resetRequests();
    expect(sim.requests()).toEqual([]);
  });
});

describe('raw items (storeRawItem)', () => {
  test('serves any JSON value on the list exactly as given, in received_at order, and by id', async () => {
    await sim.send({ id: 'OLD', received_at: new Date(NOW - 3 * HOUR) });
    await sim.send({ id: 'NEW', received_at: new Date(NOW - HOUR) });
    const future = { id: 'FUTURE', type: 'mo_unicode', to: '12017777777', received_at: new Date(NOW - 2 * HOUR).toISOString(), text: 'x' };
    sim.storeRawItem(future);
    sim.storeRawItem(42, { received_at: new Date(NOW - 30 * 60_000) });
    sim.storeRawItem({ id: 'BAD', type: 'mo_text', received_at: 'not a date' }, { received_at: new Date(NOW - 4 * HOUR) });
    const { body } = await list('');
    expect(body.count).toBe(5);
    expect(body.inbounds).toEqual([42, expect.objectContaining({ id: 'NEW' }), future, expect.objectContaining({ id: 'OLD' }), { id: 'BAD', type: 'mo_text', received_at: 'not a date' }]);
    expect(sim.inbounds().map((m) => m.id)).toEqual(['NEW', 'OLD']);
    const one = await fetch(`${sim.url}/xms/v1/${sim.servicePlanId}/inbounds/FUTURE`, { headers: { authorization: `Bearer ${sim.apiToken}` } });
    expect(await one.json()).toEqual(future);
    expect((await list('?to=12017777777')).body.inbounds.map((m) => (m as { id?: string }).id)).toContain('FUTURE');
  });
});
