import { BullModule, getQueueToken, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Module, type INestApplicationContext, type OnApplicationBootstrap, type OnModuleDestroy, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bullmqQueue, runSinchJob, runSinchWorker, type BullmqQueueOptions, type EvictionPolicyCheck } from '@sinch-inbounds/bullmq';
import type { DedupeStore, ProcessOutcome, QueuedCallback } from '@sinch-inbounds/core';
import { redisDedupeStore } from '@sinch-inbounds/redis';
import type { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SinchInboundsModule, SinchInboundsService, silentLogger } from '../../src/index.js';
import { startNestApp, type RunningApp } from './nest-app.js';
import { SECRET } from './signed-request.js';

/** What the README's processor is: an `@nestjs/bullmq` host whose worker runs Sinch jobs. */
export interface SinchJobsHost {
  readonly worker: Worker<QueuedCallback, ProcessOutcome['type']>;
}

/**
 * The worker side as the README writes it: an `@nestjs/bullmq` processor that runs each
 * job through the module's receiver, readies its worker (logs, eviction check) before it
 * takes any job, and finishes its running jobs before the module's handlers go away.
 */
export function sinchJobsProcessor(queueName: string, options: { concurrency?: number; evictionPolicy?: EvictionPolicyCheck } = {}): Type<SinchJobsHost> {
  @Processor(queueName, { autorun: false, concurrency: options.concurrency ?? 10 })
  class SinchJobs extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
    constructor(@Inject(SinchInboundsService) private readonly sinch: SinchInboundsService) {
      super();
    }

    process(job: Job<QueuedCallback>): Promise<ProcessOutcome['type']> {
      return runSinchJob(this.sinch.receiver, job);
    }

    onApplicationBootstrap(): Promise<void> {
      return runSinchWorker(this.worker, { evictionPolicy: options.evictionPolicy, logger: silentLogger });
    }

    onModuleDestroy(): Promise<void> {
      return this.worker.close();
    }
  }
  return SinchJobs as unknown as Type<SinchJobsHost>;
}

/** BullMQ's connection to the test Redis; the web side fails at once while Redis is away, as the README advises. */
function connectionOf(redisUrl: string, web: boolean): { host: string; port: number; enableOfflineQueue?: boolean } {
  const { hostname, port } = new URL(redisUrl);
  return { host: hostname, port: Number(port), ...(web ? { enableOfflineQueue: false } : {}) };
}

/** Redis clients the apps' dedupe stores use; the test disconnects them. */
export class RedisClients {
  private readonly clients: Redis[] = [];

  dedupe(redisUrl: string): DedupeStore {
    const client = new Redis(redisUrl);
    client.on('error', () => {});
    this.clients.push(client);
    return redisDedupeStore(client);
  }

  closeAll(): void {
    for (const client of this.clients.splice(0)) client.disconnect();
  }
}

/** What a web app is made of. */
export interface WebAppSpec {
  redisUrl: string;
  queueName: string;
  /** The web side's dedupe store; default core's in-memory one. */
  dedupe?: DedupeStore;
  queue?: BullmqQueueOptions;
  /** Further providers: handlers, a processor (the same-app variant). */
  providers?: Provider[];
}

/** The web side: an HTTP app whose webhook enqueues through `@nestjs/bullmq`'s queue, as the README wires it. */
export async function startWebApp(spec: WebAppSpec): Promise<RunningApp & { queue: Queue }> {
  const running = await startNestApp('express', {
    imports: [
      BullModule.forRoot({ connection: connectionOf(spec.redisUrl, true) }),
      SinchInboundsModule.forRootAsync({
        imports: [BullModule.registerQueue({ name: spec.queueName })],
        inject: [getQueueToken(spec.queueName)],
        useFactory: (queue: Queue) => ({
          webhook: { secret: SECRET, dedupe: spec.dedupe, queue: bullmqQueue(queue, spec.queue) },
          logger: silentLogger,
        }),
      }),
    ],
    providers: spec.providers,
  });
  return { ...running, queue: running.app.get<Queue>(getQueueToken(spec.queueName)) };
}

/** The worker side: an application context with no HTTP, `processOnly`, and no webhook secret. */
export async function startWorkerApp(spec: { redisUrl: string; queueName: string; dedupe: DedupeStore; providers: Provider[] }): Promise<INestApplicationContext> {
  @Module({
    imports: [
      BullModule.forRoot({ connection: connectionOf(spec.redisUrl, false) }),
      // A processor needs its queue registered: that also brings in the module that starts workers.
      BullModule.registerQueue({ name: spec.queueName }),
      // forRootAsync, as the README's worker: processOnly is an extra, read before the factory runs.
      SinchInboundsModule.forRootAsync({ processOnly: true, useFactory: () => ({ webhook: { dedupe: spec.dedupe }, logger: silentLogger }) }),
    ],
    providers: spec.providers,
  })
  class WorkerModule {}
  return NestFactory.createApplicationContext(WorkerModule, { logger: false });
}

/** Resolves with the next `count` jobs `worker` completes. */
export function completions(worker: Worker, count: number): Promise<Job[]> {
  return new Promise((resolve) => {
    const jobs: Job[] = [];
    const onCompleted = (job: Job): void => {
      jobs.push(job);
      if (jobs.length < count) return;
      worker.off('completed', onCompleted);
      resolve(jobs);
    };
    worker.on('completed', onCompleted);
  });
}

/** A promise and the function that resolves it: a handler waits on it until the test lets it go. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
