import { createServer } from 'node:net';
import { startRedisServer, type TestRedisServer } from '@sinch-inbounds/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorCli } from './simulator-cli.js';
import { runDemo, type DemoApp } from './start-demo.js';

/**
 * `REDIS_URL` set: the demo says so in its header line, keeps dedupe and replay memory
 * in that Redis and runs each callback through a BullMQ job there (a real
 * `redis-server` the suite starts); an unreachable one is refused at start with a
 * message naming it. Call it at the top level of a test file.
 */
export function describeRedisSuite(app: DemoApp): void {
  describe(`the ${app.framework} demo with REDIS_URL`, () => {
    let redis: TestRedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.close();
    });

    it('says so in its header line and remembers the seeded messages in Redis', async () => {
      const { code, output } = await runDemo(app, { DEMO_ONESHOT: '1', PORT: '0', REDIS_URL: redis.url });
      expect(output).toContain(`simulator mode (dedupe and replay memory in Redis at ${redis.url})`);
      expect(output).toContain('oneshot: received all 3 seeded messages; exiting');
      expect(code).toBe(0);
      const client = createClient({ url: redis.url });
      await client.connect();
      try {
        const keys = await client.keys('sinch-inbounds:dedupe:mo:*');
        expect(keys).toHaveLength(3);
        for (const key of keys) expect(await client.get(key)).toBe('done');
        // Queued: each went through a BullMQ job, completed before the oneshot run exited.
        expect(await client.zCard('bull:sinch-callbacks:completed')).toBe(3);
      } finally {
        client.destroy();
      }
    });

    it('in Sinch mode, DEMO_ONESHOT=1 backfills through the queue and exits once the worker has handled what it queued', async () => {
      const sim = await startSimulatorCli(['--seed-count', '3']);
      try {
        const { code, output } = await runDemo(app, {
          ...{ SINCH_SERVICE_PLAN_ID: sim.servicePlanId, SINCH_API_TOKEN: sim.apiToken, SINCH_REGION: 'us', SINCH_WEBHOOK_SECRET: 'queued-oneshot' },
          ...{ SINCH_BASE_URL: sim.baseUrl, DEMO_ONESHOT: '1', PORT: '0', REDIS_URL: redis.url },
        });
        expect(output).toContain('oneshot (sinch mode): Backfill: 3 new (queued for the worker), 0 already handled');
        expect(output.match(/reconciled mo_/g)).toHaveLength(3);
        expect(code).toBe(0);
      } finally {
        await sim.stop();
      }
    });

    it('refuses to start when Redis cannot be reached, naming the URL', async () => {
      const port = await closedPort();
      const { code, output } = await runDemo(app, { DEMO_ONESHOT: '1', PORT: '0', REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(output).toContain(`REDIS_URL: could not connect to redis://127.0.0.1:${port}`);
      expect(code).toBe(1);
    });
  });
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
