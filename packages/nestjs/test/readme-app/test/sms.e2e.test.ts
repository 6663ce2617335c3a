import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { fixtures, signedCallback, type SignedCallback } from '@sinch-inbounds/testing';
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

  const send = (signed: SignedCallback): Promise<Response> => fetch(url, signed);

  it('saves a signed text once, even when Sinch delivers it again', async () => {
    const signed = signedCallback(fixtures.moText, { secret: SECRET });
    expect((await send(signed)).status).toBe(200);
    expect((await send(signed.duplicate())).status).toBe(200); // Sinch's redelivery: new signature, same message
    const saved = await app.get(InboxRepository).all();
    expect(saved.map((entry) => entry.text)).toEqual([fixtures.moText.body]);
  });

  it('refuses a callback signed with another secret', async () => {
    expect((await send(signedCallback(fixtures.moText, { secret: 'not-the-secret' }))).status).toBe(401);
  });
});
