import { Injectable, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { redisDedupeStore, redisReplayGuard, type RedisClient } from '@sinch-inbounds/redis';
import { signWebhook } from '@sinch-inbounds/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { OnSinchCallback, SinchInboundsModule, type MoText } from '../src/index.js';
import { PLATFORMS, recordingLogger, startNestApp, type RunningApp } from './support/nest-app.js';
import { moTextJson, SECRET } from './support/signed-request.js';

const REDIS = Symbol('REDIS');

let redis: TestRedisServer;
const clients: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await redis?.close();
});

/** A module that provides the app's own Redis client, as an app would. */
function redisModule(kind: 'node-redis' | 'ioredis') {
  @Module({
    providers: [
      {
        provide: REDIS,
        useFactory: async (): Promise<RedisClient> => {
          if (kind === 'ioredis') {
            const client = new Redis(redis.url);
            clients.push({ close: async () => client.disconnect() });
            return client;
          }
          const client = createClient({ url: redis.url });
          client.on('error', () => {});
          clients.push({ close: async () => client.destroy() });
          return client.connect();
        },
      },
    ],
    exports: [REDIS],
  })
  class RedisModule {}
  return RedisModule;
}

/** One app instance whose handler records into `handled`. */
async function instance(platform: (typeof PLATFORMS)[number], kind: 'node-redis' | 'ioredis', handled: string[], prefix: string): Promise<RunningApp> {
  @Injectable()
  class Texts {
    @OnSinchCallback('mo_text')
    on(msg: MoText): void {
      handled.push(msg.id);
    }
  }
  return startNestApp(platform, {
    imports: [
      SinchInboundsModule.forRootAsync({
        imports: [redisModule(kind)],
        inject: [REDIS],
        useFactory: (client: RedisClient) => ({
          webhook: { secret: SECRET, dedupe: redisDedupeStore(client, { prefix }), replayGuard: redisReplayGuard(client, { prefix }) },
          logger: recordingLogger(),
        }),
      }),
    ],
    providers: [Texts],
  });
}

describe.each(PLATFORMS)('forRootAsync with Redis stores from an injected client, on %s', (platform) => {
  it('two app instances (node-redis and ioredis) share dedupe and replay memory through one Redis', async () => {
    const handled: string[] = [];
    const prefix = `nest-${platform}:`;
    const a = await instance(platform, 'node-redis', handled, prefix);
    const b = await instance(platform, 'ioredis', handled, prefix);
    try {
      const post = (app: RunningApp, body: string, headers = signWebhook({ secret: SECRET, body })) =>
        fetch(`${app.url}/sinch/callbacks`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const body = moTextJson();
      const id = (JSON.parse(body) as { id: string }).id;
      // The same message delivered to both instances at once: handled once.
      const [first, second] = await Promise.all([post(a, body), post(b, body)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(handled).toEqual([id]);
      // A request captured on its way to one instance, replayed to the other: its nonce is
      // known there, and its message is a duplicate, not handled again.
      const other = moTextJson();
      const signed = signWebhook({ secret: SECRET, body: other });
      expect((await post(a, other, signed)).status).toBe(200);
      expect(await (await post(b, other, signed)).json()).toEqual({ status: 'duplicate' });
      expect(handled).toHaveLength(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
