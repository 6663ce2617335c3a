import { startRedisServer, startSinchSimulator } from '@sinch-inbounds/testing';
import { exitsLoudly, receivesSignedSms, testsPass, type AppCheck } from './app-checks.js';
import { freePort } from './run-app.js';

/** A README app that is run, not only compiled, and what running it must show. */
export interface RunnableApp {
  readme: string;
  /** The app's name: its section's anchor, or its blocks' `app=`. */
  app: string;
  what: string;
  check: AppCheck;
}

/** A Redis URL where nothing listens. */
const redisDown = async (): Promise<Record<string, string>> => ({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });

/** Runs `check` with `REDIS_URL` pointing at a real redis-server of its own. */
function withRedis(check: (env: Record<string, string>) => AppCheck): AppCheck {
  return async (dir) => {
    const redis = await startRedisServer();
    try {
      await check({ REDIS_URL: redis.url })(dir);
    } finally {
      await redis.close();
    }
  };
}

/** Runs `check` with the client's `SINCH_*` variables pointing at a simulator holding `seeded` messages. */
function withSimulator(seeded: number, check: (env: Record<string, string>) => AppCheck): AppCheck {
  return async (dir) => {
    const sim = await startSinchSimulator();
    sim.seed(seeded);
    try {
      await check({ SINCH_BASE_URL: sim.url, SINCH_SERVICE_PLAN_ID: sim.servicePlanId, SINCH_API_TOKEN: sim.apiToken })(dir);
    } finally {
      await sim.close();
    }
  };
}

const REDIS_DOWN_SAYS = /Cannot start: Redis at redis:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/;

/** Every README app that runs, by README. */
export const RUNNABLE_APPS: readonly RunnableApp[] = [
  {
    readme: 'README.md',
    app: 'receive-sms-with-express',
    what: 'receives a signed SMS once, answers its duplicate, refuses an unsigned one and a GET',
    check: receivesSignedSms({ entry: 'src/app.js', getIs405: true }),
  },
  {
    readme: 'README.md',
    app: 'express-commonjs',
    what: 'the CommonJS variant receives a signed SMS',
    check: receivesSignedSms({ entry: 'app.js', getIs405: true }),
  },
  {
    readme: 'README.md',
    app: 'receive-sms-with-nestjs',
    what: 'boots (bootstrap(), CommonJS) and receives a signed SMS through @OnSinchCallback',
    check: receivesSignedSms({ entry: 'src/main.js' }),
  },
  {
    readme: 'README.md',
    app: 'reconcile-express',
    what: 'receives a signed SMS and reconciles the messages the simulator holds',
    check: withSimulator(3, (env) => receivesSignedSms({ entry: 'src/app.js', env: () => env, prints: /reconciled: 3 handled, 0 duplicates/ })),
  },
  {
    readme: 'README.md',
    app: 'several-instances-shared-stores-on-redis',
    what: 'with Redis down at start-up, exits non-zero within 5 s saying so',
    check: exitsLoudly({ entry: 'src/app.js', env: redisDown, withinMs: 5_000, says: REDIS_DOWN_SAYS }),
  },
  {
    readme: 'README.md',
    app: 'several-instances-shared-stores-on-redis',
    what: 'with Redis up, receives a signed SMS once and answers its duplicate',
    check: withRedis((env) => receivesSignedSms({ entry: 'src/app.js', env: () => env })),
  },
  {
    readme: 'packages/redis/README.md',
    app: 'express',
    what: 'with Redis down at start-up, exits non-zero within 5 s saying so',
    check: exitsLoudly({ entry: 'src/app.js', env: redisDown, withinMs: 5_000, says: REDIS_DOWN_SAYS }),
  },
  {
    readme: 'packages/redis/README.md',
    app: 'express',
    what: 'with Redis up, receives a signed SMS once and answers its duplicate',
    check: withRedis((env) => receivesSignedSms({ entry: 'src/app.js', env: () => env })),
  },
  {
    readme: 'packages/core/README.md',
    app: 'receive-callbacks-the-webhook-receiver',
    what: 'node:http with createNodeHandler receives a signed SMS once, refuses an unsigned one and a GET',
    check: receivesSignedSms({ entry: 'src/server.js', getIs405: true }),
  },
  {
    readme: 'packages/testing/README.md',
    app: 'in-a-test',
    what: 'the simulator round trip test passes',
    check: testsPass(['test/simulator.test.ts']),
  },
  {
    readme: 'packages/testing/README.md',
    app: 'testing-your-handlers',
    what: 'the supertest and receiver.handle tests pass',
    check: testsPass(['test/express.test.ts', 'test/receiver.test.ts']),
  },
];
