import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { signWebhook } from '@sinch-inbounds/nestjs';
import { fixtures } from '@sinch-inbounds/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { InboxRepository } from '../src/inbox.repository';

const SECRET = 'test-secret';

describe('the Sinch webhook', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    process.env.SINCH_WEBHOOK_SECRET = SECRET; // read by forRootAsync when the module is built
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ rawBody: true });
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/sinch/callbacks`;
  });

  afterAll(async () => {
    await app.close();
  });

  /** POSTs `body` as Sinch does, signed with `secret`. */
  function post(body: string, secret = SECRET): Promise<Response> {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook({ secret, body }) },
      body,
    });
  }

  it('saves a signed text once, even when Sinch delivers it again', async () => {
    const body = JSON.stringify(fixtures.moText);
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200); // a redelivery: new signature, same message
    const saved = await app.get(InboxRepository).all();
    expect(saved.map((entry) => entry.text)).toEqual([fixtures.moText.body]);
  });

  it('refuses a callback signed with another secret', async () => {
    expect((await post(JSON.stringify(fixtures.moText), 'not-the-secret')).status).toBe(401);
  });
});
