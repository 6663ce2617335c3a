import { afterEach, describe, expect, it } from 'vitest';
import {
  InboundsClient,
  InvalidParamsError,
  SentButUnreadableError,
  SinchApiError,
  SinchNetworkError,
  SinchTimeoutError,
  rawPayload,
  silentLogger,
  type FetchLike,
  type InboundsClientSettings,
  type MoText,
} from '@sinch-inbounds/core';
import { closedPort, json, reset, silence, startMiniSinch, type MiniSinch, type Responder } from './mini-sinch.js';
import { errorText, recordingLogger, rejection } from './support.js';

const PLAN = 'plan-0001';
const TOKEN = 'token-abcdef-0123456789';

// A 201 answer shaped like the example in Sinch's API reference.
function created(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '01FC66621XXXXX119Z8PMV1QPQ',
    to: ['12015555555'],
    from: '12017777777',
    canceled: false,
    body: 'Thanks, got it',
    type: 'mt_text',
    created_at: '2024-06-06T14:16:55.101Z',
    modified_at: '2024-06-06T14:16:55.101Z',
    delivery_report: 'per_recipient',
    ...extra,
  };
}

const inbound: MoText = {
  type: 'mo_text',
  id: '01W4FFL35P4NC4K35INBOUND01',
  from: '12015555555',
  to: '12017777777',
  body: 'Hello John!',
  received_at: new Date('2024-06-06T14:16:54.777Z'),
};

let server: MiniSinch | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each([
  ['node:http', undefined],
  ['injected fetch', ((url, init) => fetch(url, init)) satisfies FetchLike],
] as const)('over %s', (_, fetchFn) => {
  async function setup(responders: Responder[], settings: InboundsClientSettings = {}): Promise<{ server: MiniSinch; client: InboundsClient }> {
    server = await startMiniSinch(...responders);
    const client = new InboundsClient({
      servicePlanId: PLAN,
      apiToken: TOKEN,
      baseUrl: server.url,
      logger: silentLogger,
      retry: { baseDelayMs: 1, maxDelayMs: 20 },
      ...(fetchFn === undefined ? {} : { fetch: fetchFn }),
      ...settings,
    });
    return { server, client };
  }

  describe('the request, exactly as Sinch documents it', () => {
    it('replies from the number the SMS was sent to, to the number that sent it', async () => {
      const { server, client } = await setup([json(201, created())]);
      const batch = await client.reply(inbound, 'Thanks, got it');
      expect(server.requests).toHaveLength(1);
      const [req] = server.requests;
      expect(req!.method).toBe('POST');
      expect(req!.url).toBe(`/xms/v1/${PLAN}/batches`);
      expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req!.headers['content-type']).toBe('application/json');
      expect(req!.body).toBe('{"from":"12017777777","to":["12015555555"],"body":"Thanks, got it","delivery_report":"per_recipient"}');
      expect(batch.id).toBe('01FC66621XXXXX119Z8PMV1QPQ');
      expect(batch.created_at).toEqual(new Date('2024-06-06T14:16:55.101Z'));
      expect(batch.to).toEqual(['12015555555']);
      expect(rawPayload(batch)?.canceled).toBe(false);
    });

    it('sends the options Sinch has, under its names, and nothing else', async () => {
      const { server, client } = await setup([json(201, created({ client_reference: 'order-42' }))]);
      const batch = await client.sendText({
        from: 'Acme',
        to: ['+46700000001', '+46700000002'],
        body: 'Your order shipped 📦',
        deliveryReport: 'full',
        callbackUrl: 'https://example.com/sinch/callbacks',
        clientReference: 'order-42',
      });
      expect(JSON.parse(server.requests[0]!.body)).toEqual({
        from: 'Acme',
        to: ['+46700000001', '+46700000002'],
        body: 'Your order shipped 📦',
        delivery_report: 'full',
        callback_url: 'https://example.com/sinch/callbacks',
        client_reference: 'order-42',
      });
      expect(batch.client_reference).toBe('order-42');
    });

    it('refuses invalid parameters before any request', async () => {
      const { server, client } = await setup([json(201, created())]);
      const cases: [unknown, string][] = [
        [{ from: '', to: '1', body: 'x' }, 'from'],
        [{ from: '1', to: [], body: 'x' }, 'to'],
        [{ from: '1', to: ['2', 3], body: 'x' }, 'to[1]'],
        [{ from: '1', to: '2', body: '' }, 'body'],
        [{ from: '1', to: '2', body: 'x'.repeat(2001) }, 'body'],
        [{ from: '1', to: '2', body: 'x', deliveryReport: 'always' }, 'deliveryReport'],
        [{ from: '1', to: '2', body: 'x', callbackUrl: 'ftp://example.com' }, 'callbackUrl'],
        [{ from: '1', to: '2', body: 'x', clientReference: 'r'.repeat(2049) }, 'clientReference'],
        [{ from: '1\n', to: '2', body: 'x' }, 'from'],
      ];
      for (const [params, param] of cases) {
        const error = await rejection(client.sendText(params as never));
        expect(error, param).toBeInstanceOf(InvalidParamsError);
        expect((error as InvalidParamsError).param).toBe(param);
      }
      expect(((await rejection(client.reply({ from: 1, to: '2' } as never, 'x'))) as InvalidParamsError).param).toBe('inbound.from');
      expect(server.requests).toHaveLength(0);
    });
  });

  describe('never sent twice because of a retry', () => {
    it('retries a 429 that says when to come back', async () => {
      const { server, client } = await setup([json(429, { code: 'too_many_requests', text: 'slow down' }, { 'retry-after': '0' }), json(201, created())]);
      expect((await client.reply(inbound, 'Thanks, got it')).id).toBe('01FC66621XXXXX119Z8PMV1QPQ');
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    });

    it('retries a 503 that says when to come back', async () => {
      const { server, client } = await setup([json(503, { code: 'service_unavailable', text: 'later' }, { 'retry-after': '0' }), json(201, created())]);
      await client.reply(inbound, 'Thanks, got it');
      expect(server.requests).toHaveLength(2);
    });

    it.each([
      ['a 429 without Retry-After', 429, {}],
      ['a 503 without Retry-After', 503, {}],
      ['a 500', 500, { 'retry-after': '0' }],
      ['a 502', 502, { 'retry-after': '0' }],
      ['a 504', 504, { 'retry-after': '0' }],
    ])('does not retry %s: exactly one request, a SinchApiError', async (_, status, headers) => {
      const { server, client } = await setup([json(status, { code: 'x', text: 'y' }, headers), json(201, created())]);
      const error = await rejection(client.reply(inbound, 'Thanks, got it'));
      expect(error).toBeInstanceOf(SinchApiError);
      expect((error as SinchApiError).status).toBe(status);
      expect(server.requests).toHaveLength(1);
    });

    it('does not retry when the server read the request and cut the connection', async () => {
      const { server, client } = await setup([reset, json(201, created())]);
      expect(await rejection(client.reply(inbound, 'Thanks, got it'))).toBeInstanceOf(SinchNetworkError);
      expect(server.requests).toHaveLength(1);
    });

    it('does not retry when the server read the request and never answered', async () => {
      const { server, client } = await setup([silence, json(201, created())], { timeoutMs: 300 });
      const error = await rejection(client.reply(inbound, 'Thanks, got it'));
      expect(error).toBeInstanceOf(SinchTimeoutError);
      expect(server.requests).toHaveLength(1);
    });

    it('retries a connection refused (nothing was sent), up to maxRetries', async () => {
      const logger = recordingLogger();
      const port = await closedPort();
      const client = new InboundsClient({
        servicePlanId: PLAN,
        apiToken: TOKEN,
        baseUrl: `http://127.0.0.1:${port}`,
        logger,
        maxRetries: 2,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        ...(fetchFn === undefined ? {} : { fetch: fetchFn }),
      });
      expect(await rejection(client.reply(inbound, 'Thanks, got it'))).toBeInstanceOf(SinchNetworkError);
      expect(logger.entries.filter((e) => e.message.includes('retrying'))).toHaveLength(2);
    });

    it('still retries idempotent reads the old way', async () => {
      const { server, client } = await setup([reset, json(200, { type: 'delivery_report_sms', batch_id: 'B1', total_message_count: 1, statuses: [] })]);
      await client.getDeliveryReport('B1');
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('errors', () => {
    it('types a refusal with Sinch code and text, and redacts an echoed token', async () => {
      const { client } = await setup([json(400, { code: 'syntax_constraint_violation', text: `to is required (Bearer ${TOKEN})` })]);
      const error = (await rejection(client.reply(inbound, 'Thanks, got it'))) as SinchApiError;
      expect(error).toBeInstanceOf(SinchApiError);
      expect(error.status).toBe(400);
      expect(error.code).toBe('syntax_constraint_violation');
      expect(error.message).toContain('POST /xms/v1/plan-0001/batches');
      expect(errorText(error)).not.toContain(TOKEN);
    });

    it('says a batch was sent when Sinch accepted it but its answer has no id', async () => {
      const { server, client } = await setup([json(201, { to: ['1'] }), json(201, created())]);
      const error = (await rejection(client.reply(inbound, 'Thanks, got it'))) as SentButUnreadableError;
      expect(error).toBeInstanceOf(SentButUnreadableError);
      expect(error.status).toBe(201);
      expect(error.message).toMatch(/was sent, do not send it again/);
      expect(server.requests).toHaveLength(1);
    });

    it('keeps an answer field of an unexpected shape out of the batch rather than failing a sent message', async () => {
      const { client } = await setup([json(201, created({ created_at: 'yesterday', canceled: 'no', to: ['1', 2] }))]);
      const batch = await client.reply(inbound, 'Thanks, got it');
      expect(batch.created_at).toBeUndefined();
      expect(batch.canceled).toBeUndefined();
      expect(batch.to).toEqual(['1']);
      expect(rawPayload(batch)?.created_at).toBe('yesterday');
    });
  });

  describe('getDeliveryReport', () => {
    it('reads a batch report back, the id encoded into the path', async () => {
      const report = {
        type: 'delivery_report_sms',
        batch_id: 'B/1',
        total_message_count: 2,
        statuses: [
          { code: 0, status: 'Delivered', count: 1, recipients: ['12015555555'] },
          { code: 402, status: 'Aborted', count: 1, recipients: ['12015555556'] },
        ],
        client_reference: 'order-42',
      };
      const { server, client } = await setup([json(200, report)]);
      const got = await client.getDeliveryReport('B/1', { type: 'full' });
      expect(server.requests[0]!.method).toBe('GET');
      expect(server.requests[0]!.url).toBe(`/xms/v1/${PLAN}/batches/B%2F1/delivery_report?type=full`);
      expect(got).toEqual(report);
    });

    it('types an unknown batch as a 404 SinchApiError', async () => {
      const { client } = await setup([json(404, { code: 'not_found', text: 'Batch not found' })]);
      const error = (await rejection(client.getDeliveryReport('nope'))) as SinchApiError;
      expect(error.status).toBe(404);
      expect(error.code).toBe('not_found');
    });

    it('refuses a dot segment or an unknown type before any request', async () => {
      const { server, client } = await setup([json(200, {})]);
      expect(((await rejection(client.getDeliveryReport('..'))) as InvalidParamsError).param).toBe('batchId');
      expect(((await rejection(client.getDeliveryReport('B1', { type: 'per_recipient' as never }))) as InvalidParamsError).param).toBe('type');
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe('OAuth2 project credentials', () => {
  it('sends under the project id, and resends once after an expired-token 401 (refused unread)', async () => {
    let tokens = 0;
    server = await startMiniSinch((req, res) => {
      if (req.url === '/oauth2/token') {
        tokens++;
        json(200, { access_token: `access-${tokens}-xxxxxxxx`, expires_in: 3600, token_type: 'bearer', scope: '' })(req, res);
      } else if (req.headers.authorization === 'Bearer access-1-xxxxxxxx') {
        json(401, { code: 'unauthorized', text: 'expired' }, { 'www-authenticate': 'Bearer error="invalid_token", error_description="token expired"' })(req, res);
      } else {
        json(201, created())(req, res);
      }
    });
    const client = new InboundsClient({
      projectId: 'project-1',
      keyId: 'key-id-123456',
      keySecret: 'key-secret-123456',
      region: 'eu',
      baseUrl: server.url,
      authUrl: `${server.url}/oauth2/token`,
      logger: silentLogger,
    });
    await client.reply(inbound, 'Thanks, got it');
    const sends = server.requests.filter((r) => r.url !== '/oauth2/token');
    expect(sends.map((r) => r.url)).toEqual(['/xms/v1/project-1/batches', '/xms/v1/project-1/batches']);
    expect(sends.map((r) => r.headers.authorization)).toEqual(['Bearer access-1-xxxxxxxx', 'Bearer access-2-xxxxxxxx']);
  });
});
