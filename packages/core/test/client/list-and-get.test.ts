import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSinchSimulator, type SinchSimulator } from '@sinch-inbounds/testing';
import { InboundParseError, InboundsClient, InvalidParamsError, SinchApiError, silentLogger } from '@sinch-inbounds/core';
import { errorText, message, recordingLogger, rejection } from './support.js';

let sim: SinchSimulator;
let client: InboundsClient;

beforeEach(async () => {
  sim = await startSinchSimulator({ seed: 7 });
  client = new InboundsClient({
    servicePlanId: sim.servicePlanId,
    apiToken: sim.apiToken,
    baseUrl: sim.url,
    logger: silentLogger,
  });
});

afterEach(async () => {
  await sim.close();
});

describe('list', () => {
  it('returns one decoded page, newest first, with the bearer token', async () => {
    sim.seed(5);
    const page = await client.list({ pageSize: 2 });
    expect(page.count).toBe(5);
    expect(page.page).toBe(0);
    expect(page.page_size).toBe(2);
    expect(page.inbounds.map((m) => m.id)).toEqual(sim.inbounds().slice(0, 2).map((m) => m.id));
    expect(message(page.inbounds[0]).received_at).toBeInstanceOf(Date);
    const [request] = sim.requests();
    expect(request!.path).toBe(`/xms/v1/${sim.servicePlanId}/inbounds`);
    expect(request!.rawQuery).toBe('page_size=2');
    expect(request!.headers.authorization).toBe(`Bearer ${sim.apiToken}`);
  });

  it('validates pageSize before any request', async () => {
    expect(await rejection(client.list({ pageSize: 101 }))).toBeInstanceOf(InvalidParamsError);
    expect(await rejection(client.list({ pageSize: 0 }))).toBeInstanceOf(InvalidParamsError);
    expect(() => client.pages({ pageSize: 500 })).toThrow(InvalidParamsError);
    expect(() => client.iterate({ startDate: 'last week' })).toThrow(InvalidParamsError);
    expect(sim.requests()).toHaveLength(0);
  });

  it('percent-encodes +, &, #, spaces and Unicode in every value, and filters by them', async () => {
    const reference = 'a&b c#d+é😀/?=%';
    await sim.send({ to: '+12015550100', client_reference: reference, body: 'match' });
    await sim.send({ to: '+12015550100', client_reference: 'a', body: 'other reference' });
    await sim.send({ to: '+12015550199', client_reference: reference, body: 'other number' });
    const page = await client.list({ to: ['+12015550100', '+12015550101'], clientReference: reference });
    expect(page.inbounds.map((m) => m.type === 'mo_text' && m.body)).toEqual(['match']);
    const raw = sim.requests().at(-1)!.rawQuery;
    expect(raw).toBe(
      'to=%2B12015550100,%2B12015550101&client_reference=a%26b%20c%23d%2B%C3%A9%F0%9F%98%80%2F%3F%3D%25',
    );
    expect(sim.requests().at(-1)!.query.client_reference).toBe(reference);
  });

  it('sends dates as UTC ISO-8601 and filters on them', async () => {
    await sim.send({ received_at: '2024-06-06T10:00:00Z', body: 'early' });
    await sim.send({ received_at: '2024-06-06T12:00:00Z', body: 'inside' });
    await sim.send({ received_at: '2024-06-06T14:00:00Z', body: 'end is exclusive' });
    const page = await client.list({ startDate: '2024-06-06 13:00:00+02:00', endDate: new Date('2024-06-06T14:00:00Z') });
    expect(page.inbounds.map((m) => m.type === 'mo_text' && m.body)).toEqual(['inside']);
    expect(sim.requests().at(-1)!.query).toMatchObject({
      start_date: '2024-06-06T11:00:00.000Z',
      end_date: '2024-06-06T14:00:00.000Z',
    });
  });

  it('keeps a date-looking body as text', async () => {
    await sim.send({ body: '2024-06-06T14:16:54Z' });
    const [msg] = (await client.list()).inbounds;
    expect(msg!.type === 'mo_text' && msg!.body).toBe('2024-06-06T14:16:54Z');
  });

  it('turns a 400 into a SinchApiError with code and text, without retrying it', async () => {
    const error = await rejection(client.list({ to: 'not-a-number' }));
    expect(error).toBeInstanceOf(SinchApiError);
    const e = error as SinchApiError;
    expect(e.status).toBe(400);
    expect(e.code).toBe('syntax_invalid_parameter_format');
    expect(e.text).toContain("'to'");
    expect(e.body).toMatchObject({ code: 'syntax_invalid_parameter_format' });
    expect(e.headers['content-type']).toContain('application/json');
    expect(sim.requests()).toHaveLength(1);
  });

  it('answers a wrong token with a 401 SinchApiError that does not contain the token', async () => {
    const logger = recordingLogger();
    const wrong = new InboundsClient({ servicePlanId: sim.servicePlanId, apiToken: 'WRONG-token-123', baseUrl: sim.url, logger });
    const error = await rejection(wrong.list());
    expect(error).toBeInstanceOf(SinchApiError);
    expect((error as SinchApiError).status).toBe(401);
    expect(errorText(error)).not.toContain('WRONG-token-123');
    expect(logger.text()).not.toContain('WRONG-token-123');
  });

  it('keeps an invalid item in its place as unreadable, with the error, and reads the rest', async () => {
    sim.seed(3);
    await sim.send({ id: 'BROKEN-1', received_at: '2020-01-01T00:00:00Z', body: 42 as unknown as string, to: '12015550123' });
    await sim.send({ id: 'FINE-1', received_at: '2020-01-01T00:00:01Z', body: 'fine', to: '12015550123' });
    const page = await client.list({ startDate: '2019-01-01T00:00:00Z', to: '12015550123' });
    expect(page.inbounds.map((item) => [item.type, item.id])).toEqual([
      ['mo_text', 'FINE-1'],
      ['unreadable_inbound', 'BROKEN-1'],
    ]);
    const broken = page.inbounds[1]!;
    if (broken.type !== 'unreadable_inbound') throw new Error('expected an unreadable item');
    expect(broken.error).toBeInstanceOf(InboundParseError);
    expect(broken.error.path).toBe('$.inbounds[1].body');
    expect(broken.raw).toMatchObject({ id: 'BROKEN-1', body: 42 });
    const got = await client.get('BROKEN-1');
    expect(got.type === 'unreadable_inbound' && got.error.path).toBe('$.body');
  });
});

describe('a compressing proxy', () => {
  it('is read through: gzip answers are decompressed', async () => {
    const { inbound } = await sim.send({ body: 'through a proxy' });
    // A proxy in front of the simulator that gzips whatever it answers.
    const proxy = createServer((req, res) => {
      void fetch(`${sim.url}${req.url}`, { headers: { authorization: req.headers.authorization ?? '' } }).then(async (upstream) => {
        const body = gzipSync(Buffer.from(await upstream.text()));
        res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const viaProxy = new InboundsClient({
        servicePlanId: sim.servicePlanId,
        apiToken: sim.apiToken,
        baseUrl: `http://127.0.0.1:${port}`,
        logger: silentLogger,
      });
      expect((await viaProxy.get(inbound.id)).id).toBe(inbound.id);
      expect((await viaProxy.list()).inbounds.map((m) => m.id)).toEqual([inbound.id]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('get', () => {
  it('fetches one message by id', async () => {
    const { inbound } = await sim.send({ body: 'hello' });
    const msg = await client.get(inbound.id);
    expect(msg.id).toBe(inbound.id);
    expect(msg.type === 'mo_text' && msg.body).toBe('hello');
    expect(sim.requests()[0]!.path).toBe(`/xms/v1/${sim.servicePlanId}/inbounds/${inbound.id}`);
  });

  it('encodes the id into the path: ../x stays a literal id', async () => {
    sim.seed(2);
    const error = await rejection(client.get('../batches'));
    expect(error).toBeInstanceOf(SinchApiError);
    expect((error as SinchApiError).status).toBe(404);
    expect(sim.requests()[0]!.path).toBe(`/xms/v1/${sim.servicePlanId}/inbounds/..%2Fbatches`);
  });

  it('round-trips an id with reserved and Unicode characters', async () => {
    const id = 'a/b c?d#e+f&é😀%';
    await sim.send({ id, body: 'odd id' });
    const msg = await client.get(id);
    expect(msg.id).toBe(id);
    expect(sim.requests()[0]!.path).toBe(`/xms/v1/${sim.servicePlanId}/inbounds/${encodeURIComponent(id)}`);
  });

  it('refuses ids no URL can carry, before any request', async () => {
    for (const id of ['', '.', '..', 'x\ud800']) {
      expect(await rejection(client.get(id))).toBeInstanceOf(InvalidParamsError);
    }
    expect(await rejection(client.get(42 as unknown as string))).toBeInstanceOf(InvalidParamsError);
    expect(sim.requests()).toHaveLength(0);
  });

  it('answers an unknown id with a 404 SinchApiError', async () => {
    const error = (await rejection(client.get('01UNKNOWN'))) as SinchApiError;
    expect(error).toBeInstanceOf(SinchApiError);
    expect(error.status).toBe(404);
    expect(error.message).toContain('404');
    expect(sim.requests()).toHaveLength(1);
  });
});
