import { Injectable } from '@nestjs/common';
import { fixtures } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnSinchCallback, SinchInboundsModule, type MoText, type SinchCallback } from '../src/index.js';
import { PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { moTextJson, postCallback, SECRET } from './support/signed-request.js';

// Every status of core's contract, through real HTTP into a Nest app, on both platforms.
describe.each(PLATFORMS)('webhook status contract on %s', (platform) => {
  const received: SinchCallback[] = [];
  let failNext = false;

  @Injectable()
  class Recorder {
    @OnSinchCallback()
    onAny(callback: SinchCallback): void {
      if (failNext) {
        failNext = false;
        throw new Error('handler failed on purpose');
      }
      received.push(callback);
    }
  }

  let signed: RunningApp;
  let open: RunningApp;
  let signedUrl: string;
  let openUrl: string;

  beforeAll(async () => {
    signed = await startNestApp(platform, {
      imports: [
        SinchInboundsModule.forRoot({
          webhook: { path: 'hooks/sinch', secret: SECRET, maxBodyBytes: 4096 },
          logger: recordingLogger(),
        }),
      ],
      providers: [Recorder],
    });
    signedUrl = `${signed.url}/hooks/sinch`;
    open = await startNestApp(platform, {
      imports: [SinchInboundsModule.forRoot({ webhook: { dangerouslyAllowUnauthenticated: true }, logger: recordingLogger() })],
    });
    openUrl = `${open.url}/sinch/callbacks`;
  });

  afterAll(async () => {
    await signed?.close();
    await open?.close();
  });

  it('200 for a signed inbound, handed to the handler parsed', async () => {
    const body = moTextJson({ body: 'Hello John! 👋' });
    const res = await postCallback(signedUrl, body, { secret: SECRET });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted' });
    const msg = received.at(-1) as MoText;
    expect(msg.type).toBe('mo_text');
    expect(msg.id).toBe(JSON.parse(body).id);
    expect(msg.body).toBe('Hello John! 👋');
    expect(msg.received_at).toEqual(new Date('2024-06-06T14:16:54.777Z'));
  });

  it('200 without handling again for a redelivered duplicate', async () => {
    const body = moTextJson();
    expect((await postCallback(signedUrl, body, { secret: SECRET })).status).toBe(200);
    const count = received.length;
    const again = await postCallback(signedUrl, body, { secret: SECRET });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(received.length).toBe(count);
  });

  it('200 for a callback type the library does not know', async () => {
    const body = JSON.stringify(fixtures.unknownCallback);
    const res = await postCallback(signedUrl, body, { secret: SECRET });
    expect(res.status).toBe(200);
    expect(received.at(-1)).toMatchObject({ type: fixtures.unknownCallback.type });
  });

  it('200 for delivery reports on the same URL', async () => {
    const body = JSON.stringify(fixtures.recipientDeliveryReportSms);
    const res = await postCallback(signedUrl, body, { secret: SECRET });
    expect(res.status).toBe(200);
    expect(received.at(-1)?.type).toBe('recipient_delivery_report_sms');
  });

  it('401 for a missing, a wrong and a stale signature; a replayed one is a duplicate, never handled twice', async () => {
    expect((await postCallback(signedUrl, moTextJson())).status).toBe(401);
    expect((await postCallback(signedUrl, moTextJson(), { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 3600;
    expect((await postCallback(signedUrl, moTextJson(), { secret: SECRET, timestamp: stale })).status).toBe(401);
    // The very same signed request twice.
    const once = { secret: SECRET, nonce: '01JHFFHWYY7HSS4FWTMDTQEK8V', timestamp: Math.floor(Date.now() / 1000) };
    const body = moTextJson();
    expect((await postCallback(signedUrl, body, once)).status).toBe(200);
    const handledBefore = received.length;
    const replay = await postCallback(signedUrl, body, once);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ status: 'duplicate' });
    expect(received).toHaveLength(handledBefore);
  });

  it('405 with Allow: POST for another method', async () => {
    const res = await fetch(signedUrl);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await fetch(signedUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
  });

  it('413 for a body over maxBodyBytes', async () => {
    const body = moTextJson({ body: 'x'.repeat(5000) });
    const res = await postCallback(signedUrl, body, { secret: SECRET });
    expect(res.status).toBe(413);
  });

  it('400 for malformed JSON on an endpoint without authentication', async () => {
    const res = await postCallback(openUrl, '{"type":"mo_text",');
    expect(res.status).toBe(400);
  });

  it('400 for JSON that is no Sinch callback on an endpoint without authentication', async () => {
    const res = await postCallback(openUrl, '{"hello":"world"}');
    expect(res.status).toBe(400);
  });

  it('500 with a generic body when a handler throws', async () => {
    failNext = true;
    const res = await postCallback(signedUrl, moTextJson(), { secret: SECRET });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal_error' });
  });

  it('500 for a signed payload that fails validation, so Sinch keeps it', async () => {
    const res = await postCallback(signedUrl, moTextJson({ received_at: 'not a date' }), { secret: SECRET });
    expect(res.status).toBe(500);
  });

  it('listens at the default path when none is configured', async () => {
    const res = await postCallback(openUrl, moTextJson());
    expect(res.status).toBe(200);
  });
});
