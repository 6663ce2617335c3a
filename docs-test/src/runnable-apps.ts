import { startRedisServer, startSinchSimulator } from '@sinch-inbounds/testing';
import { exitsLoudly, receivesSignedSms, testsPass, webAndWorkerReceiveSignedSms, type AppCheck } from './app-checks.js';
import { freePort } from './run-app.js';
import type { SnippetApp } from './snippet-apps.js';

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

/** README apps that need more than `run=` can say (a simulator, Redis down or up), by README. */
export const RUNNABLE_APPS: readonly RunnableApp[] = [
  {
    readme: 'README.md',
    app: 'reconcile-express',
    what: 'receives a signed SMS and reconciles the messages the simulator holds',
    check: withSimulator(3, (env) => receivesSignedSms({ entry: 'src/app.js', env: () => env, prints: /reconciled: 3 handled, 0 duplicates/ })),
  },
  {
    readme: 'packages/core/README.md',
    app: 'reply-to-an-sms',
    what: 'receives a signed SMS and replies to it through the simulator',
    check: withSimulator(0, (env) => receivesSignedSms({ entry: 'src/reply.js', env: () => env, prints: /replied to \S+ with batch \S+/ })),
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
    readme: 'packages/bullmq/README.md',
    app: 'one-process',
    what: 'with Redis up, answers a signed SMS once it is queued, its worker prints it once, and its duplicate is answered as one',
    check: withRedis((env) => receivesSignedSms({ entry: 'src/app.js', env: () => env })),
  },
  {
    readme: 'packages/bullmq/README.md',
    app: 'web-and-worker',
    what: 'with Redis up, the web process queues a signed SMS, the worker process prints it once, the duplicate is answered as one, and both exit on SIGTERM',
    check: withRedis((env) => webAndWorkerReceiveSignedSms({ web: 'src/web.js', worker: 'src/worker.js', workerReadsSecret: true, env: () => env })),
  },
  {
    readme: 'packages/bullmq/README.md',
    app: 'nestjs',
    what: 'with Redis up, the Nest web app queues a signed SMS, the processOnly worker app prints it once, the duplicate is answered as one, and both exit on SIGTERM',
    check: withRedis((env) => webAndWorkerReceiveSignedSms({ web: 'src/web.js', worker: 'src/worker.js', getIs405: true, env: () => env })),
  },
  {
    readme: 'packages/nestjs/README.md',
    app: 'nest-queue',
    what: 'with Redis up, the web app queues a signed SMS, the processOnly worker app prints it once, the duplicate is answered as one, and both exit on SIGTERM',
    check: withRedis((env) => webAndWorkerReceiveSignedSms({ web: 'src/web.js', worker: 'src/worker.js', getIs405: true, env: () => env })),
  },
  {
    readme: 'apps/nestjs-demo/README.md',
    app: 'how-it-is-built',
    what: 'the Nest part (ES modules) boots and receives a signed SMS through @OnSinchCallback',
    check: receivesSignedSms({ entry: 'src/main.js', getIs405: true, env: () => ({ SINCH_SERVICE_PLAN_ID: 'plan', SINCH_API_TOKEN: 'token' }) }),
  },
];

/**
 * What the READMEs declare runnable themselves: each `run=webhook` file is started and
 * must receive a signed SMS (and answer a GET with 405); an app's `run=vitest` files
 * must pass under vitest.
 */
export function declaredRunnableApps(apps: readonly SnippetApp[]): RunnableApp[] {
  return apps.flatMap((app) => {
    const runs = (kind: string) => app.files.filter((f) => f.block.attrs['run'] === kind).map((f) => f.path);
    const tests = runs('vitest');
    return [
      ...runs('webhook').map((entry) => ({
        readme: app.readme,
        app: app.name,
        what: `${entry} (run=webhook) receives a signed SMS once, answers its duplicate, refuses an unsigned one and a GET`,
        check: receivesSignedSms({ entry: entry.replace(/\.(m|c)?ts$/, '.$1js'), getIs405: true }),
      })),
      ...(tests.length === 0 ? [] : [{ readme: app.readme, app: app.name, what: `${tests.join(', ')} (run=vitest) pass`, check: testsPass(tests) }]),
    ];
  });
}
